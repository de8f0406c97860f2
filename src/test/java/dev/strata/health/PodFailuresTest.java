package dev.strata.health;

import static dev.strata.health.HealthRulesTest.assertHealth;
import static dev.strata.health.HealthRulesTest.health;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** Checks which container states fail a Pod's workload at once. */
class PodFailuresTest {

  @SuppressWarnings("unchecked")
  private static Optional<PodFailures.ContainerFailure> failure(String containerStatuses) {
    return PodFailures.of(
        (Map<String, Object>)
            new Load(LoadSettings.builder().build())
                .loadFromString(
                    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nstatus: {phase: Pending,"
                        + " containerStatuses: "
                        + containerStatuses
                        + "}"));
  }

  @Test
  void imagePullErrorsAreCertain() {
    for (String reason : new String[] {"ErrImagePull", "ImagePullBackOff", "InvalidImageName"}) {
      assertThat(
              failure(
                  "[{name: app, image: 'x/app:nope', restartCount: 0, state: {waiting: {reason: "
                      + reason
                      + ", message: 'not found'}}}]"))
          .map(PodFailures.ContainerFailure::describe)
          .contains("container app (image x/app:nope): " + reason + ": not found");
    }
  }

  @Test
  void aCrashLoopCountsOnlyAfterARestart() {
    assertThat(
            failure(
                "[{name: app, image: a, restartCount: 2, state: {waiting: {reason:"
                    + " CrashLoopBackOff, message: 'back-off 20s'}}}]"))
        .map(PodFailures.ContainerFailure::describe)
        .contains("container app (image a): CrashLoopBackOff: 2 restarts; back-off 20s");
    assertThat(
            failure(
                "[{name: app, image: a, restartCount: 0, state: {waiting: {reason:"
                    + " CrashLoopBackOff}}}]"))
        .isEmpty();
  }

  @Test
  void otherWaitingReasonsAreNot() {
    assertThat(
            failure(
                "[{name: app, image: a, restartCount: 0, state: {waiting: {reason:"
                    + " ContainerCreating}}}]"))
        .isEmpty();
    assertThat(failure("[{name: app, image: a, state: {running: {}}}]")).isEmpty();
  }

  @Test
  void aBarePodThatCannotPullItsImageFails() {
    assertHealth(
        health(
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            status:
              phase: Pending
              containerStatuses:
              - {name: app, image: 'x/app:nope', state: {waiting: {reason: ImagePullBackOff}}}
            """),
        HealthStatus.FAILED,
        "container app (image x/app:nope): ImagePullBackOff");
  }
}
