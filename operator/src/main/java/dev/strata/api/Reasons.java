package dev.strata.api;

/**
 * The reasons Strata gives in conditions and Events, each defined once. A GitSource's fetch
 * failures add the reasons of {@code dev.strata.source.SourceFailure.Reason}.
 */
public final class Reasons {

  // Conditions and Events of both kinds.
  public static final String PROGRESSING = "Progressing";
  public static final String SUCCEEDED = "Succeeded";

  /** An unexpected error inside a reconcile: a bug or an API request that failed. */
  public static final String RECONCILE_ERROR = "ReconcileError";

  // GitSource.
  public static final String SECRET_NOT_FOUND = "SecretNotFound";

  // LayeredKustomization.
  public static final String INVALID_SPEC = "InvalidSpec";
  public static final String CROSS_NAMESPACE_SOURCE = "CrossNamespaceSource";
  public static final String SOURCE_NOT_READY = "SourceNotReady";
  public static final String SUPERSEDED = "Superseded";
  public static final String RECONCILIATION_SUCCEEDED = "ReconciliationSucceeded";
  public static final String LAYER_FAILED = "LayerFailed";
  public static final String HEALTHY = "Healthy";
  public static final String PRUNED = "Pruned";
  public static final String DELETION_FAILED = "DeletionFailed";
  public static final String DRIFT_HEALED = "DriftHealed";
  public static final String DRIFT_DETECTED = "DriftDetected";
  public static final String DRIFT_CHECK_FAILED = "DriftCheckFailed";
  public static final String ROLLED_BACK = "RolledBack";
  public static final String ROLLBACK_FAILED = "RollbackFailed";

  /** spec.hold keeps the resource at an older revision (strata rollback) until strata resume. */
  public static final String HELD = "Held";

  /** spec.hold names a revision the object store does not have. */
  public static final String REVISION_NOT_STORED = "RevisionNotStored";

  private Reasons() {}
}
