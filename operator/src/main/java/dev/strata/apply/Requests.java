package dev.strata.apply;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.RequestConfig;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.dsl.FieldValidateable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Sends the requests applying and pruning need, through fabric8's DSL: server-side apply (dry-run
 * or not, strict field validation, conflicts forced), get, list and delete.
 *
 * <p>fabric8's own retries are off on these requests: it sends again on any 5xx, including the 500
 * the API server gives a field a built-in kind does not have, which cannot succeed. {@link Retries}
 * sends again only what may succeed, and not past the deadline.
 */
final class Requests {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final KubernetesClient client;
  private final String fieldManager;
  private final Retries retries;

  Requests(KubernetesClient client, String fieldManager) {
    this(client, fieldManager, Retries.DEFAULT);
  }

  Requests(KubernetesClient client, String fieldManager, Retries retries) {
    this.client = withoutRetries(client);
    this.fieldManager = fieldManager;
    this.retries = retries;
  }

  /** A client sharing {@code client}'s connections and identity, on which fabric8 never retries. */
  static KubernetesClient withoutRetries(KubernetesClient client) {
    RequestConfig config =
        new RequestConfigBuilder(requestConfig(client)).withRequestRetryBackoffLimit(0).build();
    return client.newClient(config).adapt(KubernetesClient.class);
  }

  /**
   * The request settings {@code client} sends with, including those of a client derived with {@code
   * newClient(RequestConfig)} (impersonation, retries), which {@code getConfiguration()} does not
   * show.
   */
  static RequestConfig requestConfig(KubernetesClient client) {
    if (client.getHttpClient() instanceof Interceptor.RequestTags tags
        && tags.getTag(RequestConfig.class) != null) {
      return tags.getTag(RequestConfig.class);
    }
    return client.getConfiguration().getRequestConfig();
  }

  /** What the object would become if applied: {@code dryRun=All}, nothing is stored. */
  GenericKubernetesResource dryRun(PreparedObject object, Deadline deadline) {
    return retries.call(
        deadline,
        () ->
            resource(object)
                .dryRun()
                .fieldValidation(FieldValidateable.Validation.STRICT)
                .fieldManager(fieldManager)
                .forceConflicts()
                .serverSideApply());
  }

  GenericKubernetesResource apply(PreparedObject object, Deadline deadline) {
    return retries.call(
        deadline,
        () ->
            resource(object)
                .fieldValidation(FieldValidateable.Validation.STRICT)
                .fieldManager(fieldManager)
                .forceConflicts()
                .serverSideApply());
  }

  Optional<GenericKubernetesResource> get(
      ResourceDefinitionContext context, String namespace, String name, Deadline deadline) {
    return retries.call(
        deadline, () -> Optional.ofNullable(in(context, namespace).withName(name).get()));
  }

  /** The objects of a kind in a namespace (all of them when cluster-scoped) with the labels. */
  List<GenericKubernetesResource> list(
      ResourceDefinitionContext context,
      String namespace,
      Map<String, String> labels,
      Deadline deadline) {
    var scoped = in(context, namespace);
    GenericKubernetesResourceList list =
        retries.call(
            deadline, () -> labels.isEmpty() ? scoped.list() : scoped.withLabels(labels).list());
    return list.getItems();
  }

  /** Deletes in the background (dependents are collected after); false when already gone. */
  boolean delete(
      ResourceDefinitionContext context, String namespace, String name, Deadline deadline) {
    return delete(context, namespace, name, DeletionPropagation.BACKGROUND, deadline);
  }

  /** Deletes with the given propagation; false when already gone. */
  boolean delete(
      ResourceDefinitionContext context,
      String namespace,
      String name,
      DeletionPropagation propagation,
      Deadline deadline) {
    List<StatusDetails> deleted =
        retries.call(
            deadline,
            () ->
                in(context, namespace).withName(name).withPropagationPolicy(propagation).delete());
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

  /**
   * What to say about {@code object}'s failed request: the answer's status code, reason and message
   * ({@link ApiErrors#describe}), and for a body the server refuses for its size, how large the
   * object is.
   */
  static String message(PreparedObject object, RuntimeException error) {
    String message = ApiErrors.describe(error);
    if (ApiErrors.code(error) == 413) {
      message += " (this object is " + size(object) + ")";
    }
    return message;
  }

  private static String size(PreparedObject object) {
    long bytes = SERIALIZATION.asJson(object.body()).getBytes(StandardCharsets.UTF_8).length;
    return bytes >= 1024 * 1024
        ? String.format(Locale.ROOT, "%.1f MiB as JSON", bytes / (1024.0 * 1024))
        : bytes + " bytes as JSON";
  }
}
