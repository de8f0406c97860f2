package dev.strata.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strata.api.LayerPhase;
import dev.strata.api.LayerStatus;
import dev.strata.api.LayeredKustomization;
import dev.strata.controller.GitSourceReconciler;
import dev.strata.controller.LayeredKustomizationReconciler;
import dev.strata.runtime.CustomResourceDefinitions;
import dev.strata.runtime.Metrics;
import dev.strata.runtime.OperatorSettings;
import dev.strata.runtime.StrataOperator;
import dev.strata.source.GitFetcher;
import dev.strata.source.ObjectStore;
import dev.strata.testing.LayerScenario;
import dev.strata.testing.TestNamespaces;
import dev.strata.testing.TestResources;
import dev.strata.testing.git.GitDaemon;
import dev.strata.testing.git.TestRepository;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.k3s.K3sContainer;

/**
 * The layered scenario on a real k3s (Testcontainers), where real kubelets pull and run the images:
 * three layers in order, each gated on the health of the one before, then a hand edit healed.
 * Skipped with the reason where no Docker engine runs.
 */
@ExtendWith(RequiresDocker.class)
class K3sLayersIT {

  @TempDir Path served;
  @TempDir Path cache;

  @Test
  void layersBecomeReadyInOrderAndDriftIsHealed() throws Exception {
    try (var k3s = new K3sContainer(K3sSmokeIT.K3S)) {
      k3s.start();
      try (KubernetesClient client =
              new KubernetesClientBuilder()
                  .withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml()))
                  .build();
          GitDaemon daemon = GitDaemon.serve(served)) {
        CustomResourceDefinitions.install(client);
        String namespace = TestNamespaces.create(client, "k3s-layers");
        var repo = TestRepository.generate(served, "layers", 1, 10, 5);
        repo.commitFiles(LayerScenario.threeLayers());
        var store = new ObjectStore(cache);
        try (var operator =
            new StrataOperator(
                client,
                new OperatorSettings(
                    Set.of(namespace), false, "unused", namespace, "k3s", 0, Duration.ofSeconds(5)),
                List.of(
                    new GitSourceReconciler(store, new GitFetcher(store), Clock.systemUTC()),
                    LayeredKustomizationReconciler.builder(client, store).build()),
                Metrics.newRegistry())) {
          operator.start();
          var source = TestResources.gitSource(namespace, "layers", ref -> ref.setBranch("main"));
          source.getSpec().setUrl(daemon.url("layers.git"));
          source.getMetadata().setAnnotations(new HashMap<>());
          client.resource(source).create();
          client.resource(LayerScenario.layeredKustomization(namespace, "layers", "3m")).create();

          await()
              .atMost(Duration.ofMinutes(5))
              .untilAsserted(
                  () -> {
                    var lk = get(client, namespace);
                    assertThat(lk.getStatus()).isNotNull();
                    assertThat(lk.getStatus().getLastAppliedRevision()).endsWith(repo.head());
                  });
          var lk = get(client, namespace);
          assertThat(lk.getStatus().getLayers())
              .extracting(LayerStatus::getPhase)
              .containsOnly(LayerPhase.READY);
          assertThat(
                  client
                      .apps()
                      .deployments()
                      .inNamespace(namespace)
                      .withName("web")
                      .get()
                      .getStatus()
                      .getReadyReplicas())
              .isEqualTo(1);

          client.apps().deployments().inNamespace(namespace).withName("web").scale(2);
          await()
              .atMost(Duration.ofSeconds(30))
              .untilAsserted(
                  () ->
                      assertThat(
                              client
                                  .apps()
                                  .deployments()
                                  .inNamespace(namespace)
                                  .withName("web")
                                  .get()
                                  .getSpec()
                                  .getReplicas())
                          .isEqualTo(1));
        }
      }
    }
  }

  private static LayeredKustomization get(KubernetesClient client, String namespace) {
    return client
        .resources(LayeredKustomization.class)
        .inNamespace(namespace)
        .withName("layers")
        .get();
  }
}
