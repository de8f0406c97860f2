package dev.strata.health;

/** Names the state of a live object as kstatus does. */
public enum HealthStatus {
  /** The object exists and its controller has made it match its spec. */
  CURRENT("Current"),
  /** The object's controller is still working towards its spec. */
  IN_PROGRESS("InProgress"),
  /** The object cannot become Current without a change (e.g. a rollout past its deadline). */
  FAILED("Failed"),
  /** The object is being deleted. */
  TERMINATING("Terminating"),
  /** The object does not exist. */
  NOT_FOUND("NotFound"),
  /** The object's state cannot be read (e.g. a malformed status field). */
  UNKNOWN("Unknown");

  private final String label;

  HealthStatus(String label) {
    this.label = label;
  }

  /** The kstatus name, e.g. {@code InProgress}. */
  public String label() {
    return label;
  }

  @Override
  public String toString() {
    return label;
  }
}
