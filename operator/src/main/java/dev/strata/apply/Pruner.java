package dev.strata.apply;

import dev.strata.health.ApiResources;
import dev.strata.health.ObjectRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Deletes the objects a layer applied before that it no longer renders, as Flux's prune does.
 *
 * <p>Only objects of the previous inventory are candidates. An object is kept, and reported as
 * skipped with the reason, when another layer now applies it, when it carries {@code
 * strata.dev/prune: disabled} or Flux's {@code kustomize.toolkit.fluxcd.io/prune: disabled}, or
 * when it no longer carries the owner labels (someone else has taken it over). Objects are deleted
 * in the reverse of apply order: everything else first, then Namespaces and
 * CustomResourceDefinitions, whose deletion takes their contents with them. Deletion propagates in
 * the background: dependents are collected afterwards.
 */
public final class Pruner {

  private final Requests requests;
  private final ApiResources apiResources;
  private final ApplyOptions options;

  public Pruner(KubernetesClient client, ApplyOptions options, ApiResources apiResources) {
    this.requests = new Requests(client, options.fieldManager());
    this.apiResources = apiResources;
    this.options = options;
  }

  public Pruner(KubernetesClient client, ApplyOptions options) {
    this(client, options, new ApiResources(client));
  }

  /**
   * Deletes what left the layer, with no deadline but each request's own timeout.
   *
   * @see #prune(Collection, Collection, Map, Deadline)
   */
  public ChangeSet prune(
      Collection<ObjectRef> previous,
      Collection<ObjectRef> current,
      Map<ObjectRef, String> otherLayers)
      throws ApplyException, InterruptedException {
    return prune(previous, current, otherLayers, Deadline.none());
  }

  /**
   * Deletes what left the layer. Requests still unanswered when {@code deadline} passes are
   * abandoned, and the prune fails naming their objects.
   *
   * @param previous the layer's inventory after its last successful apply
   * @param current the objects the layer renders now
   * @param otherLayers objects other layers now apply, with the layer's name; never deleted
   * @return a deleted or skipped change per object that left the layer, in deletion order
   * @throws ApplyException naming each object that could not be deleted and why, or that was left
   *     unanswered; {@link ApplyException#done()} holds what was deleted or skipped
   */
  public ChangeSet prune(
      Collection<ObjectRef> previous,
      Collection<ObjectRef> current,
      Map<ObjectRef, String> otherLayers,
      Deadline deadline)
      throws ApplyException, InterruptedException {
    Set<String> kept = current.stream().map(ObjectRef::identity).collect(Collectors.toSet());
    Map<String, String> layerByIdentity = new HashMap<>();
    otherLayers.forEach((object, layer) -> layerByIdentity.put(object.identity(), layer));

    List<Change> changes = new ArrayList<>();
    List<ObjectFailure> failures = new ArrayList<>();
    Map<String, ObjectRef> candidates = new LinkedHashMap<>();
    for (ObjectRef object : previous) {
      if (kept.contains(object.identity()) || candidates.containsKey(object.identity())) {
        continue;
      }
      String layer = layerByIdentity.get(object.identity());
      if (layer != null) {
        changes.add(skipped(object, "now applied by layer " + layer));
        continue;
      }
      candidates.put(object.identity(), object);
    }

    List<ObjectRef> contents = new ArrayList<>();
    List<ObjectRef> containers = new ArrayList<>();
    candidates.values().forEach(c -> (isContainer(c) ? containers : contents).add(c));
    boolean unanswered = false;
    for (List<ObjectRef> stage : List.of(contents, containers)) {
      var outcomes =
          Parallel.map(stage, options.concurrency(), deadline, o -> pruneOne(o, deadline));
      for (int i = 0; i < stage.size(); i++) {
        var outcome = outcomes.get(i);
        if (outcome.unanswered()) {
          unanswered = true;
          failures.add(failure(stage.get(i), LayerApplier.NO_ANSWER));
        } else if (outcome.failed()) {
          failures.add(failure(stage.get(i), ApiErrors.describe(outcome.error())));
        } else {
          changes.add(outcome.value());
        }
      }
    }
    ChangeSet done = new ChangeSet(changes);
    if (unanswered) {
      throw ApplyException.timedOut(ApplyException.Phase.PRUNE, deadline.timeout(), failures, done);
    }
    if (!failures.isEmpty()) {
      throw new ApplyException(ApplyException.Phase.PRUNE, failures, done);
    }
    return done;
  }

  /** Deletes one object unless it is kept; discovery, get and delete, on a pool thread. */
  private Change pruneOne(ObjectRef object, Deadline deadline) {
    Optional<ResourceDefinitionContext> served;
    try {
      served = apiResources.find(object);
    } catch (KubernetesClientException e) {
      throw new IllegalStateException("API discovery failed: " + ApiErrors.describe(e), e);
    }
    if (served.isEmpty()) {
      return skipped(object, object.apiVersion() + " " + object.kind() + " is no longer served");
    }
    ResourceDefinitionContext context = served.get();
    Optional<GenericKubernetesResource> live =
        requests.get(context, object.namespace(), object.name(), deadline);
    if (live.isEmpty()) {
      return skipped(object, "already deleted");
    }
    Map<String, String> labels = live.get().getMetadata().getLabels();
    String keptBy = ApplyPolicy.pruneReason(live.get().getMetadata().getAnnotations(), labels);
    if (!keptBy.isEmpty()) {
      return skipped(object, "annotated " + keptBy);
    }
    for (var owner : options.ownerLabels().entrySet()) {
      String value = labels == null ? null : labels.get(owner.getKey());
      if (!owner.getValue().equals(value)) {
        return skipped(
            object,
            "label "
                + owner.getKey()
                + (value == null ? " removed" : " is now " + value)
                + ": no longer ours");
      }
    }
    boolean deleted = requests.delete(context, object.namespace(), object.name(), deadline);
    return deleted
        ? new Change(object, "", Action.DELETED, "")
        : skipped(object, "already deleted");
  }

  /** Namespaces and CRDs: deleting one deletes what it holds, so they go last. */
  private static boolean isContainer(ObjectRef object) {
    return (object.group().isEmpty() && object.kind().equals("Namespace"))
        || (object.group().equals(PreparedObject.CRD_GROUP)
            && object.kind().equals("CustomResourceDefinition"));
  }

  private static Change skipped(ObjectRef object, String why) {
    return new Change(object, "", Action.SKIPPED, why);
  }

  private static ObjectFailure failure(ObjectRef object, String message) {
    return new ObjectFailure(object, "", message);
  }
}
