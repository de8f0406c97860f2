package dev.strata.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

class LiveDiffTest {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private static GenericKubernetesResource object(String json) {
    return JSON.unmarshal(json, GenericKubernetesResource.class);
  }

  private static final String LIVE =
      """
      {"apiVersion": "apps/v1", "kind": "Deployment",
       "metadata": {"name": "web", "namespace": "apps", "resourceVersion": "10", "generation": 2,
                    "labels": {"app": "web"},
                    "managedFields": [{"manager": "strata", "operation": "Apply",
                                       "time": "2026-01-01T10:00:00Z"}]},
       "spec": {"replicas": 2},
       "status": {"replicas": 2}}
      """;

  @Test
  void ignoresWhatEveryWriteTouchesAndStatus() {
    var dryRun =
        object(
            """
            {"apiVersion": "apps/v1", "kind": "Deployment",
             "metadata": {"name": "web", "namespace": "apps", "resourceVersion": "11",
                          "generation": 3, "labels": {"app": "web"},
                          "managedFields": [{"manager": "strata", "operation": "Apply",
                                             "time": "2026-01-01T11:00:00Z"}]},
             "spec": {"replicas": 2},
             "status": {"replicas": 1}}
            """);

    assertThat(LiveDiff.differs(object(LIVE), dryRun)).isFalse();
  }

  @Test
  void seesSpecLabelAndAnnotationChanges() {
    assertThat(
            LiveDiff.differs(
                object(LIVE), object(LIVE.replace("\"replicas\": 2}", "\"replicas\": 3}"))))
        .isTrue();
    assertThat(
            LiveDiff.differs(
                object(LIVE), object(LIVE.replace("\"app\": \"web\"", "\"app\": \"api\""))))
        .isTrue();
    assertThat(
            LiveDiff.differs(
                object(LIVE),
                object(LIVE.replace("\"labels\"", "\"annotations\": {\"a\": \"b\"}, \"labels\""))))
        .isTrue();
  }
}
