package dev.strata.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strata.api.Condition;
import dev.strata.api.ConditionTypes;
import dev.strata.api.DriftMode;
import dev.strata.api.GitSource;
import dev.strata.api.HealthCheckExpression;
import dev.strata.api.HistoryEntry;
import dev.strata.api.LayerPhase;
import dev.strata.api.LayerStatus;
import dev.strata.api.LayeredKustomization;
import dev.strata.api.Reasons;
import dev.strata.api.RollbackPolicy;
import dev.strata.api.StrataMetadata;
import dev.strata.cli.GetCommand;
import dev.strata.cli.HistoryCommand;
import dev.strata.runtime.Metrics;
import dev.strata.runtime.OperatorSettings;
import dev.strata.runtime.StrataOperator;
import dev.strata.source.GitFetcher;
import dev.strata.source.ObjectStore;
import dev.strata.testing.Kubectl;
import dev.strata.testing.LayerScenario;
import dev.strata.testing.SimulatedClusterExtension;
import dev.strata.testing.TestNamespaces;
import dev.strata.testing.TestResources;
import dev.strata.testing.git.GitDaemon;
import dev.strata.testing.git.TestRepository;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
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
 * Runs both reconcilers on the simulated cluster (kube-controller-manager, scheduler and kwok
 * nodes, so Deployments really become Ready) with layers served by C git's daemon.
 */
@ExtendWith(SimulatedClusterExtension.class)
class LayeredKustomizationIT {

  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir static Path served;
  private static GitDaemon daemon;

  @TempDir Path cache;
  private final KubernetesClient client;
  private String namespace;
  private StrataOperator operator;
  private io.micrometer.core.instrument.MeterRegistry registry;

  private final dev.strata.localcluster.LocalControlPlane controlPlane;

  LayeredKustomizationIT(
      KubernetesClient client, dev.strata.localcluster.LocalControlPlane controlPlane) {
    this.client = client;
    this.controlPlane = controlPlane;
  }

  @BeforeAll
  static void serve() throws Exception {
    daemon = GitDaemon.serve(served);
  }

  @AfterAll
  static void stopServing() {
    daemon.close();
  }

  @BeforeEach
  void createNamespaceAndStartOperator() {
    namespace = TestNamespaces.create(client, "layers");
    startOperator();
  }

  private void startOperator() {
    startOperator(1000);
  }

  private void startOperator(int inventoryStatusLimit) {
    var store = new ObjectStore(cache);
    registry = Metrics.newRegistry();
    operator =
        new StrataOperator(
            client,
            new OperatorSettings(
                Set.of(namespace), false, "unused", namespace, "test", 0, Duration.ofSeconds(5)),
            List.of(
                new GitSourceReconciler(
                    store, new GitFetcher(store, Duration.ofMillis(200)), Clock.systemUTC()),
                LayeredKustomizationReconciler.builder(client, store)
                    .meterRegistry(registry)
                    .inventoryStatusLimit(inventoryStatusLimit)
                    .build()),
            Metrics.newRegistry());
    operator.start();
  }

  @AfterEach
  void stopOperator() {
    operator.close();
  }

  private static Map<String, String> threeLayers() {
    return LayerScenario.threeLayers();
  }

  private static String deployment(String name, int replicas) {
    return LayerScenario.deployment(name, replicas);
  }

  private TestRepository repository(String name, Map<String, String> files) throws Exception {
    var repo = TestRepository.generate(served, name, 1, 10, 7);
    repo.commitFiles(files);
    return repo;
  }

  private void createSource(String name) {
    var source = TestResources.gitSource(namespace, name, ref -> ref.setBranch("main"));
    source.getSpec().setUrl(daemon.url(name + ".git"));
    source.getSpec().setInterval("1h");
    source.getMetadata().setAnnotations(new java.util.HashMap<>());
    client.resource(source).create();
  }

  private void createLayers(String name, Consumer<LayeredKustomization> customize) {
    var lk = LayerScenario.layeredKustomization(namespace, name, "90s");
    customize.accept(lk);
    client.resource(lk).create();
  }

  private LayeredKustomization get(String name) {
    return client.resources(LayeredKustomization.class).inNamespace(namespace).withName(name).get();
  }

