package dev.strata.notify;

import java.util.Arrays;
import java.util.Optional;

/** Names the outcomes a notification can be about, as selected in a provider's {@code events}. */
public enum EventType {
  /** A revision started to be applied: commit statuses go {@code pending}. */
  PROGRESSING("progressing", false),
  /** A revision was applied and every layer is Ready. */
  SUCCEEDED("succeeded", false),
  /** Ready again after a failure: a SUCCEEDED that ends a failure. */
  RECOVERED("recovered", false),
  /** A layer, the rollback or the reconcile failed. */
  FAILED("failed", true),
  /** A failed revision was rolled back to the last healthy one. */
  ROLLED_BACK("rolledBack", true),
  /** Objects changed outside Git were set back. */
  DRIFT_HEALED("driftHealed", false),
  /** A GitSource could not fetch. */
  SOURCE_FAILED("sourceFailed", true);

  private final String configName;
  private final boolean error;

  EventType(String configName, boolean error) {
    this.configName = configName;
    this.error = error;
  }

  /** The name used in a provider's {@code events} list. */
  public String configName() {
    return configName;
  }

  /** {@code error} or {@code info}, as Flux's events say it. */
  public String severity() {
    return error ? "error" : "info";
  }

  static Optional<EventType> fromConfig(String name) {
    return Arrays.stream(values()).filter(t -> t.configName.equals(name)).findFirst();
  }
}
