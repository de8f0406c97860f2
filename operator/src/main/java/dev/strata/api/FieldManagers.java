package dev.strata.api;

/**
 * The server-side apply field managers Strata writes as: objects applied by layers, and each
 * reconciler's status. {@code strata diff} dry-runs as {@link #LAYERS} so that it sees what the
 * operator would change, no more.
 */
public final class FieldManagers {

  /** Applies layers' objects and writes LayeredKustomization status. */
  public static final String LAYERS = "strata-layers";

  /** Writes GitSource status. */
  public static final String SOURCES = "strata-gitsource";

  private FieldManagers() {}
}
