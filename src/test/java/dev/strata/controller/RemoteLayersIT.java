package dev.strata.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strata.api.Condition;
import dev.strata.api.Layer;
import dev.strata.api.LayeredKustomization;
import dev.strata.api.LayeredKustomizationSpec;
import dev.strata.api.SourceReference;
import dev.strata.runtime.Metrics;
import dev.strata.runtime.OperatorSettings;
import dev.strata.runtime.StrataOperator;
import dev.strata.source.GitFetcher;
import dev.strata.source.ObjectStore;
import dev.strata.testing.ApiServerExtension;
import dev.strata.testing.TestNamespaces;
import dev.strata.testing.TestResources;
import dev.strata.testing.git.GitDaemon;
import dev.strata.testing.git.TestRepository;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A layer whose kustomization names a remote base, through both reconcilers on a real API server,
 * with the GitSource and the remote served by C git's daemon: applied by default, refused by
 * spec.remoteResources: false and by the operator's --no-remote-resources.
 */
@ExtendWith(ApiServerExtension.class)
class RemoteLayersIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir static Path served;
  private static GitDaemon daemon;
  private static TestRepository bases;

  @TempDir Path cache;
  private final KubernetesClient client;
  private String namespace;
  private StrataOperator operator;

  RemoteLayersIT(KubernetesClient client) {
    this.client = client;
  }

  @BeforeAll
  static void serve() throws Exception {
    daemon = GitDaemon.serve(served);
    bases = TestRepository.generate(served, "bases", 1, 10, 3);
    bases.commitFiles(
        Map.of(
            "config/kustomization.yaml",
            "resources:\n- settings.yaml\n",
            "config/settings.yaml",
            settings("remote-settings", "info")));
  }

  @AfterAll
  static void stopServing() {
    daemon.close();
  }

  @BeforeEach
  void createNamespace() {
    namespace = TestNamespaces.create(client, "remote");
  }

  @AfterEach
  void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  void aRemoteBaseIsFetchedAndApplied() throws Exception {
    startOperator(true);
    var app = source("applied");
    createLayers("applied", lk -> {});

    awaitReady("applied");
    ConfigMap settings =
        client.configMaps().inNamespace(namespace).withName("remote-settings").get();
    assertThat(settings.getData()).containsEntry("level", "info");
    assertThat(get("applied").getStatus().getLastAppliedRevision()).endsWith(app.head());
  }

  @Test
  void aRemoteBranchThatMovesIsAppliedAgainThoughTheSourceDidNot() throws Exception {
    startOperator(true);
    var moving = TestRepository.generate(served, "moving-bases", 1, 10, 4);
    moving.commitFiles(Map.of("config/kustomization.yaml", "resources:\n- settings.yaml\n"));
    moving.commitFiles(Map.of("config/settings.yaml", settings("moving", "one")));
    source("moved", daemon.url("moving-bases.git") + "//config?ref=main");
    createLayers("moved", lk -> lk.getSpec().setInterval("2s"));
    awaitReady("moved");

    moving.commitFiles(Map.of("config/settings.yaml", settings("moving", "two")));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .configMaps()
                            .inNamespace(namespace)
                            .withName("moving")
                            .get()
                            .getData())
                    .containsEntry("level", "two"));
  }

  @Test
  void remoteResourcesFalseKeepsTheRefusal() throws Exception {
    startOperator(true);
    source("off");
    createLayers("off", lk -> lk.getSpec().setRemoteResources(false));

    awaitRefusal("off", "is not allowed (spec.remoteResources is false); vendor it");
  }

  @Test
  void theOperatorFlagRefusesThemForEveryone() throws Exception {
    startOperator(false);
    source("locked");
    createLayers("locked", lk -> lk.getSpec().setRemoteResources(true));

    awaitRefusal("locked", "is not allowed (this operator runs with --no-remote-resources)");
  }

  // --- helpers ---

  private void startOperator(boolean remoteResources) {
    var store = new ObjectStore(cache);
    operator =
        new StrataOperator(
            client,
            new OperatorSettings(
                Set.of(namespace), false, "unused", namespace, "test", 0, Duration.ofSeconds(5)),
            List.of(
                new GitSourceReconciler(
                    store, new GitFetcher(store, Duration.ofMillis(200)), Clock.systemUTC()),
                LayeredKustomizationReconciler.builder(client, store)
                    .remoteResources(new RemoteResources(remoteResources, store, client))
                    .build()),
            Metrics.newRegistry());
    operator.start();
  }

  /** A GitSource whose one layer names the remote base. */
  private TestRepository source(String name) throws Exception {
    return source(name, daemon.url("bases.git") + "//config?ref=main");
  }

  private TestRepository source(String name, String remote) throws Exception {
    var repo = TestRepository.generate(served, name, 1, 10, 7);
    repo.commitFiles(Map.of("layers/remote/kustomization.yaml", "resources:\n- " + remote + "\n"));
    var source = TestResources.gitSource(namespace, name, ref -> ref.setBranch("main"));
    source.getSpec().setUrl(daemon.url(name + ".git"));
    source.getSpec().setInterval("1h");
    source.getMetadata().setAnnotations(new HashMap<>());
    client.resource(source).create();
    return repo;
  }

  private void createLayers(String name, Consumer<LayeredKustomization> customize) {
    var lk = new LayeredKustomization();
    lk.setSpec(new LayeredKustomizationSpec());
    lk.getMetadata().setName(name);
    lk.getMetadata().setNamespace(namespace);
    var ref = new SourceReference();
    ref.setKind("GitSource");
    ref.setName(name);
    lk.getSpec().setSourceRef(ref);
    lk.getSpec().setInterval("1h");
    Layer layer = new Layer();
    layer.setName("remote");
    layer.setPath("./layers/remote");
    lk.getSpec().setLayers(List.of(layer));
    customize.accept(lk);
    client.resource(lk).create();
  }

  private void awaitReady(String name) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              var lk = get(name);
              assertThat(lk.getStatus()).isNotNull();
              assertThat(ready(lk).getStatus()).isEqualTo("True");
            });
  }

  private void awaitRefusal(String name, String message) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              var lk = get(name);
              assertThat(lk.getStatus()).isNotNull();
              assertThat(ready(lk).getStatus()).isEqualTo("False");
              assertThat(ready(lk).getMessage())
                  .contains(
                      "layers/remote/kustomization.yaml: remote resource '"
                          + daemon.url("bases.git")
                          + "//config?ref=main' "
                          + message);
            });
    assertThat(client.configMaps().inNamespace(namespace).withName("remote-settings").get())
        .isNull();
  }

  private static String settings(String name, String level) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "
        + name
        + "\ndata:\n  level: "
        + level
        + "\n";
  }

  private LayeredKustomization get(String name) {
    return client.resources(LayeredKustomization.class).inNamespace(namespace).withName(name).get();
  }

  private static Condition ready(LayeredKustomization lk) {
    return lk.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals("Ready"))
        .findFirst()
        .orElseThrow();
  }
}
