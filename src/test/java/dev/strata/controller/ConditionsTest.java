package dev.strata.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.api.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {

  private static final Clock LATER =
      Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
  private static final List<Condition> PREVIOUS =
      List.of(new Condition("Ready", "True", "Succeeded", "old", 1L, "2026-11-01T00:00:00Z"));

  @Test
  void transitionTimeIsKeptWhileTheStatusStaysTheSame() {
    var conditions = new Conditions(PREVIOUS, 2, LATER).ready("Succeeded", "new revision").build();

    assertThat(conditions)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getLastTransitionTime()).isEqualTo("2026-11-01T00:00:00Z");
              assertThat(c.getMessage()).isEqualTo("new revision");
              assertThat(c.getObservedGeneration()).isEqualTo(2L);
            });
  }

  @Test
  void transitionTimeMovesWhenTheStatusChanges() {
    var conditions = new Conditions(PREVIOUS, 2, LATER).notReady("RefNotFound", "gone").build();

    assertThat(conditions)
        .singleElement()
        .extracting(Condition::getLastTransitionTime)
        .isEqualTo("2026-11-23T12:00:00Z");
  }

  @Test
  void onlyTheConditionsSetArePresent() {
    var conditions =
        new Conditions(PREVIOUS, 2, LATER)
            .notReady("InvalidSource", "x")
            .stalled("InvalidSource", "x")
            .build();

    assertThat(conditions).extracting(Condition::getType).containsExactly("Ready", "Stalled");
  }
}
