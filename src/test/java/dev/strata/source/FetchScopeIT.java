package dev.strata.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.render.GitTree;
import dev.strata.render.RenderException;
import dev.strata.testing.git.GitDaemon;
import dev.strata.testing.git.TestRepository;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a fetch leaves out (spec.ignore, .sourceignore), its size limits, and one store shared by
 * several consumers of one remote, against C git's daemon.
 */
class FetchScopeIT {

  private static final Duration FAST_RETRY = Duration.ofMillis(50);
  private static final int MIB = 1024 * 1024;

  @TempDir static Path served;
  private static GitDaemon daemon;

  @TempDir Path cache;

  @BeforeAll
  static void serve() throws Exception {
    daemon = GitDaemon.serve(served);
  }

  @AfterAll
  static void stop() {
    daemon.close();
  }

  @Test
  void ignoredPathsAreNeitherFetchedNorReadable() throws Exception {
    var repo = TestRepository.generate(served, "ignored", 80, 300, 11);
    repo.commitFiles(Map.of(".sourceignore", "# from the repository\ndir-1/\n"));
    repo.commitRandomFile("media/video.bin", 4 * MIB, 1);
    String head = repo.commitFiles(Map.of("docs/notes.md", "notes\n", "dir-2/keep.md", "kept\n"));
    var request =
        FetchRequest.of(daemon.url("ignored.git"), new RefSelector.Branch("main"))
            .withScope(FetchScope.DEFAULT.withIgnore("media/\n*.md\n!dir-2/keep.md\n"));

    var result =
        new GitFetcher(new ObjectStore(cache), FAST_RETRY).fetch("ignored", request, p -> {});

    assertThat(result.bytesReceived()).as("the 4 MiB file stays on the server").isLessThan(MIB);
    try (Repository stored = open("ignored")) {
      assertThat(stored.getObjectDatabase().has(blobAt(stored, head, "media/video.bin"))).isFalse();
      assertThat(stored.getObjectDatabase().has(blobAt(stored, head, "docs/notes.md"))).isFalse();
      assertThat(stored.getObjectDatabase().has(blobAt(stored, head, "dir-1/sub-1/file-1.yaml")))
          .as(".sourceignore's rule")
          .isFalse();
      assertThat(stored.getObjectDatabase().has(blobAt(stored, head, "dir-2/keep.md")))
          .as("re-included by spec.ignore's !rule")
          .isTrue();
      assertThat(stored.getObjectDatabase().has(blobAt(stored, head, "dir-3/sub-3/file-3.yaml")))
          .isTrue();
    }

    try (var reader =
        new ObjectStore(cache)
            .reader("ignored", ObjectId.fromString(head))
            .ignoring("media/\n*.md\n!dir-2/keep.md\n")) {
      var tree = new GitTree(reader);
      assertThatThrownBy(() -> tree.read("media/video.bin"))
          .isInstanceOf(RenderException.class)
          .hasMessage(
              "media/video.bin: 'media' is excluded by the GitSource's spec.ignore, so it was not"
                  + " fetched; remove it from spec.ignore to use it");
      assertThatThrownBy(() -> tree.read("dir-1/sub-1/file-1.yaml"))
          .isInstanceOf(RenderException.class)
          .hasMessageContaining("excluded by the GitSource's .sourceignore");
      assertThat(tree.list("")).doesNotContain("media", "dir-1").contains("dir-2");
      assertThat(tree.read("dir-2/keep.md")).isPresent();
    }
  }

  @Test
  void aFileOverTheLimitFailsNamingItAndKeepsTheLastArtifact() throws Exception {
    var repo = TestRepository.generate(served, "huge", 20, 300, 12);
    String good = repo.head();
    var fetcher = new GitFetcher(new ObjectStore(cache), FAST_RETRY);
    var request =
        FetchRequest.of(daemon.url("huge.git"), new RefSelector.Branch("main"))
            .withScope(FetchScope.DEFAULT.withLimits(MIB, FetchScope.DEFAULT_MAX_FETCH_BYTES));
    String ref = ObjectStore.artifactRef("team/huge");
    fetcher.fetch("huge", ref, request, p -> {});
    String bad = repo.commitRandomFile("apps/huge.bin", 3 * MIB, 2);

    assertThatThrownBy(() -> fetcher.fetch("huge", ref, request, p -> {}))
        .isInstanceOf(SourceFailure.class)
        .hasMessage(
            "apps/huge.bin is 3.0 MiB, over spec.limits.maxFileSize (1.0 MiB); raise the limit or"
                + " leave the file out with spec.ignore")
        .extracting(e -> ((SourceFailure) e).reason())
        .isEqualTo(SourceFailure.Reason.LIMIT_EXCEEDED);

    assertThat(new ObjectStore(cache).artifact("huge", ref)).contains(ObjectId.fromString(good));
    try (Repository stored = open("huge")) {
      assertThat(stored.getObjectDatabase().has(blobAt(stored, bad, "apps/huge.bin")))
          .as("the pack stopped at the object's header")
          .isFalse();
    }
  }

