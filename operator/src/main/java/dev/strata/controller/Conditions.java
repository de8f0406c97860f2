package dev.strata.controller;

import dev.strata.api.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds a status's conditions the kstatus way: Ready always present; Reconciling and Stalled only
 * while true; lastTransitionTime kept while a condition's status does not change.
 */
final class Conditions {

  static final String READY = "Ready";
  static final String RECONCILING = "Reconciling";
  static final String STALLED = "Stalled";
  static final String HEALTHY = "Healthy";

  private final List<Condition> previous;
  private final List<Condition> next = new ArrayList<>();
  private final long generation;
  private final Clock clock;

  Conditions(List<Condition> previous, long generation, Clock clock) {
    this.previous = previous == null ? List.of() : previous;
    this.generation = generation;
    this.clock = clock;
  }

  Conditions ready(String reason, String message) {
    return set(READY, "True", reason, message);
  }

  Conditions notReady(String reason, String message) {
    return set(READY, "False", reason, message);
  }

  Conditions readyUnknown(String reason, String message) {
    return set(READY, "Unknown", reason, message);
  }

  Conditions reconciling(String reason, String message) {
    return set(RECONCILING, "True", reason, message);
  }

  Conditions stalled(String reason, String message) {
    return set(STALLED, "True", reason, message);
  }

  Conditions healthy(boolean healthy, String reason, String message) {
    return set(HEALTHY, healthy ? "True" : "False", reason, message);
  }

  /** The conditions set so far; absent types (Reconciling, Stalled) are thereby false. */
  List<Condition> build() {
    return List.copyOf(next);
  }

  private Conditions set(String type, String status, String reason, String message) {
    next.removeIf(c -> c.getType().equals(type));
    String since =
        find(previous, type)
            .filter(c -> status.equals(c.getStatus()))
            .map(Condition::getLastTransitionTime)
            .orElseGet(() -> Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
    next.add(new Condition(type, status, reason, message, generation, since));
    return this;
  }

  static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }
}
