package dev.strata.controller;

import static dev.strata.api.ConditionTypes.FALSE;
import static dev.strata.api.ConditionTypes.HEALTHY;
import static dev.strata.api.ConditionTypes.READY;
import static dev.strata.api.ConditionTypes.RECONCILING;
import static dev.strata.api.ConditionTypes.STALLED;
import static dev.strata.api.ConditionTypes.TRUE;
import static dev.strata.api.ConditionTypes.UNKNOWN;

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
    return set(READY, TRUE, reason, message);
  }

  Conditions notReady(String reason, String message) {
    return set(READY, FALSE, reason, message);
  }

  Conditions readyUnknown(String reason, String message) {
    return set(READY, UNKNOWN, reason, message);
  }

  Conditions reconciling(String reason, String message) {
    return set(RECONCILING, TRUE, reason, message);
  }

  Conditions stalled(String reason, String message) {
    return set(STALLED, TRUE, reason, message);
  }

  Conditions healthy(boolean healthy, String reason, String message) {
    return set(HEALTHY, healthy ? TRUE : FALSE, reason, message);
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
