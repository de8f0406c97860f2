package dev.strata.localcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strata.testing.SimulatedClusterExtension;
import dev.strata.testing.TestNamespaces;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Shows that the simulated cluster runs workloads for real: controllers create ReplicaSets and
 * Pods, the scheduler binds them to kwok nodes, kwok reports them running, and the garbage
 * collector removes what a deleted owner owned.
 */
@ExtendWith(SimulatedClusterExtension.class)
class SimulatedClusterIT {

  private static final Duration ROLLOUT = Duration.ofSeconds(90);
  private final KubernetesClient client;
  private String namespace;

  SimulatedClusterIT(KubernetesClient client) {
    this.client = client;
  }

  @BeforeEach
  void createNamespace() {
    namespace = TestNamespaces.create(client, "sim");
  }

  @Test
  void nodesStayReadyPastTheControllerManagersGracePeriod() throws InterruptedException {
    // Without node Leases the node lifecycle controller marked every simulated node NotReady
    // about 65 s after start (its grace period is 60 s), and pods with them.
    Map<String, ZonedDateTime> firstRenewal = new HashMap<>();
    for (var lease : client.leases().inNamespace("kube-node-lease").list().getItems()) {
      firstRenewal.put(lease.getMetadata().getName(), lease.getSpec().getRenewTime());
    }
    assertThat(firstRenewal).containsKeys("kwok-node-0", "kwok-node-1");

    List<String> notReady = new ArrayList<>();
    // 75 s covers the grace period with margin; -Dstrata.nodeWatchSeconds=300 is the soak run
    // docs/ci.md records.
    Instant until =
        Instant.now().plus(Duration.ofSeconds(Long.getLong("strata.nodeWatchSeconds", 75)));
    while (Instant.now().isBefore(until)) {
      for (var node : client.nodes().list().getItems()) {
        boolean ready =
            node.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
        if (!ready) {
          notReady.add(node.getMetadata().getName() + " at " + Instant.now());
        }
      }
      Thread.sleep(1000);
    }

    assertThat(notReady).isEmpty();
    for (var entry : firstRenewal.entrySet()) {
      var lease = client.leases().inNamespace("kube-node-lease").withName(entry.getKey()).get();
      assertThat(lease.getSpec().getRenewTime()).isAfter(entry.getValue());
    }
  }

  @Test
  void everyComponentListensOnLoopbackOnly() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/ss")), "needs ss (iproute2)");
    Set<Long> ours =
        ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
    Process ss = new ProcessBuilder("ss", "-ltnpH").redirectErrorStream(true).start();
    List<String> sockets =
        new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    assertThat(ss.waitFor()).isZero();

    List<String> mine = new ArrayList<>();
    for (String socket : sockets) {
      Matcher pid = Pattern.compile("pid=(\\d+)").matcher(socket);
      while (pid.find()) {
        if (ours.contains(Long.parseLong(pid.group(1)))) {
          mine.add(socket);
          break;
        }
      }
    }
    assertThat(mine)
        .as("listening sockets of etcd, kube-apiserver and the simulated cluster")
        .anyMatch(socket -> socket.contains("\"etcd\""))
        .anyMatch(socket -> socket.contains("\"kube-apiserver\""))
        .allSatisfy(
            socket ->
                assertThat(socket.split("\\s+")[3]).matches("(127\\.[0-9.]+|\\[::1\\]):[0-9]+"));
  }

  @Test
  void deploymentBecomesReady() {
    client.resource(deployment("web", 3)).create();

    await()
        .atMost(ROLLOUT)
        .untilAsserted(
            () -> {
              var status =
                  client
                      .apps()
                      .deployments()
                      .inNamespace(namespace)
                      .withName("web")
                      .get()
                      .getStatus();
              assertThat(status.getReadyReplicas()).isEqualTo(3);
              assertThat(status.getUpdatedReplicas()).isEqualTo(3);
            });
    assertThat(client.pods().inNamespace(namespace).list().getItems())
        .hasSize(3)
        .allSatisfy(
            pod -> {
              assertThat(pod.getSpec().getNodeName()).startsWith("kwok-node-");
              assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
            });
  }

  @Test
  void statefulSetBecomesReady() {
    client.resource(statefulSet("db", 2)).create();

    await()
        .atMost(ROLLOUT)
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .apps()
                            .statefulSets()
                            .inNamespace(namespace)
                            .withName("db")
                            .get()
                            .getStatus()
                            .getReadyReplicas())
                    .isEqualTo(2));
    assertThat(client.pods().inNamespace(namespace).withName("db-1").get()).isNotNull();
  }

  @Test
  void garbageCollectorDeletesWhatADeletedDeploymentOwned() {
    client.resource(deployment("temporary", 1)).create();
    await()
        .atMost(ROLLOUT)
        .until(() -> client.pods().inNamespace(namespace).list().getItems().size() == 1);

    client.apps().deployments().inNamespace(namespace).withName("temporary").delete();

    await()
        .atMost(ROLLOUT)
        .untilAsserted(
            () -> {
              assertThat(client.apps().replicaSets().inNamespace(namespace).list().getItems())
                  .isEmpty();
              assertThat(client.pods().inNamespace(namespace).list().getItems()).isEmpty();
            });
  }

  private Deployment deployment(String name, int replicas) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .withMatchLabels(Map.of("app", name))
        .endSelector()
        .withTemplate(podTemplate(name))
        .endSpec()
        .build();
  }

  private static PodTemplateSpec podTemplate(String name) {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(Map.of("app", name))
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(name)
        .withImage("registry.example.org/" + name + ":1.0.0")
        .endContainer()
        .endSpec()
        .build();
  }

  private StatefulSet statefulSet(String name, int replicas) {
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withServiceName(name)
        .withNewSelector()
        .withMatchLabels(Map.of("app", name))
        .endSelector()
        .withTemplate(podTemplate(name))
        .endSpec()
        .build();
  }
}
