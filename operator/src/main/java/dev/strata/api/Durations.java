package dev.strata.api;

/** Holds the schema pattern for duration fields, which take Go's duration syntax as Flux does. */
final class Durations {
  /** A Go duration without sign or fractions of units below ms: 30s, 5m, 1h30m, 500ms. */
  static final String PATTERN = "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$";

  private Durations() {}
}
