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
   * On an object in Git (annotation, or label as Flux allows): how to apply it. {@code Override}
   * (the default; {@code Merge} is read the same), {@code IfNotPresent} (create it when missing,
   * never update it), {@code Ignore} (never apply it). docs/apply-policies.md has the details.
   */
  public static final String APPLY_POLICY_ANNOTATION = "apply.strata.dev/policy";

  /**
   * On an object in Git: {@code enabled} deletes and recreates it when an update is refused for an
   * immutable field, as spec.force does for every object.
   */
  public static final String FORCE_ANNOTATION = "apply.strata.dev/force";

  /** On an object: {@code disabled} keeps it when it leaves Git (pruning skips it). */
  public static final String PRUNE_ANNOTATION = "strata.dev/prune";

  /** Flux's keys, read with the same meaning so a repository written for Flux works here. */
  public static final String FLUX_SSA_ANNOTATION = "kustomize.toolkit.fluxcd.io/ssa";

  public static final String FLUX_FORCE_ANNOTATION = "kustomize.toolkit.fluxcd.io/force";
  public static final String FLUX_PRUNE_ANNOTATION = "kustomize.toolkit.fluxcd.io/prune";
  public static final String FLUX_RECONCILE_ANNOTATION = "kustomize.toolkit.fluxcd.io/reconcile";

  /** The values of the keys above. */
  public static final String ENABLED = "enabled";

  public static final String DISABLED = "disabled";

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