  @Test
  void aFetchOverTheLimitStopsThere() throws Exception {
    var repo = TestRepository.generate(served, "budget", 20, 300, 13);
    repo.commitRandomFile("apps/big.bin", 2 * MIB, 3);
    var request =
        FetchRequest.of(daemon.url("budget.git"), new RefSelector.Branch("main"))
            .withScope(FetchScope.DEFAULT.withLimits(8L * MIB, 512 * 1024));

    assertThatThrownBy(
            () ->
                new GitFetcher(new ObjectStore(cache), FAST_RETRY)
                    .fetch("budget", request, p -> {}))
        .isInstanceOf(SourceFailure.class)
        .hasMessageContaining("exceeds spec.limits.maxFetchSize (512.0 KiB)")
        .extracting(e -> ((SourceFailure) e).reason())
        .isEqualTo(SourceFailure.Reason.LIMIT_EXCEEDED);
    assertThat(new ObjectStore(cache).artifact("budget")).isEmpty();
  }

  @Test
  void consumersOfOneRemoteShareOneStoreAndFetchInTurn() throws Exception {
    var repo = TestRepository.generate(served, "shared", 300, 1000, 14);
    var store = new ObjectStore(cache);
    var request = FetchRequest.of(daemon.url("shared.git"), new RefSelector.Branch("main"));
    String key = ObjectStore.keyOf(request.url(), "");

    var first =
        new GitFetcher(store, FAST_RETRY)
            .fetch(key, ObjectStore.artifactRef("a/one"), request, p -> {});
    var second =
        new GitFetcher(store, FAST_RETRY)
            .fetch(key, ObjectStore.artifactRef("b/two"), request, p -> {});
    assertThat(first.bytesReceived()).isGreaterThan(100_000);
    assertThat(second.bytesReceived())
        .as("commits and trees again, no blob")
        .isLessThan(first.bytesReceived() / 10);

    // A new commit, fetched by two consumers at once: they take turns on the store's lock.
    String head = repo.commitFiles(Map.of("dir-1/new.yaml", "kind: ConfigMap\n"));
    var pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<FetchResult>> results = new ArrayList<>();
      for (String consumer : List.of("a/one", "c/three")) {
        Callable<FetchResult> fetch =
            () ->
                new GitFetcher(store, FAST_RETRY)
                    .fetch(key, ObjectStore.artifactRef(consumer), request, p -> {});
        results.add(pool.submit(fetch));
      }
      for (var result : results) {
        assertThat(result.get().commit()).isEqualTo(head);
      }
    } finally {
      pool.shutdownNow();
    }
    try (var reader = store.reader(key, ObjectId.fromString(head))) {
      assertThat(reader.read("dir-1/new.yaml")).isPresent();
    }
    assertThat(cache.resolve("git")).isDirectoryContaining(p -> p.toString().endsWith(".git"));
    assertThat(java.nio.file.Files.list(cache.resolve("git")).count()).isEqualTo(1);

    store.release(key, ObjectStore.artifactRef("a/one"));
    store.release(key, ObjectStore.artifactRef("b/two"));
    assertThat(store.artifact(key, ObjectStore.artifactRef("c/three")))
        .contains(ObjectId.fromString(head));
    store.release(key, ObjectStore.artifactRef("c/three"));
    assertThat(store.directoryOf(key)).doesNotExist();
  }

  private Repository open(String key) throws Exception {
    return new FileRepositoryBuilder()
        .setGitDir(new ObjectStore(cache).directoryOf(key).toFile())
        .setBare()
        .build();
  }

  private static ObjectId blobAt(Repository repository, String commit, String path)
      throws Exception {
    try (RevWalk walk = new RevWalk(repository);
        TreeWalk at =
            TreeWalk.forPath(
                repository, path, walk.parseCommit(ObjectId.fromString(commit)).getTree())) {
      assertThat(at).as(path).isNotNull();
      return at.getObjectId(0);
    }
  }
}
