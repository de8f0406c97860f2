package dev.strata.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.health.ObjectRef;
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

  @Test
  void unifiedDiffShowsTheChangedFieldsAsYamlWithoutServerSetMetadata() {
    var dryRun =
        object(
            LIVE.replace("\"replicas\": 2}", "\"replicas\": 4}")
                .replace("\"resourceVersion\": \"10\"", "\"resourceVersion\": \"11\""));

    String diff = LiveDiff.unified(ref("apps/v1", "Deployment"), object(LIVE), dryRun);

    assertThat(diff)
        .isEqualTo(
            """
            --- live/Deployment/apps/web
            +++ dry-run/Deployment/apps/web
            @@ -6,4 +6,4 @@
               name: web
               namespace: apps
             spec:
            -  replicas: 2
            +  replicas: 4
            """);
  }

  @Test
  void aNewObjectIsAllAdditions() {
    String diff = LiveDiff.unified(ref("apps/v1", "Deployment"), null, object(LIVE));

    assertThat(diff)
        .startsWith("--- /dev/null\n+++ dry-run/Deployment/apps/web\n@@ -1,0 +1,9 @@\n")
        .contains("+apiVersion: apps/v1\n", "+  replicas: 2\n")
        .doesNotContain("status", "managedFields", "resourceVersion", "generation");
  }

  @Test
  void secretValuesAreMaskedSayingOnlyWhetherTheyChange() {
    String live =
        """
        {"apiVersion": "v1", "kind": "Secret",
         "metadata": {"name": "db", "namespace": "apps", "resourceVersion": "10",
           "annotations": {"kubectl.kubernetes.io/last-applied-configuration":
                           "{\\"data\\":{\\"password\\":\\"b2xk\\"}}"}},
         "data": {"password": "b2xkLXNlY3JldA==", "user": "YWRtaW4=", "gone": "Z29uZQ=="}}
        """;
    String dryRun =
        live.replace("b2xkLXNlY3JldA==", "bmV3LXNlY3JldA==")
            .replace("b2xk", "bmV3")
            .replace(", \"gone\": \"Z29uZQ==\"", ", \"added\": \"YWRkZWQ=\"");

    String diff = LiveDiff.unified(ref("v1", "Secret"), object(live), object(dryRun));

    assertThat(diff)
        .contains(
            "+  added: '***'\n",
            "-  gone: '***'\n",
            "-  password: '*** (before)'\n",
            "+  password: '*** (after)'\n",
            "   user: '***'\n",
            "-    kubectl.kubernetes.io/last-applied-configuration: '*** (before)'\n",
            "+    kubectl.kubernetes.io/last-applied-configuration: '*** (after)'\n")
        .doesNotContain(
            "b2xk", "bmV3", "YWRtaW4", "Z29uZQ", "YWRkZWQ", "old-secret", "new-secret", "admin");
  }

  @Test
  void anUnchangedSecretValueIsMaskedAlikeOnBothSides() {
    String live =
        """
        {"apiVersion": "v1", "kind": "Secret",
         "metadata": {"name": "db", "namespace": "apps", "labels": {"tier": "a"}},
         "data": {"password": "c2VjcmV0"}}
        """;

    String diff =
        LiveDiff.unified(ref("v1", "Secret"), object(live), object(live.replace("\"a\"", "\"b\"")));

    assertThat(diff)
        .contains("-    tier: a\n", "+    tier: b\n")
        .doesNotContain("c2VjcmV0", "(before)", "(after)");
  }

  private static ObjectRef ref(String apiVersion, String kind) {
    return ObjectRef.of(apiVersion, kind, "apps", kind.equals("Secret") ? "db" : "web");
  }
}
