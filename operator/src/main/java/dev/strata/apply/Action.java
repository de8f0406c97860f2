package dev.strata.apply;

/** Names what applying or pruning did to one object, as Flux's change sets do. */
public enum Action {
  /** The object did not exist and was created. */
  CREATED,
  /** The object existed and differed from the desired state; it was applied. */
  CONFIGURED,
  /** The object already had the desired state; nothing was sent. */
  UNCHANGED,
  /** The object left Git and was deleted. */
  DELETED,
  /** The object left Git but was kept, e.g. because it opted out of pruning. */
  SKIPPED;

  /** The lower-case word used in messages, e.g. "configured". */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
