package dev.strata.source;

import java.util.Locale;

/** Says how a fetch moved objects. */
public enum FetchMode {
  /** The store already held the wanted commit; only the remote's refs were read. */
  UNCHANGED,
  /** Commits and trees first, then blobs in batches, each kept when complete. */
  CHUNKED,
  /** One shallow fetch of the whole commit: the server offers no object filters. */
  SHALLOW;

  /** Lower-case name, for messages. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
