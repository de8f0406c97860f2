package dev.strata.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.api.Condition;
import dev.strata.api.LayeredKustomizationStatus;
import dev.strata.notify.EventType;
import dev.strata.notify.Notification;
import dev.strata.testing.LayerScenario;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A success is "recovered" exactly when the last outcome was a failure. */
class NotificationsTest {

  private static final String REVISION = "main@sha1:" + "a".repeat(40);

  @Test
  void aSuccessAfterReadyFalseIsARecovery() {
    assertThat(succeededAfter("False").type()).isEqualTo(EventType.RECOVERED);
    assertThat(succeededAfter("True").type()).isEqualTo(EventType.SUCCEEDED);
    assertThat(succeededAfter("Unknown").type()).isEqualTo(EventType.SUCCEEDED);
    assertThat(succeededAfter(null).type()).as("first apply").isEqualTo(EventType.SUCCEEDED);
  }

  @Test
  void aNotificationNamesTheGitSourceItsRevisionCameFrom() {
    var lk = LayerScenario.layeredKustomization("apps", "homelab", "1m");
    lk.getSpec().getSourceRef().setName("repo");
    Notification notification = succeededAfter(null);
    assertThat(notification.source()).isEqualTo("apps/homelab");
    assertThat(
            Notifications.about(
                lk, EventType.FAILED, REVISION, "LayerFailed", "m", List.of("a", "b")))
        .satisfies(
            n -> {
              assertThat(n.source()).isEqualTo("apps/repo");
              assertThat(n.layer()).isEqualTo("a,b");
              assertThat(n.kind()).isEqualTo("LayeredKustomization");
            });
  }

  private static Notification succeededAfter(String ready) {
    var lk = LayerScenario.layeredKustomization("apps", "homelab", "1m");
    var previous = new LayeredKustomizationStatus();
    if (ready != null) {
      var condition = new Condition();
      condition.setType("Ready");
      condition.setStatus(ready);
      previous.setConditions(List.of(condition));
    }
    return Notifications.succeeded(lk, previous, REVISION, "ReconciliationSucceeded", "applied");
  }
}
