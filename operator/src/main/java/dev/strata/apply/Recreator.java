package dev.strata.apply;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes an object whose update the API server refuses for an immutable field, waits until it is
 * gone, and applies it again, as Flux's force does.
 *
 * <p>A workload controller (StatefulSet, Deployment, DaemonSet, ReplicaSet, ReplicationController)
 * whose selector stays the same is deleted with propagation Orphan: its pods keep running, and a
 * StatefulSet's PersistentVolumeClaims are never deleted with it, so the new object adopts the pods
 * and their data. When the selector changes (a Deployment's one immutable field) the new object
 * would never adopt them, and orphans would run unmanaged for good, so it is deleted in the
 * background, as pruning does, like anything else.
 */
final class Recreator {

  private static final Set<String> WORKLOADS =
      Set.of(
          "apps/StatefulSet",
          "apps/Deployment",
          "apps/DaemonSet",
          "apps/ReplicaSet",
          "/ReplicationController");
  private static final Duration POLL = Duration.ofMillis(200);

  private static final Logger log = LoggerFactory.getLogger(Recreator.class);

  private final Requests requests;
  private final Duration maxWait;

  /**
   * @param maxWait how long deletion may take at most (the orphan finalizer needs the garbage
   *     collector), also bounded by each call's deadline
   */
  Recreator(Requests requests, Duration maxWait) {
    this.requests = requests;
    this.maxWait = maxWait;
  }

  /**
   * Deletes, waits until gone, applies; the applied object.
   *
   * @param fields the immutable fields that changed, for the log
   */
  GenericKubernetesResource recreate(
      PreparedObject object, List<String> fields, Deadline deadline) {
    var ref = object.ref();
    Optional<GenericKubernetesResource> live =
        requests.get(object.context(), ref.namespace(), ref.name(), deadline);
    if (live.isPresent()) {
      String uid = live.get().getMetadata().getUid();
      DeletionPropagation propagation = propagation(object, live.get());
      // A deletion is worth a line in the log even when all goes well.
      log.warn(
          "{}: immutable {} changed; deleting it (propagation {}) to create it again",
          ref,
          String.join(", ", fields),
          propagation);
      requests.delete(object.context(), ref.namespace(), ref.name(), propagation, deadline);
      awaitGone(object, uid, deadline);
    }
    return requests.apply(object, deadline);
  }

  /** Orphan for a workload whose new object will adopt the pods; background otherwise. */
  static DeletionPropagation propagation(PreparedObject object, GenericKubernetesResource live) {
    boolean workload = WORKLOADS.contains(object.ref().group() + "/" + object.ref().kind());
    return workload && Objects.equals(selector(object.body()), selector(live))
        ? DeletionPropagation.ORPHAN
        : DeletionPropagation.BACKGROUND;
  }

  private static Object selector(GenericKubernetesResource object) {
    return object.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec
        ? spec.get("selector")
        : null;
  }

  private void awaitGone(PreparedObject object, String uid, Deadline deadline) {
    Duration wait = deadline.cap(maxWait);
    long end = System.nanoTime() + wait.toNanos();
    var ref = object.ref();
    while (true) {
      Optional<GenericKubernetesResource> live =
          requests.get(object.context(), ref.namespace(), ref.name(), deadline);
      if (live.isEmpty() || !uid.equals(live.get().getMetadata().getUid())) {
        return;
      }
      if (System.nanoTime() >= end) {
        List<String> finalizers = live.get().getMetadata().getFinalizers();
        throw new IllegalStateException(
            "deleted to recreate it, but still there after "
                + Deadline.seconds(wait)
                + (finalizers == null || finalizers.isEmpty()
                    ? ""
                    : " (finalizers: " + String.join(", ", finalizers) + ")"));
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the deletion", e);
      }
    }
  }
}
