package dev.strata.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strata.api.Condition;
import dev.strata.api.GitSource;
import dev.strata.api.LocalObjectReference;
import dev.strata.api.StrataMetadata;
import dev.strata.runtime.Metrics;
import dev.strata.runtime.OperatorSettings;
import dev.strata.runtime.StrataOperator;
import dev.strata.source.GitFetcher;
import dev.strata.source.ObjectStore;
import dev.strata.testing.ApiServerExtension;
import dev.strata.testing.TestNamespaces;
import dev.strata.testing.TestResources;
import dev.strata.testing.git.FaultyLink;
import dev.strata.testing.git.GitDaemon;
import dev.strata.testing.git.TestRepository;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Runs the GitSource reconciler against a real API server and C git's daemon. */
@ExtendWith(ApiServerExtension.class)
class GitSourceReconcilerIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir static Path served;
  private static GitDaemon daemon;

  @TempDir Path cache;
  private final KubernetesClient client;
  private String namespace;
  private StrataOperator operator;

  GitSourceReconcilerIT(KubernetesClient client) {
    this.client = client;
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
  void startOperator() {
    namespace = TestNamespaces.create(client, "gitsource");
    var store = new ObjectStore(cache);
    var reconciler =
        new GitSourceReconciler(
            store, new GitFetcher(store, Duration.ofMillis(200)), Clock.systemUTC());
    operator =
        new StrataOperator(
            client,
            new OperatorSettings(
                Set.of(namespace), false, "unused", namespace, "test", 0, Duration.ofSeconds(5)),
            List.of(reconciler),
            Metrics.newRegistry());
    operator.start();
  }

  @AfterEach
  void stopOperator() {
    operator.close();
  }

  @Test
  void fetchesAndReportsTheRevisionInStatus() throws Exception {
    var repo = TestRepository.generate(served, "status", 30, 300, 1);

    create("status", daemon.url("status.git"), source -> {});

    var ready = awaitReady("status", "True");
    assertThat(ready.getReason()).isEqualTo("Succeeded");
    assertThat(ready.getMessage())
        .startsWith("stored artifact for revision main@sha1:" + repo.head());
    var status = get("status").getStatus();
    assertThat(status.getArtifact().getRevision()).isEqualTo("main@sha1:" + repo.head());
    assertThat(status.getArtifact().getBytesReceived()).isPositive();
    assertThat(status.getObservedGeneration()).isEqualTo(1L);
    assertThat(status.getConditions()).extracting(Condition::getType).containsExactly("Ready");
  }

  @Test
  void requestedAtAnnotationFetchesAtOnce() throws Exception {
    var repo = TestRepository.generate(served, "requested", 30, 300, 2);
    create("requested", daemon.url("requested.git"), source -> source.getSpec().setInterval("1h"));
    awaitReady("requested", "True");

    String pushed = repo.commitFile("apps/new.yaml", "kind: ConfigMap\n");
    client
        .resources(GitSource.class)
        .inNamespace(namespace)
        .withName("requested")
        .edit(
            s -> {
              s.getMetadata()
                  .getAnnotations()
                  .put(StrataMetadata.REQUESTED_AT_ANNOTATION, "2026-11-23T12:00:00Z");
              return s;
            });

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              var status = get("requested").getStatus();
              assertThat(status.getArtifact().getRevision()).isEqualTo("main@sha1:" + pushed);
              assertThat(status.getLastHandledReconcileAt()).isEqualTo("2026-11-23T12:00:00Z");
            });
  }

  @Test
  void failureKeepsTheLastArtifactAndSaysWhy() throws Exception {
    var repo = TestRepository.generate(served, "keep", 30, 300, 3);
    create("keep", daemon.url("keep.git"), source -> {});
    awaitReady("keep", "True");

    client
        .resources(GitSource.class)
        .inNamespace(namespace)
        .withName("keep")
        .edit(
            s -> {
              s.getSpec().getRef().setBranch("release");
              return s;
            });

    var notReady = awaitReady("keep", "False");
    assertThat(notReady.getReason()).isEqualTo("RefNotFound");
    assertThat(notReady.getMessage())
        .contains("branch 'release' not found")
        .contains("serving the last artifact main@sha1:" + repo.head());
    assertThat(get("keep").getStatus().getArtifact().getRevision())
        .isEqualTo("main@sha1:" + repo.head());
    assertThat(get("keep").getStatus().getObservedGeneration()).isEqualTo(2L);
  }

  @Test
  void deletingTheSourceDeletesItsCache() throws Exception {
    TestRepository.generate(served, "deleted", 10, 200, 6);
    create("deleted", daemon.url("deleted.git"), source -> {});
    awaitReady("deleted", "True");
    Path repository = cache.resolve(GitSourceReconciler.storeKey(get("deleted")) + ".git");
    assertThat(repository).isDirectory();

    client.resources(GitSource.class).inNamespace(namespace).withName("deleted").delete();

    await().atMost(WAIT).until(() -> get("deleted") == null);
    assertThat(repository).doesNotExist();
  }

  @Test
  void sourcesOnOneUrlShareOneStoreUntilTheLastIsDeleted() throws Exception {
    TestRepository.generate(served, "shared", 30, 300, 8);
    create("shared-a", daemon.url("shared.git"), source -> {});
    create("shared-b", daemon.url("shared.git"), source -> {});
    awaitReady("shared-a", "True");
    awaitReady("shared-b", "True");
    Path repository = cache.resolve(GitSourceReconciler.storeKey(get("shared-a")) + ".git");
    assertThat(GitSourceReconciler.storeKey(get("shared-b")))
        .isEqualTo(GitSourceReconciler.storeKey(get("shared-a")));
    try (var stores = java.nio.file.Files.list(cache.resolve("git"))) {
      assertThat(stores).containsExactly(repository);
    }

    client.resources(GitSource.class).inNamespace(namespace).withName("shared-a").delete();
    await().atMost(WAIT).until(() -> get("shared-a") == null);
    assertThat(repository).as("shared-b still uses it").isDirectory();

    client.resources(GitSource.class).inNamespace(namespace).withName("shared-b").delete();
    await().atMost(WAIT).until(() -> get("shared-b") == null);
    assertThat(repository).doesNotExist();
  }

  @Test
  void aFileOverTheLimitIsReportedAndTheLastArtifactKept() throws Exception {
    var repo = TestRepository.generate(served, "limited", 30, 300, 9);
    create(
        "limited",
        daemon.url("limited.git"),
        source -> {
          var limits = new dev.strata.api.GitSourceLimits();
          limits.setMaxFileSize("1Mi");
          source.getSpec().setLimits(limits);
          source.getSpec().setIgnore("media/\n");
        });
    awaitReady("limited", "True");
    String good = repo.head();
    repo.commitRandomFile("media/video.bin", 3 * 1024 * 1024, 1);
    repo.commitRandomFile("apps/huge.bin", 3 * 1024 * 1024, 2);
    client
        .resources(GitSource.class)
        .inNamespace(namespace)
        .withName("limited")
        .edit(
            s -> {
              s.getMetadata()
                  .getAnnotations()
                  .put(StrataMetadata.REQUESTED_AT_ANNOTATION, "2026-12-05T06:00:00Z");
              return s;
            });

    var notReady = awaitReady("limited", "False");
    assertThat(notReady.getReason()).isEqualTo("LimitExceeded");
    assertThat(notReady.getMessage())
        .isEqualTo(
            "apps/huge.bin is 3.0 MiB, over spec.limits.maxFileSize (1.0 MiB); raise the limit or"
                + " leave the file out with spec.ignore; serving the last artifact main@sha1:"
                + good);
    assertThat(get("limited").getStatus().getArtifact().getRevision())
        .isEqualTo("main@sha1:" + good);
  }

  @Test
  void sshSourceWithoutKnownHostsIsStalled() {
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("deploy-key")
                .withNamespace(namespace)
                .endMetadata()
                .addToStringData("identity", "not really a key")
                .build())
        .create();

    create(
        "ssh",
        "ssh://git@127.0.0.1:1/homelab.git",
        source -> source.getSpec().setSecretRef(new LocalObjectReference("deploy-key")));

    var ready = awaitReady("ssh", "False");
    assertThat(ready.getReason()).isEqualTo("InvalidSource");
    assertThat(ready.getMessage()).contains("SSH needs known_hosts");
    assertThat(get("ssh").getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Stalled");
              assertThat(c.getStatus()).isEqualTo("True");
            });
  }

  @Test
  void missingSecretIsNamed() {
    create(
        "nosecret",
        "https://git.example.org/homelab.git",
        source -> source.getSpec().setSecretRef(new LocalObjectReference("absent")));

    var ready = awaitReady("nosecret", "False");
    assertThat(ready.getReason()).isEqualTo("SecretNotFound");
    assertThat(ready.getMessage())
        .contains("Secret " + namespace + "/absent (spec.secretRef) not found");
  }

  @Test
  void slowFetchPublishesProgressWhileReconciling() throws Exception {
    TestRepository.generate(served, "progress", 1500, 2600, 4);
    List<String> reconcilingMessages = new CopyOnWriteArrayList<>();
    try (var link = FaultyLink.to(daemon.port()).limitTo(200_000)) {
      create("progress", daemon.url("progress.git", link.port()), source -> {});

      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> {
                var status = get("progress").getStatus();
                if (status == null) {
                  return false;
                }
                Conditions.find(status.getConditions(), "Reconciling")
                    .ifPresent(c -> reconcilingMessages.add(c.getMessage()));
                return Conditions.find(status.getConditions(), "Ready")
                    .filter(c -> "True".equals(c.getStatus()))
                    .isPresent();
              });
    }
    assertThat(reconcilingMessages)
        .anySatisfy(
            m -> assertThat(m).matches("fetching blobs: received .* at .*/s, chunk \\d+/\\d+"));
    assertThat(get("progress").getStatus().getConditions())
        .extracting(Condition::getType)
        .as("Reconciling is removed once done")
        .containsExactly("Ready");
  }

  private void create(String name, String url, Consumer<GitSource> customize) {
    var source = TestResources.gitSource(namespace, name, ref -> ref.setBranch("main"));
    source.getSpec().setUrl(url);
    source.getMetadata().setAnnotations(new HashMap<>());
    customize.accept(source);
    client.resource(source).create();
  }

  private GitSource get(String name) {
    return client.resources(GitSource.class).inNamespace(namespace).withName(name).get();
  }

  private Condition awaitReady(String name, String status) {
    return await()
        .atMost(WAIT)
        .until(
            () -> {
              var source = get(name);
              return source.getStatus() == null
                  ? null
                  : Conditions.find(source.getStatus().getConditions(), "Ready")
                      .filter(c -> status.equals(c.getStatus()))
                      .filter(
                          c ->
                              source.getStatus().getObservedGeneration() != null
                                  && source
                                      .getStatus()
                                      .getObservedGeneration()
                                      .equals(source.getMetadata().getGeneration()))
                      .orElse(null);
            },
            c -> c != null);
  }
}
