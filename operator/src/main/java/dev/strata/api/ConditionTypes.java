package dev.strata.api;

/**
 * The condition types GitSource and LayeredKustomization report, kstatus-style: {@link #READY}
 * always, {@link #RECONCILING} and {@link #STALLED} only while true, and {@link #HEALTHY} on a
 * LayeredKustomization once its objects were checked.
 */
public final class ConditionTypes {

  public static final String READY = "Ready";
  public static final String RECONCILING = "Reconciling";
  public static final String STALLED = "Stalled";
  public static final String HEALTHY = "Healthy";

  /** Condition status values, as metav1.Condition has them. */
  public static final String TRUE = "True";

  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  private ConditionTypes() {}
}
