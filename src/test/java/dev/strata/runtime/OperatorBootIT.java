package dev.strata.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strata.testing.ApiServerExtension;
import dev.strata.testing.TestNamespaces;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Boots the operator in-process against a real API server and probes what a kubelet would. */
@ExtendWith(ApiServerExtension.class)
class OperatorBootIT {

  private final KubernetesClient client;
  private final HttpClient http = HttpClient.newHttpClient();
  private String namespace;
  private StrataOperator operator;
  private ManagementServer management;

  OperatorBootIT(KubernetesClient client) {
    this.client = client;
  }

  @BeforeEach
  void createNamespace() {
    namespace = TestNamespaces.create(client, "boot");
  }

  @AfterEach
  void stop() {
    if (management != null) {
      management.close();
    }
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  void servesHealthReadinessAndMetricsWithNoReconcilerRegistered() throws Exception {
    start(List.of(), "replica-a");

    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    var readyz = get("/readyz");
    assertThat(readyz.statusCode()).isEqualTo(200);
    assertThat(readyz.body()).contains("no reconcilers registered");
    var metrics = get("/metrics");
    assertThat(metrics.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    assertThat(metrics.body())
        .contains("jvm_memory_used_bytes")
        .contains("jvm_threads_live_threads")
        .contains("process_uptime_seconds");
  }

  @Test
  void takesTheLeaseAndReconcilesWithJosdk() throws Exception {
    start(List.of(new MarkingReconciler()), "replica-a");

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              var lease = client.leases().inNamespace(namespace).withName("strata-operator").get();
              assertThat(lease).isNotNull();
              assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("replica-a");
            });
    assertConfigMapGetsReconciled(namespace);

    var readyz = get("/readyz");
    assertThat(readyz.statusCode()).isEqualTo(200);
    assertThat(readyz.body())
        .contains("reconcilers: MarkingReconciler")
        .contains("leader replica-a (this replica)");
    assertThat(get("/metrics").body()).contains("operator_sdk_");
  }

  @Test
  void readinessNamesTheLeaseAndItsHolder() throws Exception {
    start(List.of(new MarkingReconciler()), "replica-a");

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(operator.readiness().details())
                    .contains(
                        "leader election: lease "
                            + namespace
                            + "/strata-operator, leader replica-a (this replica)"));
  }

  @Test
  void watchesAllNamespacesWhenNoneAreNamed() throws Exception {
    var registry = Metrics.newRegistry();
    var allNamespaces =
        new OperatorSettings(
            Set.of(), false, "strata-operator", namespace, "replica-a", 0, Duration.ofSeconds(5));
    operator =
        new StrataOperator(client, allNamespaces, List.of(new MarkingReconciler()), registry);
    operator.start();
    String other = TestNamespaces.create(client, "other");

    assertConfigMapGetsReconciled(other);
  }

  @Test
  void notReadyBeforeStart() {
    operator =
        new StrataOperator(client, settings("replica-a", false), List.of(), Metrics.newRegistry());

    assertThat(operator.readiness().ready()).isFalse();
    assertThat(operator.readiness().details()).containsExactly("operator: not started");
  }

  private void assertConfigMapGetsReconciled(String inNamespace) {
    var probe =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("probe")
            .withNamespace(inNamespace)
            .endMetadata()
            .build();
    client.resource(probe).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(client.resource(probe).get().getMetadata().getAnnotations())
                    .containsEntry(MarkingReconciler.ANNOTATION, "true"));
  }

  private void start(List<Reconciler<?>> reconcilers, String identity) throws Exception {
    var registry = Metrics.newRegistry();
    operator = new StrataOperator(client, settings(identity, true), reconcilers, registry);
    management = new ManagementServer(0, operator::readiness, registry);
    management.start();
    operator.start();
  }

  private OperatorSettings settings(String identity, boolean leaderElection) {
    return new OperatorSettings(
        Set.of(namespace),
        leaderElection,
        "strata-operator",
        namespace,
        identity,
        0,
        Duration.ofSeconds(5));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A test-only reconciler (none ships yet): marks each ConfigMap it reconciles. */
  static final class MarkingReconciler implements Reconciler<ConfigMap> {
    static final String ANNOTATION = "test.strata.dev/reconciled";

    @Override
    public UpdateControl<ConfigMap> reconcile(ConfigMap configMap, Context<ConfigMap> context) {
      var marked =
          new ConfigMapBuilder()
              .withNewMetadata()
              .withName(configMap.getMetadata().getName())
              .withNamespace(configMap.getMetadata().getNamespace())
              .addToAnnotations(ANNOTATION, "true")
              .endMetadata()
              .build();
      return UpdateControl.patchResource(marked);
    }
  }
}
