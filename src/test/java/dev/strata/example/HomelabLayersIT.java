package dev.strata.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strata.api.GitSource;
import dev.strata.api.LayerPhase;
import dev.strata.api.LayerStatus;
import dev.strata.api.LayeredKustomization;
import dev.strata.cli.GetCommand;
import dev.strata.controller.GitSourceReconciler;
import dev.strata.controller.LayeredKustomizationReconciler;
import dev.strata.runtime.Metrics;
import dev.strata.runtime.OperatorSettings;
import dev.strata.runtime.StrataOperator;
import dev.strata.source.GitFetcher;
import dev.strata.source.ObjectStore;
import dev.strata.testing.SimulatedClusterExtension;
import dev.strata.testing.TestNamespaces;
import dev.strata.testing.TestResources;
import dev.strata.testing.git.GitDaemon;
import dev.strata.testing.git.TestRepository;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The homelab example's six layers (clusters/simulated), served from a local Git server, reconciled
 * by the operator on the simulated cluster: every layer becomes Ready, each no earlier than the
 * layers it depends on, and the operator reports it all in status.
 */
@ExtendWith(SimulatedClusterExtension.class)
class HomelabLayersIT {

  private static final Duration WAIT = Duration.ofMinutes(3);

  @TempDir Path served;
  @TempDir Path cache;
  private final KubernetesClient client;
  private StrataOperator operator;
  private String namespace;

  HomelabLayersIT(KubernetesClient client) {
    this.client = client;
  }

  @AfterEach
  void cleanUp() {
    if (namespace != null) {
      client
          .resources(LayeredKustomization.class)
          .inNamespace(namespace)
          .withName("homelab")
          .delete();
      await()
          .atMost(Duration.ofMinutes(1))
          .until(
              () ->
                  client
                          .resources(LayeredKustomization.class)
                          .inNamespace(namespace)
                          .withName("homelab")
                          .get()
                      == null);
    }
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  void sixLayersBecomeReadyInDependencyOrder() throws Exception {
    namespace = TestNamespaces.create(client, "homelab-operator");
    var repo = TestRepository.generate(served, "homelab", 1, 10, 3);
    repo.commitFiles(exampleFiles());
    try (var daemon = GitDaemon.serve(served)) {
      startOperator();
      var source = TestResources.gitSource(namespace, "homelab", ref -> ref.setBranch("main"));
      source.getSpec().setUrl(daemon.url("homelab.git"));
      source.getMetadata().setAnnotations(new HashMap<>());
      client.resource(source).create();
      LayeredKustomization lk = ExampleRepository.layers(ExampleRepository.SIMULATED);
      lk.getMetadata().setNamespace(namespace);
      lk.getSpec().setTimeout("3m");
      client.resource(lk).create();

      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofSeconds(1))
          .conditionEvaluationListener(
              condition -> {
                if (condition.getRemainingTimeInMS() < 1500) {
                  System.out.print(GetCommand.tree(get()));
                }
              })
          .untilAsserted(
              () -> {
                var status = get().getStatus();
                assertThat(status).isNotNull();
                assertThat(status.getLastAppliedRevision()).endsWith(repo.head());
              });
    }
    var lk = get();
    assertThat(lk.getStatus().getLayers())
        .extracting(LayerStatus::getPhase)
        .containsOnly(LayerPhase.READY)
        .hasSize(6);
    Map<String, Instant> readyAt = new LinkedHashMap<>();
    lk.getStatus()
        .getLayers()
        .forEach(l -> readyAt.put(l.getName(), Instant.parse(l.getLastTransitionTime())));
    for (var layer : lk.getSpec().getLayers()) {
      for (String dependency :
          layer.getDependsOn() == null ? List.<String>of() : layer.getDependsOn()) {
        assertThat(readyAt.get(layer.getName()))
            .as("%s became Ready no earlier than %s", layer.getName(), dependency)
            .isAfterOrEqualTo(readyAt.get(dependency));
      }
    }
    assertThat(lk.getStatus().getInventory().getLayers()).hasSize(6);
    System.out.print(GetCommand.tree(lk));
  }

  private LayeredKustomization get() {
    return client
        .resources(LayeredKustomization.class)
        .inNamespace(namespace)
        .withName("homelab")
        .get();
  }

  private void startOperator() {
    var store = new ObjectStore(cache);
    operator =
        new StrataOperator(
            client,
            new OperatorSettings(
                Set.of(namespace), false, "unused", namespace, "test", 0, Duration.ofSeconds(5)),
            List.of(
                new GitSourceReconciler(
                    store, new GitFetcher(store, Duration.ofMillis(200)), Clock.systemUTC()),
                LayeredKustomizationReconciler.builder(client, store).build()),
            Metrics.newRegistry());
    operator.start();
  }

  /** The example's directories, as files to commit. */
  private static Map<String, String> exampleFiles() throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    for (String top : List.of("infrastructure", "apps", "clusters/simulated")) {
      Path root = ExampleRepository.ROOT.resolve(top);
      try (Stream<Path> paths = Files.walk(root)) {
        for (Path path : paths.filter(Files::isRegularFile).toList()) {
          files.put(ExampleRepository.ROOT.relativize(path).toString(), Files.readString(path));
        }
      }
    }
    return files;
  }

  @SuppressWarnings("unused")
  private GitSource source() {
    return client.resources(GitSource.class).inNamespace(namespace).withName("homelab").get();
  }
}
