package dev.strata.health;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reports how a wait for health ended and the last health seen of every object.
 *
 * @param outcome healthy, failed or timed out
 * @param objects every object waited for, in the order given, with its last health
 * @param elapsed how long the wait took
 */
public record HealthReport(Outcome outcome, Map<ObjectRef, Health> objects, Duration elapsed) {

  /** Says how a wait ended. */
  public enum Outcome {
    /** Every object became Current. */
    HEALTHY,
    /** An object Failed, or could not be watched; the wait stopped at once. */
    FAILED,
    /** The timeout passed with objects not yet Current. */
    TIMED_OUT
  }

  public HealthReport {
    objects = Collections.unmodifiableMap(new LinkedHashMap<>(objects));
  }

  public boolean isHealthy() {
    return outcome == Outcome.HEALTHY;
  }

  /** The objects that are not Current, with why, in the order given. */
  public Map<ObjectRef, Health> unhealthy() {
    Map<ObjectRef, Health> unhealthy = new LinkedHashMap<>();
    objects.forEach(
        (object, health) -> {
          if (!health.isCurrent()) {
            unhealthy.put(object, health);
          }
        });
    return unhealthy;
  }

  /**
   * One line for a condition message, e.g. "timed out after 30s waiting for 1 of 4 objects:
   * Deployment/apps/web (InProgress: 0 of 1 replicas ready)".
   */
  public String summary() {
    String seconds = String.format("%.1fs", elapsed.toMillis() / 1000.0);
    switch (outcome) {
      case HEALTHY:
        return "all " + objects.size() + " objects healthy after " + seconds;
      case FAILED:
        Map<ObjectRef, Health> failed = new LinkedHashMap<>();
        unhealthy()
            .forEach(
                (object, health) -> {
                  if (health.isFailed() || health.status() == HealthStatus.UNKNOWN) {
                    failed.put(object, health);
                  }
                });
        return "health check failed after " + seconds + ": " + describe(failed);
      default:
        Map<ObjectRef, Health> waiting = unhealthy();
        return "timed out after "
            + seconds
            + " waiting for "
            + waiting.size()
            + " of "
            + objects.size()
            + " objects: "
            + describe(waiting);
    }
  }

  private static String describe(Map<ObjectRef, Health> objects) {
    return objects.entrySet().stream()
        .map(e -> e.getKey() + " (" + e.getValue() + ")")
        .collect(Collectors.joining("; "));
  }
}
