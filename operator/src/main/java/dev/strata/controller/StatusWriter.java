package dev.strata.controller;

import dev.strata.api.Condition;
import dev.strata.api.ResourceKey;
import dev.strata.api.StrataMetadata;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one kind's status the way both reconcilers do: as a resource holding only identity and
 * status (so a status apply owns nothing else), under the reconciler's field manager, with
 * conditions stamped with the generation they describe. Progress written between the reconciler's
 * own updates goes through {@link #publish}.
 */
final class StatusWriter<R extends CustomResource<?, S>, S> {

  private static final Logger log = LoggerFactory.getLogger(StatusWriter.class);

  private final Supplier<R> blank;
  private final String fieldManager;
  private final Clock clock;

  StatusWriter(Supplier<R> blank, String fieldManager, Clock clock) {
    this.blank = blank;
    this.fieldManager = fieldManager;
    this.clock = clock;
  }

  /** The resource's identity with {@code status}: what a status update should send. */
  R fresh(R resource, S status) {
    R fresh = blank.get();
    fresh.setMetadata(
        new ObjectMetaBuilder()
            .withName(resource.getMetadata().getName())
            .withNamespace(resource.getMetadata().getNamespace())
            .build());
    fresh.setStatus(status);
    return fresh;
  }

  /** Conditions for the resource's current generation, keeping unchanged transition times. */
  Conditions conditions(R resource, List<Condition> previous) {
    return new Conditions(previous, generation(resource), clock);
  }

  /**
   * Applies a progress status now, between the reconciler's own updates. A refused write is logged
   * and dropped: progress is advisory, and the reconciler's final status follows.
   */
  void publish(KubernetesClient client, R resource, S status) {
    try {
      apply(client, resource, status);
    } catch (KubernetesClientException e) {
      log.warn("{}: cannot publish progress: {}", ResourceKey.of(resource), e.getMessage());
    }
  }

  /**
   * Applies a status now, between the reconciler's own updates, when it must be stored before the
   * reconcile goes on.
   *
   * @throws KubernetesClientException when the API server refuses it
   */
  void apply(KubernetesClient client, R resource, S status) {
    client
        .resource(fresh(resource, status))
        .subresource("status")
        .patch(
            new PatchContext.Builder()
                .withFieldManager(fieldManager)
                .withForce(true)
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .build());
  }

  /**
   * What status.lastHandledReconcileAt says once this reconcile is done: the resource's request
   * annotation when it has one, else what was handled before.
   */
  static String handledRequest(HasMetadata resource, String handledBefore) {
    String requested = StrataMetadata.requestedAt(resource);
    return requested != null ? requested : handledBefore;
  }

  static long generation(HasMetadata resource) {
    Long generation = resource.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }
}
