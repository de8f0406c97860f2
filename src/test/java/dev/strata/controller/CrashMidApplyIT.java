package dev.strata.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strata.api.ConditionTypes;
import dev.strata.api.Layer;
import dev.strata.api.LayeredKustomization;
import dev.strata.api.StrataMetadata;
import dev.strata.localcluster.LocalControlPlane;
import dev.strata.testing.LayerScenario;
import dev.strata.testing.ProcessOutput;
import dev.strata.testing.SimulatedClusterExtension;
import dev.strata.testing.TestNamespaces;
import dev.strata.testing.TestResources;
import dev.strata.testing.git.GitDaemon;
import dev.strata.testing.git.TestRepository;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator as a process, killed with SIGKILL in the middle of applying a layer of 500
 * ConfigMaps (what an OOM kill at the memory limit does), then a commit that cuts the layer to 250:
 * the restarted operator must prune every ConfigMap the killed run created that Git no longer has.
 */
@ExtendWith(SimulatedClusterExtension.class)
class CrashMidApplyIT {

  private static final int OBJECTS = 500;
  private static final int KEPT = 250;

  @TempDir Path served;
  @TempDir Path cache;
  private final KubernetesClient client;
  private final LocalControlPlane controlPlane;
  private List<String> output = List.of();
  private Process operator;

  CrashMidApplyIT(KubernetesClient client, LocalControlPlane controlPlane) {
    this.client = client;
    this.controlPlane = controlPlane;
  }

  @AfterEach
  void stopOperator() throws InterruptedException {
    if (operator != null && operator.isAlive()) {
      operator.toHandle().destroy();
      operator.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aRunKilledMidApplyLeavesNothingTheNextRunCannotPrune() throws Exception {
    String namespace = TestNamespaces.create(client, "crash");
    try (GitDaemon daemon = GitDaemon.serve(served)) {
      var repo = TestRepository.generate(served, "crash", 1, 1, 1);
      repo.commitFiles(
          Map.of(
              "many/kustomization.yaml",
              "resources:\n  - maps.yaml\n",
              "many/maps.yaml",
              configMaps(0, OBJECTS)));
      var source = TestResources.gitSource(namespace, "crash", ref -> ref.setBranch("main"));
      source.getSpec().setUrl(daemon.url("crash.git"));
      source.getSpec().setInterval("1h");
      client.resource(source).create();
      LayeredKustomization lk = LayerScenario.layeredKustomization(namespace, "crash", "2m");
      Layer many = new Layer();
      many.setName("many");
      many.setPath("./many");
      many.setWait(false);
      lk.getSpec().setLayers(new ArrayList<>(List.of(many)));
      client.resource(lk).create();

      // Kill the operator once part of the layer exists.
      operator = startOperator(namespace);
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> owned(namespace) >= OBJECTS / 5 || !operator.isAlive());
      operator.toHandle().destroyForcibly(); // SIGKILL: no shutdown hook, no final status
      assertThat(operator.waitFor(30, TimeUnit.SECONDS)).isTrue();
      int atKill = owned(namespace);
      assertThat(atKill).as(String.join("\n", output)).isBetween(1, OBJECTS - 1);

      // The next commit keeps the second half, so what the killed run created first must go: the
      // restarted operator prunes it.
      String cut = repo.commitFiles(Map.of("many/maps.yaml", configMaps(OBJECTS - KEPT, OBJECTS)));
      operator = startOperator(namespace);
      await()
          .atMost(Duration.ofMinutes(3))
          .untilAsserted(
              () -> {
                var status = get(namespace).getStatus();
                assertThat(status).isNotNull();
                assertThat(status.getLastAppliedRevision()).endsWith(cut);
                assertThat(status.getConditions())
                    .anyMatch(
                        c ->
                            c.getType().equals(ConditionTypes.READY)
                                && c.getStatus().equals(ConditionTypes.TRUE));
              });
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(owned(namespace))
                      .as("ConfigMaps carrying the owner labels (%d existed at the kill)", atKill)
                      .isEqualTo(KEPT));
    }
  }

  private LayeredKustomization get(String namespace) {
    return client
        .resources(LayeredKustomization.class)
        .inNamespace(namespace)
        .withName("crash")
        .get();
  }

  /** ConfigMaps carrying the LayeredKustomization's owner labels. */
  private int owned(String namespace) {
    return client
        .configMaps()
        .inNamespace(namespace)
        .withLabel(StrataMetadata.OWNER_NAME_LABEL, "crash")
        .list()
        .getItems()
        .size();
  }

  private Process startOperator(String namespace) throws Exception {
    var builder =
        new ProcessBuilder(
                "java",
                "-jar",
                "target/strata.jar",
                "operator",
                "--namespaces",
                namespace,
                "--leader-elect=false",
                "--management-port",
                "0",
                "--webhook-port",
                "-1",
                "--cache-dir",
                cache.toString(),
                "--log-format",
                "text")
            .redirectErrorStream(true);
    builder.environment().put("KUBECONFIG", controlPlane.kubeconfig().toString());
    Process process = builder.start();
    output = ProcessOutput.collect(process, "operator");
    return process;
  }

  /** ConfigMaps map-{from} to map-{to - 1}. */
  private static String configMaps(int from, int to) {
    StringBuilder yaml = new StringBuilder();
    for (int i = from; i < to; i++) {
      yaml.append("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: map-")
          .append(i)
          .append("\ndata:\n  index: \"")
          .append(i)
          .append("\"\n");
    }
    return yaml.toString();
  }
}
