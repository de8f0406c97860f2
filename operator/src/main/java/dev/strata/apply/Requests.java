package dev.strata.apply;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sends the requests applying and pruning need, through fabric8's DSL: server-side apply (dry-run
 * or not, strict field validation, conflicts forced), get, list and delete.
 */
final class Requests {

  private final KubernetesClient client;
  private final String fieldManager;

  Requests(KubernetesClient client, String fieldManager) {
    this.client = client;
    this.fieldManager = fieldManager;
  }

  /** What the object would become if applied: {@code dryRun=All}, nothing is stored. */
  GenericKubernetesResource dryRun(PreparedObject object) {
    return resource(object)
        .dryRun()
        .fieldValidation(FieldValidateable.Validation.STRICT)
        .fieldManager(fieldManager)
        .forceConflicts()
        .serverSideApply();
  }

  GenericKubernetesResource apply(PreparedObject object) {
    return resource(object)
        .fieldValidation(FieldValidateable.Validation.STRICT)
        .fieldManager(fieldManager)
        .forceConflicts()
        .serverSideApply();
  }

  Optional<GenericKubernetesResource> get(
      ResourceDefinitionContext context, String namespace, String name) {
    return Optional.ofNullable(in(context, namespace).withName(name).get());
  }

  /** The objects of a kind in a namespace (all of them when cluster-scoped) with the labels. */
  List<GenericKubernetesResource> list(
      ResourceDefinitionContext context, String namespace, Map<String, String> labels) {
    var scoped = in(context, namespace);
    GenericKubernetesResourceList list =
        labels.isEmpty() ? scoped.list() : scoped.withLabels(labels).list();
    return list.getItems();
  }

  /** Deletes in the background (dependents are collected after); false when already gone. */
  boolean delete(ResourceDefinitionContext context, String namespace, String name) {
    List<StatusDetails> deleted =
        in(context, namespace)
            .withName(name)
            .withPropagationPolicy(DeletionPropagation.BACKGROUND)
            .delete();
    return !deleted.isEmpty();
  }

  private Resource<GenericKubernetesResource> resource(PreparedObject object) {
    return in(object.context(), object.ref().namespace()).resource(object.body());
  }

  private NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      in(ResourceDefinitionContext context, String namespace) {
    MixedOperation<
            GenericKubernetesResource,
            GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>>
        resources = client.genericKubernetesResources(context);
    return context.isNamespaceScoped() ? resources.inNamespace(namespace) : resources;
  }

  /** The API server's own message when there is one; fabric8's wraps it in the request's URL. */
  static String message(RuntimeException error) {
    if (error instanceof KubernetesClientException k
        && k.getStatus() != null
        && k.getStatus().getMessage() != null
        && !k.getStatus().getMessage().isBlank()) {
      return k.getStatus().getMessage();
    }
    return error.getMessage() == null ? error.toString() : error.getMessage();
  }

  static boolean isNotFound(RuntimeException error) {
    return error instanceof KubernetesClientException k && k.getCode() == 404;
  }
}
