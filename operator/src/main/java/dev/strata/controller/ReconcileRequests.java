package dev.strata.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Map;
import java.util.Objects;

/**
 * Lets an update through to the reconciler when the spec changed (generation), someone asked for a
 * reconcile now (the {@value #REQUESTED_AT} annotation), the finalizers changed (JOSDK adds its
 * finalizer, then reconciles on that update) or deletion began; not for the status updates the
 * reconciler writes itself.
 */
public final class ReconcileRequests implements OnUpdateFilter<HasMetadata> {

  /** Set to any new value (Flux uses a timestamp) to request an immediate reconcile. */
  public static final String REQUESTED_AT = "reconcile.strata.dev/requestedAt";

  @Override
  public boolean accept(HasMetadata updated, HasMetadata old) {
    return !Objects.equals(updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())
        || !Objects.equals(requestedAt(updated), requestedAt(old))
        || !Objects.equals(updated.getMetadata().getFinalizers(), old.getMetadata().getFinalizers())
        || updated.isMarkedForDeletion() && !old.isMarkedForDeletion();
  }

  /** The value of the annotation, or null. */
  static String requestedAt(HasMetadata resource) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(REQUESTED_AT);
  }
}
