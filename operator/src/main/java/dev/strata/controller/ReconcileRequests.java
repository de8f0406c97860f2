package dev.strata.controller;

import dev.strata.api.StrataMetadata;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Objects;

/**
 * Lets an update through to the reconciler when the spec changed (generation), someone asked for a
 * reconcile now (the {@value StrataMetadata#REQUESTED_AT_ANNOTATION} annotation), the finalizers
 * changed (JOSDK adds its finalizer, then reconciles on that update) or deletion began; not for the
 * status updates the reconciler writes itself.
 */
public final class ReconcileRequests implements OnUpdateFilter<HasMetadata> {

  @Override
  public boolean accept(HasMetadata updated, HasMetadata old) {
    return !Objects.equals(updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())
        || !Objects.equals(StrataMetadata.requestedAt(updated), StrataMetadata.requestedAt(old))
        || !Objects.equals(updated.getMetadata().getFinalizers(), old.getMetadata().getFinalizers())
        || updated.isMarkedForDeletion() && !old.isMarkedForDeletion();
  }
}