  private LayeredKustomization awaitReady(String name, String revisionCommit) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              var status = get(name).getStatus();
              assertThat(status).isNotNull();
              assertThat(status.getLastAppliedRevision()).endsWith(revisionCommit);
              assertThat(ready(get(name)).getStatus()).isEqualTo("True");
            });
    return get(name);
  }

  private static Condition ready(LayeredKustomization lk) {
    return lk.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals("Ready"))
        .findFirst()
        .orElseThrow();
  }

  private static LayerStatus layer(LayeredKustomization lk, String name) {
    return lk.getStatus().getLayers().stream()
        .filter(l -> l.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void appliesLayersInOrderEachAfterThePreviousIsHealthy() throws Exception {
    var repo = repository("ordered", threeLayers());
    createSource("ordered");
    createLayers("ordered", lk -> {});

    var lk = awaitReady("ordered", repo.head());

    assertThat(lk.getStatus().getLayers())
        .extracting(LayerStatus::getName, LayerStatus::getPhase)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("settings", LayerPhase.READY),
            org.assertj.core.groups.Tuple.tuple("web", LayerPhase.READY),
            org.assertj.core.groups.Tuple.tuple("extra", LayerPhase.READY));
    Deployment web = client.apps().deployments().inNamespace(namespace).withName("web").get();
    assertThat(web.getStatus().getReadyReplicas()).isEqualTo(1);
    // The layer after web became Ready no earlier than web did: it waited for web's health.
    assertThat(Instant.parse(layer(lk, "extra").getLastTransitionTime()))
        .isAfterOrEqualTo(Instant.parse(layer(lk, "web").getLastTransitionTime()));
    assertThat(web.getMetadata().getLabels())
        .containsEntry(StrataMetadata.OWNER_NAME_LABEL, "ordered");
    assertThat(lk.getStatus().getInventory().getLayers()).hasSize(3);
    assertThat(GetCommand.tree(lk)).contains("web", "READY");
    assertThat(registry.find("strata.layer.apply").tag("layer", "web").timer().count())
        .isEqualTo(1);
    assertThat(registry.find("strata.layer.health.wait").tag("layer", "web").timer().count())
        .isEqualTo(1);
    assertThat(registry.find("strata.layer.objects.changed").tag("layer", "web").counter().count())
        .isEqualTo(1);
  }

  @Test
  void anInvalidLayerAppliesNothingAndAFixRecovers() throws Exception {
    Map<String, String> files = threeLayers();
    files.put("layers/web/web.yaml", deployment("web", 1).replace("replicas: 1", "replicas: many"));
    files.put("layers/web/more.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: more\n");
    files.put("layers/web/kustomization.yaml", "resources:\n  - web.yaml\n  - more.yaml\n");
    var repo = repository("broken", files);
    createSource("broken");
    createLayers("broken", lk -> {});

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              var lk = get("broken");
              assertThat(lk.getStatus()).isNotNull();
              assertThat(lk.getStatus().getLayers()).hasSize(3);
              assertThat(layer(lk, "web").getPhase()).isEqualTo(LayerPhase.FAILED);
              assertThat(ready(lk).getStatus()).isEqualTo("False");
            });
    var lk = get("broken");
    assertThat(layer(lk, "settings").getPhase()).isEqualTo(LayerPhase.READY);
    assertThat(layer(lk, "web").getMessage()).contains("layers/web/web.yaml", "Deployment");
    assertThat(layer(lk, "extra").getPhase()).isEqualTo(LayerPhase.PENDING);
    assertThat(client.configMaps().inNamespace(namespace).withName("more").get()).isNull();
    assertThat(client.configMaps().inNamespace(namespace).withName("extra").get()).isNull();
    assertThat(ready(lk).getStatus()).isEqualTo("False");

    String fixed = repo.commitFiles(Map.of("layers/web/web.yaml", deployment("web", 1)));
    requestReconcile("broken");
    awaitReady("broken", fixed);
    assertThat(client.configMaps().inNamespace(namespace).withName("more").get()).isNotNull();
  }

  @Test
  void prunesWhatLeftGitAndHealsDrift() throws Exception {
    var repo = repository("drift", threeLayers());
    createSource("drift");
    createLayers("drift", lk -> {});
    awaitReady("drift", repo.head());

    // Drift: scale by hand, delete a managed ConfigMap.
    client.apps().deployments().inNamespace(namespace).withName("web").scale(3);
    awaitReplicas("web", 1, Duration.ofSeconds(20));
    client.configMaps().inNamespace(namespace).withName("extra").delete();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(client.configMaps().inNamespace(namespace).withName("extra").get())
                    .isNotNull());
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              var drift = get("drift").getStatus().getDrift();
              assertThat(drift).isNotNull();
              assertThat(drift.getAction()).isEqualTo("healed");
              assertThat(drift.getCount()).isEqualTo(2);
            });

    // Prune: remove a file from Git.
    String removed =
        repo.commitFiles(
            new LinkedHashMap<>(
                Map.of(
                    "layers/extra/extra.yaml",
                    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra2\n")));
    requestReconcile("drift");
    awaitReady("drift", removed);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(client.configMaps().inNamespace(namespace).withName("extra").get())
                    .isNull());
    assertThat(client.configMaps().inNamespace(namespace).withName("extra2").get()).isNotNull();
  }

  @Test
  void ignoredReplicasAreNeitherAppliedNorHealedWhileOtherDriftIs() throws Exception {
    var repo = repository("ignored", threeLayers());
    createSource("ignored");
    var rule = new dev.strata.api.IgnoreFields();
    var target = new dev.strata.api.IgnoreFields.Selector();
    target.setKind("Deployment");
    target.setName("web");
    rule.setTarget(target);
    rule.setJsonPointers(List.of("/spec/replicas"));
    createLayers("ignored", lk -> lk.getSpec().setIgnoreFields(List.of(rule)));
    awaitReady("ignored", repo.head());

    // An HPA would scale through the scale subresource, as this does.
    client.apps().deployments().inNamespace(namespace).withName("web").scale(3);
    client.configMaps().inNamespace(namespace).withName("extra").delete();
    // The deleted ConfigMap is healed, so the drift watch has handled the scale too.
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(client.configMaps().inNamespace(namespace).withName("extra").get())
                    .isNotNull());
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
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
                    .isEqualTo(3));

    // A new revision is applied without touching the replicas either.
    String next =
        repo.commitFiles(
            new LinkedHashMap<>(
                Map.of(
                    "layers/extra/extra.yaml",
                    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\ndata: {a: b}\n")));
    requestReconcile("ignored");
    awaitReady("ignored", next);
    awaitReplicas("web", 3, Duration.ofSeconds(5));
  }

  @Test
  void aFluxIfNotPresentObjectIsCreatedOnceThenNeitherHealedNorUpdated() throws Exception {
    Map<String, String> files = threeLayers();
    files.put(
        "layers/settings/settings.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  annotations:\n"
            + "    kustomize.toolkit.fluxcd.io/ssa: IfNotPresent\ndata:\n  level: info\n");
    var repo = repository("once", files);
    createSource("once");
    createLayers("once", lk -> {});
    awaitReady("once", repo.head());
    assertThat(settingsLevel()).isEqualTo("info");

    client
        .configMaps()
        .inNamespace(namespace)
        .withName("settings")
        .edit(
            c -> {
              c.getData().put("level", "debug");
              // A ConfigMap has no generation: an annotation change is what the watch sees.
              c.getMetadata().getAnnotations().put("example.com/edited", "by hand");
              return c;
            });
    client.configMaps().inNamespace(namespace).withName("extra").delete();
    // The deleted ConfigMap is healed, so the drift watch has handled the edit too.
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(client.configMaps().inNamespace(namespace).withName("extra").get())
                    .isNotNull());
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(settingsLevel()).isEqualTo("debug"));

    String next =
        repo.commitFiles(
            Map.of(
                "layers/settings/settings.yaml",
                files.get("layers/settings/settings.yaml").replace("level: info", "level: warn")));
    requestReconcile("once");
    var lk = awaitReady("once", next);
    assertThat(settingsLevel()).isEqualTo("debug");
    assertThat(layer(lk, "settings").getPhase()).isEqualTo(LayerPhase.READY);
  }

  private String settingsLevel() {
    return client
        .configMaps()
        .inNamespace(namespace)
        .withName("settings")
        .get()
        .getData()
        .get("level");
  }

  @Test
  void reportModeOnlyReportsDrift() throws Exception {
    var repo = repository("report", threeLayers());
    createSource("report");
    createLayers("report", lk -> lk.getSpec().setDrift(DriftMode.REPORT));
    awaitReady("report", repo.head());

    client.apps().deployments().inNamespace(namespace).withName("web").scale(2);

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              var drift = get("report").getStatus().getDrift();
              assertThat(drift).isNotNull();
              assertThat(drift.getAction()).isEqualTo("reported");
              assertThat(drift.getObjects())
                  .anyMatch(o -> o.contains("Deployment") && o.contains("web"));
            });
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(namespace)
                .withName("web")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(2);
  }

  @Test
  void suspendedResourcesAreLeftAloneUntilResumed() throws Exception {
    var repo = repository("suspend", threeLayers());
    createSource("suspend");
    createLayers("suspend", lk -> {});
    String first = repo.head();
    awaitReady("suspend", first);

    edit("suspend", lk -> lk.getSpec().setSuspend(true));
    String second =
        repo.commitFiles(
            Map.of(
                "layers/extra/extra.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\ndata:\n  a: changed\n"));
    requestReconcile("suspend");
    await()
        .atMost(WAIT)
        .until(
            () ->
                client
                    .resources(GitSource.class)
                    .inNamespace(namespace)
                    .withName("suspend")
                    .get()
                    .getStatus()
                    .getArtifact()
                    .getRevision()
                    .endsWith(second));
    Thread.sleep(3000);
    assertThat(get("suspend").getStatus().getLastAppliedRevision()).endsWith(first);
    assertThat(client.configMaps().inNamespace(namespace).withName("extra").get().getData())
        .containsEntry("a", "b");

    edit("suspend", lk -> lk.getSpec().setSuspend(false));
    awaitReady("suspend", second);
    assertThat(client.configMaps().inNamespace(namespace).withName("extra").get().getData())
        .containsEntry("a", "changed");
  }

  @Test
  void aServiceAccountWithoutRightsGetsForbiddenAndNothingIsApplied() throws Exception {
    client
        .serviceAccounts()
        .inNamespace(namespace)
        .resource(
            new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
                .withNewMetadata()
                .withName("limited")
                .endMetadata()
                .build())
        .create();
    client
        .resource(
            new io.fabric8.kubernetes.api.model.rbac.RoleBuilder()
                .withNewMetadata()
                .withName("configmaps")
                .withNamespace(namespace)
                .endMetadata()
                .addNewRule()
                .withApiGroups("")
                .withResources("configmaps")
                .withVerbs("get", "list", "watch", "create", "patch", "update", "delete")
                .endRule()
                .build())
        .create();
    client
        .resource(
            new io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder()
                .withNewMetadata()
                .withName("configmaps")
                .withNamespace(namespace)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", "configmaps")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName("limited")
                .withNamespace(namespace)
                .endSubject()
                .build())
        .create();
    var repo = repository("tenant", threeLayers());
    createSource("tenant");
    createLayers("tenant", lk -> lk.getSpec().setServiceAccountName("limited"));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              var lk = get("tenant");
              assertThat(lk.getStatus()).isNotNull();
              assertThat(lk.getStatus().getLayers()).hasSize(3);
              assertThat(layer(lk, "web").getPhase()).isEqualTo(LayerPhase.FAILED);
            });
    var lk = get("tenant");
    assertThat(layer(lk, "settings").getPhase()).isEqualTo(LayerPhase.READY);
    assertThat(layer(lk, "web").getMessage())
        .contains(
            "Deployment/" + namespace + "/web",
            "forbidden",
            "system:serviceaccount:" + namespace + ":limited");
    assertThat(client.apps().deployments().inNamespace(namespace).withName("web").get()).isNull();
    assertThat(repo.head()).isNotEmpty();
  }

  @Test
  void anOperatorRestartedInTheMiddleOfARunConverges() throws Exception {
    var repo = repository("restart", threeLayers());
    createSource("restart");
    createLayers("restart", lk -> {});
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              var lk = get("restart");
              assertThat(lk.getStatus()).isNotNull();
              assertThat(lk.getStatus().getLayers()).isNotEmpty();
            });
    operator.close();
    startOperator();

    var lk = awaitReady("restart", repo.head());
    assertThat(lk.getStatus().getLayers())
        .extracting(LayerStatus::getPhase)
        .containsOnly(LayerPhase.READY);
    assertThat(lk.getStatus().getInventory().getLayers())
        .allSatisfy(layer -> assertThat(layer.getEntries()).hasSize(1));
    assertThat(client.apps().deployments().inNamespace(namespace).list().getItems()).hasSize(1);

    // A restart with nothing new to apply still watches for drift.
    operator.close();
    startOperator();
    Thread.sleep(2000);
    client.apps().deployments().inNamespace(namespace).withName("web").scale(2);
    awaitReplicas("web", 1, Duration.ofSeconds(30));
  }

  @Test
  void cliReconcilesSuspendsResumesDiffsAndChecks() throws Exception {
    var repo = repository("cli", threeLayers());
    createSource("cli");
    createLayers("cli", lk -> {});
    awaitReady("cli", repo.head());
    System.setProperty("kubeconfig", controlPlane.kubeconfig().toString());
    try {
      var source = cli("reconcile", "source", "cli", "-n", namespace);
      assertThat(source.exit()).as(source.out()).isZero();
      assertThat(source.out()).contains("✔ stored artifact for revision").endsWith("\n");

      var reconcile = cli("reconcile", "layers", "cli", "--with-source", "-n", namespace);
      assertThat(reconcile.exit()).as(reconcile.out()).isZero();
      assertThat(reconcile.out())
          .contains(
              "► annotated GitSource", "► annotated LayeredKustomization", "✔ applied revision")
          .endsWith("\n");
      // Each progress line is one layer's phase and message, never two messages on one line.
      assertThat(reconcile.out().lines().filter(l -> l.startsWith("◎")).toList())
          .isNotEmpty()
          .allMatch(
              l ->
                  l.matches(
                      "◎ layer (settings|web|extra): (Pending|Applying|Progressing|Ready)"
                          + "( — [^—]*)?"),
              "one layer's progress per line")
          .contains("◎ layer extra: Ready — 1 unchanged; all 1 objects healthy after 0.0s");

      var suspended = cli("suspend", "cli", "-n", namespace);
      assertThat(suspended.exit()).isZero();
      assertThat(suspended.out()).isEqualTo("► suspended " + namespace + "/cli\n");
      assertThat(get("cli").getSpec().getSuspend()).isTrue();
      var resumed = cli("resume", "cli", "-n", namespace);
      assertThat(resumed.exit()).isZero();
      assertThat(resumed.out()).isEqualTo("► resumed " + namespace + "/cli\n");
      assertThat(get("cli").getSpec().getSuspend()).isFalse();
      assertThat(cli("get", "cli", "-n", namespace).out())
          .startsWith(namespace + "/cli  ")
          .endsWith("\n");

      var same = cli("diff", "cli", "-n", namespace, "--path", repo.work().toString());
      assertThat(same.exit()).as(same.out()).isZero();
      assertThat(same.out()).isEqualTo("✔ no changes\n");
      java.nio.file.Files.writeString(
          repo.work().resolve("layers/web/web.yaml"), deployment("web", 4));
      var changed = cli("diff", "cli", "-n", namespace, "--path", repo.work().toString());
      assertThat(changed.exit()).as(changed.out()).isEqualTo(1);
      assertThat(changed.out())
          .contains(
              "► layer web: Deployment/"
                  + namespace
                  + "/web would change\n"
                  + "--- live/Deployment/"
                  + namespace
                  + "/web\n"
                  + "+++ dry-run/Deployment/"
                  + namespace
                  + "/web\n",
              "\n-  replicas: 1\n+  replicas: 4\n")
          .doesNotContain("managedFields", "resourceVersion")
          .endsWith("✗ 1 object(s) would change\n");

      var check = cli("check", "--lease-namespace", namespace);
      assertThat(check.out())
          .contains(
              "✔ CRD gitsources.gitops.strata.dev is installed and established",
              "✗ no operator holds Lease")
          .endsWith("✗ some checks failed\n");
      assertThat(check.exit()).isEqualTo(1);
    } finally {
      System.clearProperty("kubeconfig");
    }
  }

  @Test
  void everyCommandEndsItsOutputWithANewlineWhenThereIsNothingToActOn() throws Exception {
    System.setProperty("kubeconfig", controlPlane.kubeconfig().toString());
    try {
      Map<List<String>, String> lastLines = new LinkedHashMap<>();
      lastLines.put(
          List.of("reconcile", "source", "nothing", "-n", namespace),
          "GitSource " + namespace + "/nothing not found");
      lastLines.put(
          List.of("reconcile", "layers", "nothing", "--with-source", "-n", namespace),
          "LayeredKustomization " + namespace + "/nothing not found");
      lastLines.put(
          List.of("suspend", "nothing", "-n", namespace),
          "LayeredKustomization " + namespace + "/nothing not found");
      lastLines.put(
          List.of("resume", "nothing", "-n", namespace),
          "LayeredKustomization " + namespace + "/nothing not found");
      lastLines.put(
          List.of("diff", "nothing", "-n", namespace),
          "LayeredKustomization " + namespace + "/nothing not found");
      lastLines.put(
          List.of("get", "nothing", "-n", namespace),
          "LayeredKustomization " + namespace + "/nothing not found");
      lastLines.put(List.of("get", "-n", namespace), "no LayeredKustomizations found");
      for (var args : lastLines.keySet()) {
        var run = cli(args.toArray(String[]::new));
        assertThat(run.out()).as(String.join(" ", args)).endsWith(lastLines.get(args) + "\n");
      }

      createLayers("checkout", lk -> {});
      var noCheckout = cli("diff", "checkout", "-n", namespace, "--path", "/no/such/checkout");
      assertThat(noCheckout.out()).isEqualTo("✗ --path /no/such/checkout is not a directory\n");
      assertThat(noCheckout.exit()).isEqualTo(2);
    } finally {
      System.clearProperty("kubeconfig");
    }
  }

  @Test
  void kubectlGetShowsLayersBecomingReadyDuringARun() throws Exception {
    var repo = repository("progress", threeLayers());
    createSource("progress");
    createLayers("progress", lk -> lk.getSpec().getLayers().get(1).setTimeout("40s")); // web
    String first = repo.head();
    awaitReady("progress", first);
    var kubectl = new Kubectl(controlPlane.kubeconfig());
    assertThat(row(kubectl, "progress")).contains(" 3/3 True applied revision");

    // A revision whose web Deployment is never scheduled: settings becomes Ready, web waits.
    String second =
        repo.commitFiles(
            Map.of(
                "layers/web/web.yaml",
                deployment("web", 1)
                    .replace(
                        "    spec:\n      containers:",
                        "    spec:\n      nodeSelector:\n        pool: none\n      containers:")));
    requestReconcile("progress");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(get("progress").getStatus().getLayers())
                    .anySatisfy(
                        web -> {
                          assertThat(web.getName()).isEqualTo("web");
                          assertThat(web.getRevision()).endsWith(second);
                          assertThat(web.getPhase()).isEqualTo(LayerPhase.PROGRESSING);
                        }));
    // Layers the run has not reached keep their last status meanwhile.
    assertThat(get("progress").getStatus().getLayers())
        .extracting(LayerStatus::getName, LayerStatus::getPhase)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("settings", LayerPhase.READY),
            org.assertj.core.groups.Tuple.tuple("web", LayerPhase.PROGRESSING),
            org.assertj.core.groups.Tuple.tuple("extra", LayerPhase.READY));
    // NAME SOURCE REVISION LAYERS READY STATUS: the revision still applied, the layers Ready at
    // the new one so far, and what is being applied.
    assertThat(row(kubectl, "progress"))
        .startsWith("progress progress main@sha1:" + first + " 1/3 Unknown applying revision")
        .contains(second);
  }

  /** The LayeredKustomization's row in {@code kubectl get layers}, words only, without AGE. */
  private String row(Kubectl kubectl, String name) throws Exception {
    String output = kubectl.run("get", "layers", name, "-n", namespace, "--no-headers");
    String words = String.join(" ", output.trim().split("\\s+"));
    return words.substring(0, words.lastIndexOf(' '));
  }

  @Test
  void aLargeInventoryIsKeptInAConfigMapAndStillPrunes() throws Exception {
    operator.close();
    startOperator(2);
    var repo = repository("big", threeLayers());
    createSource("big");
    createLayers("big", lk -> {});
    awaitReady("big", repo.head());

    var inventory = get("big").getStatus().getInventory();
    assertThat(inventory.getLayers()).isEmpty();
    assertThat(inventory.getConfigMapRef().getName()).isEqualTo("big-inventory");
    var stored = client.configMaps().inNamespace(namespace).withName("big-inventory").get();
    assertThat(stored.getData()).containsOnlyKeys("settings", "web", "extra");
    assertThat(stored.getMetadata().getOwnerReferences())
        .extracting("kind")
        .containsExactly("LayeredKustomization");

    String removed =
        repo.commitFiles(
            Map.of(
                "layers/extra/extra.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra3\n"));
    requestReconcile("big");
    awaitReady("big", removed);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(client.configMaps().inNamespace(namespace).withName("extra").get())
                    .isNull());
  }

  @Test
  void driftIsHealedTowardsWhatWasLastAppliedNotTowardsARevisionThatFailed() throws Exception {
    var repo = repository("lastgood", threeLayers());
    createSource("lastgood");
    // Without rollback, a failed revision stays attempted: drift healing must still target what
    // each layer applied (RollbackIT covers the rollback).
    createLayers("lastgood", lk -> lk.getSpec().setRollback(rollbackOff()));
    String good = repo.head();
    awaitReady("lastgood", good);

    // A revision whose layer extra does not render: what it applied before stays watched.
    String unrenderable =
        repo.commitFiles(Map.of("layers/extra/kustomization.yaml", "resourcez:\n  - extra.yaml\n"));
    requestReconcile("lastgood");
    awaitLayerFailed("lastgood", "extra", unrenderable);
    assertThat(layer(get("lastgood"), "extra").getAppliedRevision()).endsWith(good);
    client.configMaps().inNamespace(namespace).withName("extra").delete();
    awaitConfigMapData("extra", Map.of("a", "b"));

    // A revision whose layer extra fails validation applies nothing of it, so drift is healed
    // with the data last applied (b), not the refused revision's (c).
    String invalid =
        repo.commitFiles(
            Map.of(
                "layers/extra/kustomization.yaml",
                "resources:\n  - extra.yaml\n  - broken.yaml\n",
                "layers/extra/extra.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\ndata:\n  a: c\n",
                "layers/extra/broken.yaml",
                deployment("broken", 1).replace("replicas: 1", "replicas: many")));
    requestReconcile("lastgood");
    awaitLayerFailed("lastgood", "extra", invalid);
    client.configMaps().inNamespace(namespace).withName("extra").delete();
    awaitConfigMapData("extra", Map.of("a", "b"));

    // A restarted operator finds the applied revision in status and heals towards it too.
    operator.close();
    startOperator();
    awaitLayerFailed("lastgood", "extra", invalid);
    Thread.sleep(2000);
    client.configMaps().inNamespace(namespace).withName("extra").delete();
    awaitConfigMapData("extra", Map.of("a", "b"));
    // The restarted operator may be running the failed revision again (the GitSource's initial
    // list triggers a second run): read status once a run has recorded it.
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(layer(get("lastgood"), "extra").getAppliedRevision()).endsWith(good);
              assertThat(layer(get("lastgood"), "settings").getAppliedRevision()).endsWith(invalid);
            });
  }

  @Test
  void anErrorOutsideTheLayersEndsInReadyFalseWithTheCause() throws Exception {
    operator.close();
    startOperator(2);
    // The ConfigMap the inventory must go into is immutable: writing the inventory fails.
    client
        .configMaps()
        .inNamespace(namespace)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("stuck-inventory")
                .endMetadata()
                .withImmutable(true)
                .addToData("settings", "")
                .build())
        .create();
    repository("stuck", threeLayers());
    createSource("stuck");
    createLayers("stuck", lk -> {});

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              var lk = get("stuck");
              assertThat(lk.getStatus()).isNotNull();
              assertThat(ready(lk).getStatus()).isEqualTo("False");
              assertThat(ready(lk).getReason()).isEqualTo(Reasons.RECONCILE_ERROR);
              assertThat(ready(lk).getMessage()).contains("stuck-inventory", "immutable");
              assertThat(lk.getStatus().getConditions())
                  .extracting(Condition::getType)
                  .doesNotContain(ConditionTypes.RECONCILING);
            });
  }

  @Test
  void aLayerReadingAFileTheSourceIgnoresFailsNamingIt() throws Exception {
    Map<String, String> files = threeLayers();
    files.put(
        "layers/settings/kustomization.yaml", "resources:\n  - settings.yaml\n  - extra.yaml\n");
    files.put("layers/settings/extra.yaml", "apiVersion: v1\nkind: ConfigMap\n");
    var repo = repository("ignoring", files);
    var source = TestResources.gitSource(namespace, "ignoring", ref -> ref.setBranch("main"));
    source.getSpec().setUrl(daemon.url("ignoring.git"));
    source.getSpec().setInterval("1h");
    source.getSpec().setIgnore("# not for the cluster\nextra.yaml\n");
    client.resource(source).create();
    createLayers("ignoring", lk -> {});

    awaitLayerFailed("ignoring", "settings", repo.head());
    assertThat(layer(get("ignoring"), "settings").getMessage())
        .contains(
            "layers/settings/extra.yaml is excluded by the GitSource's spec.ignore, so it was not"
                + " fetched; remove it from spec.ignore to use it");
  }

  @Test
  void anOversizedGeneratedConfigMapFailsItsLayerAtOnceSayingSoInStatusEventAndLog()
      throws Exception {
    Map<String, String> files = threeLayers();
    // A generated ConfigMap of 4 MiB: the API server reads at most 3 MiB of a request.
    files.put(
        "layers/settings/kustomization.yaml",
        "resources:\n  - settings.yaml\nconfigMapGenerator:\n  - name: big\n    files:\n"
            + "      - blob.txt\n");
    files.put("layers/settings/blob.txt", "x".repeat(4 * 1024 * 1024));
    var repo = repository("oversized", files);
    var logged =
        new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
    var logger =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(LayeredKustomizationReconciler.class);
    logged.start();
    logger.addAppender(logged);
    try {
      createSource("oversized");
      createLayers("oversized", lk -> lk.getSpec().getLayers().get(0).setTimeout("60s"));
      Instant created = Instant.now();

      await()
          .atMost(WAIT)
          .ignoreExceptions() // until status has the layer
          .untilAsserted(
              () ->
                  assertThat(layer(get("oversized"), "settings").getPhase())
                      .isEqualTo(LayerPhase.FAILED));
      awaitLayerFailed("oversized", "settings", repo.head());
      Duration took = Duration.between(created, Instant.now());

      // Fetching and rendering included; it used to sit in Applying past the timeout.
      assertThat(took).isLessThan(Duration.ofSeconds(30));
      var lk = get("oversized");
      String message = ready(lk).getMessage();
      assertThat(ready(lk).getReason()).isEqualTo(Reasons.LAYER_FAILED);
      assertThat(message)
          .startsWith(
              "layer settings: validation failed for 1 object (nothing was changed):\n"
                  + "  ConfigMap/"
                  + namespace
                  + "/big-")
          .contains(
              "(from layers/settings/kustomization.yaml): 413 RequestEntityTooLarge: Request"
                  + " entity too large: limit is 3145728 (this object is 4.0 MiB as JSON)");
      assertThat(layer(lk, "settings").getMessage())
          .isEqualTo(message.substring("layer settings: ".length()));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(client.events().v1().events().inNamespace(namespace).list().getItems())
                      .filteredOn(e -> Reasons.LAYER_FAILED.equals(e.getReason()))
                      .filteredOn(e -> "oversized".equals(e.getRegarding().getName()))
                      .extracting(e -> e.getNote())
                      .contains(message));
      assertThat(logged.list)
          .filteredOn(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
          .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
          .anySatisfy(line -> assertThat(line).endsWith(" failed: " + message));
    } finally {
      logger.detachAppender(logged);
    }
  }

  @Test
  void diffAgreesWithTheOperatorOnALayerWithATargetNamespace() throws Exception {
    String target = TestNamespaces.create(client, "target");
    Map<String, String> files = threeLayers();
    // Names a namespace of its own: spec.targetNamespace moves it, in the operator and in diff.
    files.put(
        "layers/extra/extra.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n  namespace: elsewhere\n"
            + "data:\n  a: b\n");
    files.put("layers/extra/kustomization.yaml", "resources:\n  - extra.yaml\n  - secret.yaml\n");
    files.put("layers/extra/secret.yaml", secret("first-password"));
    var repo = repository("targeted", files);
    createSource("targeted");
    createLayers("targeted", lk -> lk.getSpec().setTargetNamespace(target));
    awaitReady("targeted", repo.head());
    assertThat(client.configMaps().inNamespace(target).withName("extra").get()).isNotNull();
    System.setProperty("kubeconfig", controlPlane.kubeconfig().toString());
    try {
      var same = cli("diff", "targeted", "-n", namespace, "--path", repo.work().toString());
      assertThat(same.out()).contains("✔ no changes");
      assertThat(same.exit()).as(same.out()).isZero();

      java.nio.file.Files.writeString(
          repo.work().resolve("layers/extra/extra.yaml"),
          "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n  namespace: elsewhere\n"
              + "data:\n  a: changed\n");
      var changed = cli("diff", "targeted", "-n", namespace, "--path", repo.work().toString());
      assertThat(changed.out())
          .contains(
              "► layer extra: ConfigMap/" + target + "/extra would change",
              "\n-  a: b\n+  a: changed\n");
      assertThat(changed.exit()).as(changed.out()).isEqualTo(1);

      // A changed Secret: the diff says its value changes, never what it was or will be.
      java.nio.file.Files.writeString(
          repo.work().resolve("layers/extra/secret.yaml"), secret("second-password"));
      var secret = cli("diff", "targeted", "-n", namespace, "--path", repo.work().toString());
      assertThat(secret.out())
          .contains(
              "► layer extra: Secret/" + target + "/credentials would change",
              "\n-  password: '*** (before)'\n+  password: '*** (after)'\n",
              " user: '***'\n")
          .doesNotContain(
              "first-password",
              "second-password",
              "reader",
              base64("first-password"),
              base64("second-password"),
              base64("reader"));
      assertThat(secret.exit()).as(secret.out()).isEqualTo(1);
    } finally {
      System.clearProperty("kubeconfig");
    }
  }

  @Test
  void aFailedRevisionIsRolledBackToTheLastHealthyOneAndHeldThere() throws Exception {
    var repo = repository("rollback", threeLayers());
    createSource("rollback");
    createLayers("rollback", lk -> lk.getSpec().setTimeout("20s"));
    String good = repo.head();
    awaitReady("rollback", good);

    // A commit whose web Deployment can never be scheduled, which also changes settings and adds
    // an object to web: after the rollback none of it may remain.
    String bad =
        repo.commitFiles(
            Map.of(
                "layers/settings/settings.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n"
                    + "  level: debug\n",
                "layers/web/kustomization.yaml",
                "resources:\n  - web.yaml\n  - leftover.yaml\n",
                "layers/web/leftover.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: leftover\n",
                "layers/web/web.yaml",
                deployment("web", 1)
                    .replace(
                        "    spec:\n      containers:",
                        "    spec:\n      nodeSelector:\n        strata.dev/no-such-node: \"true\"\n"
                            + "      containers:")));
    requestReconcile("rollback");
    var lk = awaitRolledBack("rollback", bad);
    assertThat(ready(lk).getMessage())
        .contains("revision main@sha1:" + bad, "layer web", "rolled back to main@sha1:" + good);
    assertThat(lk.getStatus().getLastAppliedRevision()).endsWith(good);
    assertThat(lk.getStatus().getLastAttemptedRevision()).endsWith(bad);
    assertThat(lk.getStatus().getLayers())
        .extracting(LayerStatus::getPhase)
        .containsOnly(LayerPhase.READY);
    assertThat(configMap("settings").getData()).containsEntry("level", "info");
    assertThat(configMap("leftover")).isNull();
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(namespace)
                .withName("web")
                .get()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getNodeSelector())
        .isNullOrEmpty();
    assertThat(lk.getStatus().getHistory())
        .extracting(
            HistoryEntry::getOutcome, e -> e.getRevision().substring(e.getRevision().length() - 40))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(HistoryEntry.ROLLED_BACK, good),
            org.assertj.core.groups.Tuple.tuple(HistoryEntry.FAILED, bad),
            org.assertj.core.groups.Tuple.tuple(HistoryEntry.SUCCEEDED, good));
    assertThat(registry.find("strata.rollbacks").tag("outcome", "recovered").counter().count())
        .isEqualTo(1);

    // Held: the failed revision is not tried again by itself.
    Thread.sleep(3000);
    assertThat(get("rollback").getStatus().getHistory()).hasSize(3);

    // A second bad commit rolls back to the last healthy revision, not to the first bad one.
    String worse =
        repo.commitFiles(
            Map.of(
                "layers/settings/settings.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n"
                    + "  level: [not, a, string]\n"));
    requestReconcile("rollback");
    lk = awaitRolledBack("rollback", worse);
    assertThat(lk.getStatus().getLastAppliedRevision()).endsWith(good);
    assertThat(ready(lk).getMessage()).contains("rolled back to main@sha1:" + good);

    // A fix is applied, and the hold ends.
    String fixed =
        repo.commitFiles(
            Map.of(
                "layers/settings/settings.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n"
                    + "  level: warn\n",
                "layers/web/kustomization.yaml",
                "resources:\n  - web.yaml\n",
                "layers/web/web.yaml",
                deployment("web", 1)));
    requestReconcile("rollback");
    lk = awaitReady("rollback", fixed);
    assertThat(lk.getStatus().getFailedRevision()).isNull();
    assertThat(HistoryCommand.table(lk.getStatus().getHistory()))
        .startsWith("REVISION")
        .contains("Succeeded", "RolledBack", "Failed");
  }

  /** web's Deployment with a Pod template that kwok plays as failing (image pull, crash loop). */
  private static String failingDeployment(String simulate) {
    return deployment("web", 1)
        .replace(
            "    metadata:\n      labels:\n        app: web\n",
            "    metadata:\n      labels:\n        app: web\n      annotations:\n        "
                + StrataMetadata.SIMULATE_ANNOTATION
                + ": "
                + simulate
                + "\n");
  }

  @Test
  void aPodThatCannotPullItsImageFailsItsLayerInSecondsAndIsRolledBack() throws Exception {
    var repo = repository("pull", threeLayers());
    createSource("pull");
    // A timeout far longer than the test waits: only failing fast can pass.
    createLayers("pull", lk -> lk.getSpec().setTimeout("10m"));
    String good = repo.head();
    awaitReady("pull", good);

    String bad =
        repo.commitFiles(
            Map.of(
                "layers/web/web.yaml",
                failingDeployment(StrataMetadata.SIMULATE_IMAGE_PULL_ERROR)));
    Instant pushed = Instant.now();
    requestReconcile("pull");
    var lk = awaitRolledBack("pull", bad);
    Duration detectAndRollBack = Duration.between(pushed, Instant.now());
    System.out.println(
        "rollback after an image pull error: " + detectAndRollBack.toMillis() + " ms");

    assertThat(detectAndRollBack).isLessThan(Duration.ofSeconds(30));
    HistoryEntry failed = lk.getStatus().getHistory().get(1);
    assertThat(failed.getOutcome()).isEqualTo(HistoryEntry.FAILED);
    assertThat(failed.getMessage())
        .matches(
            "layer web: health check failed after .*Deployment/"
                + namespace
                + "/web \\(Failed: Pod web-[a-z0-9]+-[a-z0-9]+ container main \\(image"
                + " nginx:1.27\\): ImagePullBackOff: Back-off pulling image .*");
    assertThat(ready(lk).getMessage()).contains("rolled back to main@sha1:" + good);
    assertThat(lk.getStatus().getLayers())
        .extracting(LayerStatus::getPhase)
        .containsOnly(LayerPhase.READY);
    var template =
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .withName("web")
            .get()
            .getSpec()
            .getTemplate();
    assertThat(template.getMetadata().getAnnotations()).isNullOrEmpty();
  }

  @Test
  void aCrashLoopFailsItsLayerInSecondsNamingPodAndContainer() throws Exception {
    var repo = repository("crash", threeLayers());
    createSource("crash");
    createLayers(
        "crash",
        lk -> {
          lk.getSpec().setTimeout("10m");
          lk.getSpec().setRollback(rollbackOff());
        });
    awaitReady("crash", repo.head());

    String bad =
        repo.commitFiles(
            Map.of("layers/web/web.yaml", failingDeployment(StrataMetadata.SIMULATE_CRASH_LOOP)));
    Instant pushed = Instant.now();
    requestReconcile("crash");
    awaitLayerFailed("crash", "web", bad);

    assertThat(Duration.between(pushed, Instant.now())).isLessThan(Duration.ofSeconds(30));
    var web = layer(get("crash"), "web");
    assertThat(web.getUnhealthy())
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.getObject()).isEqualTo("Deployment/" + namespace + "/web");
              assertThat(u.getReason())
                  .startsWith("Failed: Pod web-")
                  .contains("container main (image nginx:1.27): CrashLoopBackOff: 3 restarts");
            });
  }

  @Test
  void rollbackHoldsAnOlderRevisionAcrossNewCommitsAndRestartsUntilResume() throws Exception {
    var repo = repository("hold", threeLayers());
    createSource("hold");
    createLayers("hold", lk -> {});
    String first = repo.head();
    awaitReady("hold", first);
    String second = repo.commitFiles(Map.of("layers/settings/settings.yaml", settings("warn")));
    requestReconcile("hold");
    awaitReady("hold", second);
    System.setProperty("kubeconfig", controlPlane.kubeconfig().toString());
    try {
      // No --to: the newest healthy revision older than the one running.
      var rollback = cli("rollback", "hold", "-n", namespace);
      assertThat(rollback.exit()).as(rollback.out()).isZero();
      String held = "main@sha1:" + first;
      assertThat(rollback.out())
          .startsWith("► rolling back " + namespace + "/hold to " + held + "\n")
          .contains("► set spec.hold on LayeredKustomization " + namespace + "/hold\n")
          .endsWith(
              "✔ held at "
                  + held
                  + " by strata rollback; Git is at main@sha1:"
                  + second
                  + "; run strata resume to follow Git again\n");
      assertThat(get("hold").getSpec().getHold().getRevision()).isEqualTo(held);
      assertThat(ready(get("hold")).getReason()).isEqualTo(Reasons.HELD);
      assertThat(configMap("settings").getData()).containsEntry("level", "info");
      assertThat(get("hold").getStatus().getHistory().get(0).getOutcome())
          .isEqualTo(HistoryEntry.ROLLED_BACK);

      // Git moves on: not applied, and status says where Git is.
      String third = repo.commitFiles(Map.of("layers/settings/settings.yaml", settings("error")));
      requestReconcile("hold");
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(ready(get("hold")).getMessage())
                      .isEqualTo(
                          "held at "
                              + held
                              + " by strata rollback; Git is at main@sha1:"
                              + third
                              + "; run strata resume to follow Git again"));
      assertThat(configMap("settings").getData()).containsEntry("level", "info");
      assertThat(get("hold").getStatus().getConditions())
          .extracting(Condition::getType, Condition::getStatus)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(ConditionTypes.READY, "True"),
              org.assertj.core.groups.Tuple.tuple(ConditionTypes.HEALTHY, "True"));

      // The hold is in the spec: a restarted operator keeps it, and heals drift towards it.
      operator.close();
      startOperator();
      Thread.sleep(3000);
      client
          .configMaps()
          .inNamespace(namespace)
          .withName("settings")
          .edit(
              map -> {
                map.getData().put("level", "drifted");
                return map;
              });
      awaitConfigMapData("settings", Map.of("level", "info"));
      assertThat(ready(get("hold")).getReason()).isEqualTo(Reasons.HELD);

      // --to as strata history prints it.
      var to =
          cli("rollback", "hold", "-n", namespace, "--to", "main@sha1:" + second.substring(0, 7));
      assertThat(to.exit()).as(to.out()).isZero();
      assertThat(configMap("settings").getData()).containsEntry("level", "warn");

      // A revision the object store never had: a clear error, and nothing changes.
      String missing = "main@sha1:" + "0".repeat(40);
      var notStored = cli("rollback", "hold", "-n", namespace, "--to", missing);
      assertThat(notStored.exit()).isEqualTo(1);
      assertThat(notStored.out())
          .contains(
              "✗ spec.hold.revision "
                  + missing
                  + " is not in the object store of GitSource "
                  + namespace
                  + "/hold");
      assertThat(ready(get("hold")).getReason()).isEqualTo(Reasons.REVISION_NOT_STORED);
      assertThat(configMap("settings").getData()).containsEntry("level", "warn");

      var resumed = cli("resume", "hold", "-n", namespace);
      assertThat(resumed.exit()).isZero();
      assertThat(resumed.out())
          .isEqualTo(
              "► resumed "
                  + namespace
                  + "/hold: no longer held at "
                  + missing
                  + "; following Git again\n");
      assertThat(get("hold").getSpec().getHold()).isNull();
      awaitReady("hold", third);
      assertThat(configMap("settings").getData()).containsEntry("level", "error");
      assertThat(ready(get("hold")).getReason()).isEqualTo(Reasons.RECONCILIATION_SUCCEEDED);
    } finally {
      System.clearProperty("kubeconfig");
    }
  }

  @Test
  void anOperatorRestartedInTheMiddleOfAnAutomatedRollbackConverges() throws Exception {
    var repo = repository("midroll", threeLayers());
    createSource("midroll");
    createLayers("midroll", lk -> lk.getSpec().setTimeout("10m"));
    String good = repo.head();
    awaitReady("midroll", good);

    String bad =
        repo.commitFiles(
            Map.of(
                "layers/settings/settings.yaml",
                settings("debug"),
                "layers/web/web.yaml",
                failingDeployment(StrataMetadata.SIMULATE_IMAGE_PULL_ERROR)));
    requestReconcile("midroll");
    // Stopped as soon as the rollback has started.
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> String.valueOf(ready(get("midroll")).getMessage()).startsWith("rolling back to"));
    operator.close();
    startOperator();

    var lk = awaitRolledBack("midroll", bad);
    assertThat(lk.getStatus().getLastAppliedRevision()).endsWith(good);
    assertThat(lk.getStatus().getLayers())
        .extracting(LayerStatus::getPhase)
        .containsOnly(LayerPhase.READY);
    assertThat(configMap("settings").getData()).containsEntry("level", "info");
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(namespace)
                .withName("web")
                .get()
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations())
        .isNullOrEmpty();
  }

  @Test
  void customResourcesAreWaitedForByTheirCelExpressions() throws Exception {
    String group = namespace + ".strata.example";
    Map<String, String> files = threeLayers();
    files.put("layers/extra/kustomization.yaml", "resources:\n  - crd.yaml\n  - widget.yaml\n");
    files.put(
        "layers/extra/crd.yaml",
        """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: widgets.%1$s}
        spec:
          group: %1$s
          scope: Namespaced
          names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
          versions:
          - name: v1
            served: true
            storage: true
            subresources: {status: {}}
            schema:
              openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
        """
            .formatted(group));
    files.put("layers/extra/widget.yaml", widget(group, "one"));
    var repo = repository("cel", files);
    createSource("cel");
    var expression = new HealthCheckExpression();
    expression.setApiVersion(group + "/v1");
    expression.setKind("Widget");
    expression.setInProgress("status.?phase.orValue('') == 'Provisioning'");
    expression.setFailed("status.?phase.orValue('') == 'Broken'");
    expression.setCurrent("status.?phase.orValue('') == 'Running'");
    createLayers(
        "cel",
        lk -> {
          lk.getSpec().setHealthCheckExprs(List.of(expression));
          lk.getSpec().setRollback(rollbackOff());
        });

    // Applied, then waiting: no expression is true before the status says anything.
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(layer(get("cel"), "extra").getMessage()).contains("waiting for health"));
    Thread.sleep(1000);
    assertThat(layer(get("cel"), "extra").getPhase()).isEqualTo(LayerPhase.PROGRESSING);
    setWidgetPhase(group, "one", "Running");
    awaitReady("cel", repo.head());

    // A second widget that its controller reports Broken fails the layer at once.
    String bad =
        repo.commitFiles(
            Map.of(
                "layers/extra/kustomization.yaml",
                "resources:\n  - crd.yaml\n  - widget.yaml\n  - two.yaml\n",
                "layers/extra/two.yaml",
                widget(group, "two")));
    requestReconcile("cel");
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(
            () ->
                client
                        .genericKubernetesResources(group + "/v1", "Widget")
                        .inNamespace(namespace)
                        .withName("two")
                        .get()
                    != null);
    setWidgetPhase(group, "two", "Broken");
    awaitLayerFailed("cel", "extra", bad);
    assertThat(layer(get("cel"), "extra").getUnhealthy())
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.getObject()).isEqualTo("Widget/" + namespace + "/two");
              assertThat(u.getReason())
                  .isEqualTo("Failed: spec.healthCheckExprs[0].failed is true");
            });

    // An expression that does not compile stalls the resource before anything is applied.
    edit("cel", lk -> lk.getSpec().getHealthCheckExprs().get(0).setFailed("status.phase =="));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Condition ready = ready(get("cel"));
              assertThat(ready.getReason()).isEqualTo(Reasons.INVALID_SPEC);
              assertThat(ready.getMessage())
                  .startsWith("spec.healthCheckExprs[0].failed: ERROR: <input>:1:");
              assertThat(get("cel").getStatus().getConditions())
                  .anySatisfy(c -> assertThat(c.getType()).isEqualTo(ConditionTypes.STALLED));
            });
  }

  private static String widget(String group, String name) {
    return "apiVersion: " + group + "/v1\nkind: Widget\nmetadata:\n  name: " + name + "\n";
  }

  private void setWidgetPhase(String group, String name, String phase) {
    client
        .genericKubernetesResources(group + "/v1", "Widget")
        .inNamespace(namespace)
        .withName(name)
        .subresource("status")
        .patch(
            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
            "{\"status\":{\"phase\":\"" + phase + "\"}}");
  }

  private static String settings(String level) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  level: "
        + level
        + "\n";
  }

  private LayeredKustomization awaitRolledBack(String name, String failedCommit) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              var status = get(name).getStatus();
              assertThat(status.getFailedRevision()).endsWith(failedCommit);
              assertThat(ready(get(name)).getReason()).isEqualTo(Reasons.ROLLED_BACK);
            });
    return get(name);
  }

  private static RollbackPolicy rollbackOff() {
    var policy = new RollbackPolicy();
    policy.setEnabled(false);
    return policy;
  }

  private static String secret(String password) {
    return "apiVersion: v1\nkind: Secret\nmetadata:\n  name: credentials\n"
        + "stringData:\n  user: reader\n  password: "
        + password
        + "\n";
  }

  private static String base64(String value) {
    return java.util.Base64.getEncoder()
        .encodeToString(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private void awaitLayerFailed(String name, String layer, String revisionCommit) {
    await()
        .atMost(WAIT)
        .ignoreExceptions() // a progress patch may not list the layer yet
        .untilAsserted(
            () -> {
              var status = layer(get(name), layer);
              assertThat(status.getRevision()).endsWith(revisionCommit);
              assertThat(status.getPhase()).isEqualTo(LayerPhase.FAILED);
              assertThat(ready(get(name)).getStatus()).isEqualTo("False");
            });
  }

  private void awaitConfigMapData(String name, Map<String, String> data) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              ConfigMap map = client.configMaps().inNamespace(namespace).withName(name).get();
              assertThat(map).isNotNull();
              assertThat(map.getData()).isEqualTo(data);
            });
  }

  private record Run(int exit, String out) {}

  private static Run cli(String... args) {
    var out = new java.io.StringWriter();
    var commandLine = dev.strata.Main.commandLine();
    commandLine.setOut(new java.io.PrintWriter(out));
    commandLine.setErr(new java.io.PrintWriter(out));
    int exit = commandLine.execute(args);
    return new Run(exit, out.toString());
  }

  private void awaitReplicas(String deployment, int replicas, Duration within) {
    await()
        .atMost(within)
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .apps()
                            .deployments()
                            .inNamespace(namespace)
                            .withName(deployment)
                            .get()
                            .getSpec()
                            .getReplicas())
                    .isEqualTo(replicas));
  }

  private void edit(String name, Consumer<LayeredKustomization> change) {
    client
        .resources(LayeredKustomization.class)
        .inNamespace(namespace)
        .withName(name)
        .edit(
            lk -> {
              change.accept(lk);
              return lk;
            });
  }

  private void requestReconcile(String name) {
    String now = Instant.now().toString();
    for (var kind : List.of(GitSource.class)) {
      client
          .resources(kind)
          .inNamespace(namespace)
          .withName(name)
          .edit(
              r -> {
                r.getMetadata().getAnnotations().put(StrataMetadata.REQUESTED_AT_ANNOTATION, now);
                return r;
              });
    }
  }

  private ConfigMap configMap(String name) {
    return client.configMaps().inNamespace(namespace).withName(name).get();
  }
}
