package dev.strata.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthReportTest {

  private static final ObjectRef WEB = ObjectRef.of("apps/v1", "Deployment", "apps", "web");
  private static final ObjectRef CONFIG = ObjectRef.of("v1", "ConfigMap", "apps", "config");
  private static final ObjectRef JOB = ObjectRef.of("batch/v1", "Job", "apps", "migrate");

  @Test
  void timeoutSummaryNamesEachObjectNotCurrent() {
    Map<ObjectRef, Health> objects = new LinkedHashMap<>();
    objects.put(WEB, Health.inProgress("1 of 3 replicas ready"));
    objects.put(CONFIG, Health.current("exists"));
    objects.put(JOB, Health.notFound());

    var report =
        new HealthReport(HealthReport.Outcome.TIMED_OUT, objects, Duration.ofMillis(30_040));

    assertThat(report.unhealthy()).containsOnlyKeys(WEB, JOB);
    assertThat(report.summary())
        .isEqualTo(
            "timed out after 30.0s waiting for 2 of 3 objects: Deployment/apps/web (InProgress: 1"
                + " of 3 replicas ready); Job/apps/migrate (NotFound: not found)");
  }

  @Test
  void failureSummaryNamesOnlyTheFailedObjects() {
    Map<ObjectRef, Health> objects = new LinkedHashMap<>();
    objects.put(WEB, Health.inProgress("0 of 1 replicas ready"));
    objects.put(JOB, Health.failed("Job failed (1 failed pods): BackoffLimitExceeded"));

    var report = new HealthReport(HealthReport.Outcome.FAILED, objects, Duration.ofMillis(1500));

    assertThat(report.isHealthy()).isFalse();
    assertThat(report.summary())
        .isEqualTo(
            "health check failed after 1.5s: Job/apps/migrate (Failed: Job failed (1 failed pods):"
                + " BackoffLimitExceeded)");
  }

  @Test
  void healthySummaryCountsTheObjects() {
    var report =
        new HealthReport(
            HealthReport.Outcome.HEALTHY,
            Map.of(CONFIG, Health.current("exists")),
            Duration.ofMillis(200));

    assertThat(report.summary()).isEqualTo("all 1 objects healthy after 0.2s");
  }
}
