package dev.strata.api;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;

/**
 * The annotation and label keys Strata reads and writes on Kubernetes objects, each defined once:
 * the reconcilers, the webhook, the CLI and the tests use these and no copy of the strings.
 */
public final class StrataMetadata {

  /**
   * Set to any new value (Flux uses a timestamp) to request an immediate reconcile of a GitSource
   * or LayeredKustomization; the handled value is echoed in status.lastHandledReconcileAt.
   */
  public static final String REQUESTED_AT_ANNOTATION = "reconcile.strata.dev/requestedAt";

  /** On every object a LayeredKustomization applied: its name. */
  public static final String OWNER_NAME_LABEL = "layers.strata.dev/name";

  /** On every object a LayeredKustomization applied: its namespace. */
  public static final String OWNER_NAMESPACE_LABEL = "layers.strata.dev/namespace";

  /** On the ConfigMap that holds a large inventory: the LayeredKustomization's name. */
  public static final String INVENTORY_OWNER_LABEL = "layers.strata.dev/name-inventory";

  /**
   * On a Pod (template), for the simulated cluster only: kwok plays a failure instead of running
   * it, {@link #SIMULATE_IMAGE_PULL_ERROR} or {@link #SIMULATE_CRASH_LOOP}.
   */
  public static final String SIMULATE_ANNOTATION = "strata.dev/simulate";

  /** The containers wait in ImagePullBackOff. */
  public static final String SIMULATE_IMAGE_PULL_ERROR = "image-pull-error";

  /** The containers wait in CrashLoopBackOff after 3 restarts. */
  public static final String SIMULATE_CRASH_LOOP = "crash-loop";

  private StrataMetadata() {}

  /** The value of {@link #REQUESTED_AT_ANNOTATION}, or null. */
  public static String requestedAt(HasMetadata resource) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(REQUESTED_AT_ANNOTATION);
  }

  /** The labels every object {@code lk} applies carries: for drift watching and safe pruning. */
  public static Map<String, String> ownerLabels(LayeredKustomization lk) {
    return Map.of(
        OWNER_NAME_LABEL, lk.getMetadata().getName(),
        OWNER_NAMESPACE_LABEL, lk.getMetadata().getNamespace());
  }
}
