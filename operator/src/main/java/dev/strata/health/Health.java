package dev.strata.health;

import java.util.Objects;

/**
 * Pairs an object's kstatus state with the reason a person reads, e.g. "1 of 3 replicas ready".
 *
 * @param status the state
 * @param reason why, in words
 */
public record Health(HealthStatus status, String reason) {

  public Health {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
  }

  public static Health current(String reason) {
    return new Health(HealthStatus.CURRENT, reason);
  }

  public static Health inProgress(String reason) {
    return new Health(HealthStatus.IN_PROGRESS, reason);
  }

  public static Health failed(String reason) {
    return new Health(HealthStatus.FAILED, reason);
  }

  public static Health notFound() {
    return new Health(HealthStatus.NOT_FOUND, "not found");
  }

  public boolean isCurrent() {
    return status == HealthStatus.CURRENT;
  }

  public boolean isFailed() {
    return status == HealthStatus.FAILED;
  }

  /** "InProgress: 1 of 3 replicas ready". */
  @Override
  public String toString() {
    return status.label() + ": " + reason;
  }
}
