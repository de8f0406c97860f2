package dev.strata.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.testing.git.FaultyLink;
import dev.strata.testing.git.GitCli;
import dev.strata.testing.git.GitDaemon;
import dev.strata.testing.git.TestRepository;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetches from C git's daemon on loopback, directly or through a link that drops, stalls or crawls,
 * and checks what arrived, how many bytes it took and what failures say.
 */
class GitFetcherIT {

  private static final Duration FAST_RETRY = Duration.ofMillis(200);

  @TempDir static Path served;
  private static GitDaemon daemon;

  /** A few MiB: for fault tests, which need transfers larger than a batch. */
  private static TestRepository large;

  @TempDir Path cache;
  private GitFetcher fetcher;
  private final List<FetchProgress> progress = new ArrayList<>();

  @BeforeAll
  static void serve() throws Exception {
    large = TestRepository.generate(served, "large", 3000, 2600, 7);
    daemon = GitDaemon.serve(served);
  }

  @AfterAll
  static void stop() {
    daemon.close();
  }

  @BeforeEach
  void newStore() {
    fetcher = new GitFetcher(new ObjectStore(cache), FAST_RETRY);
  }

  @Test
  void firstFetchIsShallowChunkedAndReadableWithoutCheckout() throws Exception {
    var repo = small("first");

    var result = fetch("first", branch(repo, "main"));

    assertThat(result.mode()).isEqualTo(FetchMode.CHUNKED);
    assertThat(result.revision()).isEqualTo("main@sha1:" + repo.head());
    assertThat(result.chunks()).isGreaterThanOrEqualTo(2); // trees, then blobs
    assertThat(Files.exists(cache.resolve("first.git/shallow"))).as("depth 1").isTrue();
    try (var reader = new ObjectStore(cache).reader("first", ObjectId.fromString(repo.head()))) {
      assertThat(reader.list("dir-3")).hasSize(filesInDir3());
      assertThat(
              new String(
                  reader.read("dir-3/sub-3/file-3.yaml").orElseThrow(), StandardCharsets.UTF_8))
          .isEqualTo(Files.readString(served.resolve("first-work/dir-3/sub-3/file-3.yaml")));
      assertThat(reader.read("no/such/file")).isEmpty();
    }
  }

  @Test
  void unchangedRemoteMovesNoPack() throws Exception {
    var repo = small("unchanged");
    fetch("unchanged", branch(repo, "main"));

    var again = fetch("unchanged", branch(repo, "main"));

    assertThat(again.mode()).isEqualTo(FetchMode.UNCHANGED);
    assertThat(again.bytesReceived()).isZero();
  }

  @Test
  void oneFileCommitFetchesAboutWhatCGitFetches() throws Exception {
    try (var link = FaultyLink.to(daemon.port())) {
      String url = daemon.url("large.git", link.port());
      var request = FetchRequest.of(url, new RefSelector.Branch("main"));
      fetch("resync", request);
      Path clone = cache.resolve("c-git-clone");
      GitCli.git(cache, "clone", "-q", "--depth", "1", "--no-checkout", url, clone.toString());

      String commit = large.commitFile("dir-5/sub-5/file-5.yaml", "replicas: 3\n");
      link.resetCounters();
      var result = fetch("resync", request);
      long ours = link.bytesToClient();
      link.resetCounters();
      GitCli.git(clone, "fetch", "-q", "--depth", "1", "origin", "main");
      long cGit = link.bytesToClient();

      assertThat(result.commit()).isEqualTo(commit);
      // One session, as C git's fetch: the same handshake and refs, the pack in two commands.
      assertThat(ours)
          .as("bytes on the wire, ours vs C git's %d", cGit)
          .isLessThanOrEqualTo(cGit * 5 / 4);
    }
  }

  @Test
  void resyncAndUnchangedRemoteEachTakeOneConnection() throws Exception {
    var repo = small("one-session");
    try (var link = FaultyLink.to(daemon.port())) {
      var request =
          FetchRequest.of(
              daemon.url("one-session.git", link.port()), new RefSelector.Branch("main"));
      fetch("one-session", request);

      String commit = repo.commitFile("dir-1/sub-1/file-1.yaml", "replicas: 2\n");
      link.resetCounters();
      var resync = fetch("one-session", request);
      int resyncConnections = link.connections();
      link.resetCounters();
      var unchanged = fetch("one-session", request);

      assertThat(resync.commit()).isEqualTo(commit);
      assertThat(resync.chunks()).as("commits and trees, then the blob").isEqualTo(2);
      assertThat(resyncConnections).as("refs, trees and blobs in one session").isEqualTo(1);
      assertThat(unchanged.mode()).isEqualTo(FetchMode.UNCHANGED);
      assertThat(link.connections()).isEqualTo(1);
    }
  }

  @Test
  void forcePushedBranchIsFollowed() throws Exception {
    var repo = small("forced");
    fetch("forced", branch(repo, "main"));

    String rewritten = repo.forcePushNewHistory("only.yaml", "kind: ConfigMap\n");
    var result = fetch("forced", branch(repo, "main"));

    assertThat(result.commit()).isEqualTo(rewritten);
    try (var reader = new ObjectStore(cache).reader("forced", ObjectId.fromString(rewritten))) {
      assertThat(reader.list("")).containsExactly("only.yaml");
    }
  }

  @Test
  void tagAndSemverRangeResolveToTheRightCommit() throws Exception {
    var repo = small("tags");
    repo.tag("v1.0.0");
    String v12 = repo.commitFile("release.yaml", "version: 1.2.0\n");
    repo.tag("v1.2.0");
    repo.commitFile("release.yaml", "version: 2.0.0\n");
    repo.tag("v2.0.0");
    String url = daemon.url("tags.git");

    var tag = fetch("tags", FetchRequest.of(url, new RefSelector.Tag("v1.2.0")));
    var range = fetch("tags", FetchRequest.of(url, new RefSelector.SemverRange(">=1.0.0 <2.0.0")));

    assertThat(tag.revision()).isEqualTo("v1.2.0@sha1:" + v12);
    assertThat(range.revision()).isEqualTo("v1.2.0@sha1:" + v12);
  }

  @Test
  void commitPinIsFetchedByIdAndNeedsNoNetworkOnceStored() throws Exception {
    var repo = small("pinned");
    String first = repo.head();
    repo.commitFile("later.yaml", "kind: Later\n");

    var pinned =
        fetch("pinned", FetchRequest.of(daemon.url("pinned.git"), new RefSelector.Commit(first)));
    var again =
        fetch(
            "pinned",
            FetchRequest.of(
                "git://127.0.0.1:" + closedPort() + "/pinned.git", new RefSelector.Commit(first)));

    assertThat(pinned.revision()).isEqualTo("commit@sha1:" + first);
    assertThat(again.mode()).isEqualTo(FetchMode.UNCHANGED);
  }

  @Test
  void missingBranchIsRefNotFoundNamingWhatExists() throws Exception {
    var repo = small("branches");

    assertThatThrownBy(() -> fetch("branches", branch(repo, "production")))
        .isInstanceOf(SourceFailure.class)
        .satisfies(
            e ->
                assertThat(((SourceFailure) e).reason())
                    .isEqualTo(SourceFailure.Reason.REF_NOT_FOUND))
        .hasMessageContaining("branch 'production' not found")
        .hasMessageContaining("it has: main");
  }

  @Test
  void missingRepositoryIsReportedAtOnceWithTheUsersUrlNotTheStallGuardRelay() throws Exception {
    // localhost, not 127.0.0.1: the relay listens on 127.0.0.1, so its address is told apart.
    String url = daemon.url("missing.git").replace("git://127.0.0.1", "git://localhost");

    assertThatThrownBy(() -> fetch("missing", FetchRequest.of(url, new RefSelector.Branch("main"))))
        .isInstanceOf(SourceFailure.class)
        .satisfies(
            e ->
                assertThat(((SourceFailure) e).reason())
                    .isEqualTo(SourceFailure.Reason.REPOSITORY_NOT_FOUND))
        .hasMessageContaining("no Git repository at " + url + ": " + url)
        .hasMessageNotContaining("127.0.0.1")
        .hasMessageNotContaining("attempts");

    // JGit refuses a user in a git:// URL; that message names the user's URL too, without the
    // password.
    String withPassword = url.replace("git://", "git://reader:s3cret@");
    assertThatThrownBy(
            () -> fetch("missing", FetchRequest.of(withPassword, new RefSelector.Branch("main"))))
        .isInstanceOf(SourceFailure.class)
        .hasMessageContaining("git://reader@localhost:")
        .hasMessageNotContaining("127.0.0.1")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void unreachableHostIsReportedAfterRetriesKeepingTheLastArtifact() throws Exception {
    var repo = small("unreachable");
    fetch("unreachable", branch(repo, "main"));
    var artifact = new ObjectStore(cache).artifact("unreachable").orElseThrow();

    var request =
        FetchRequest.of(
                "git://127.0.0.1:" + closedPort() + "/unreachable.git",
                new RefSelector.Branch("main"))
            .withMaxFailures(2);

    assertThatThrownBy(() -> fetch("unreachable", request))
        .isInstanceOf(SourceFailure.class)
        .satisfies(
            e ->
                assertThat(((SourceFailure) e).reason())
                    .isEqualTo(SourceFailure.Reason.UNREACHABLE))
        .hasMessageContaining("cannot connect to 127.0.0.1:")
        .hasMessageContaining("after 2 attempts");
    assertThat(new ObjectStore(cache).artifact("unreachable")).contains(artifact);
  }

  @Test
  void serverWithoutFiltersGetsOneShallowFetch() throws Exception {
    var repo = small("plain");
    repo.allowChunkedFetch(false);

    var result = fetch("plain", branch(repo, "main"));

    assertThat(result.mode()).isEqualTo(FetchMode.SHALLOW);
    assertThat(result.commit()).isEqualTo(repo.head());
    assertThat(result.chunks()).isEqualTo(1);
  }

  @Test
  void linkDroppingEvery256KiBCompletesThroughChunks() throws Exception {
    try (var link = FaultyLink.to(daemon.port()).resetEvery(256 * 1024)) {
      var request =
          FetchRequest.of(daemon.url("large.git", link.port()), new RefSelector.Branch("main"))
              .withMaxFailures(3);

      var result = fetch("dropping", request);

      assertThat(result.commit()).isEqualTo(large.head());
      assertThat(link.resets()).isGreaterThanOrEqualTo(1);
      assertThat(result.chunks()).isGreaterThan(10);
      // Each reset throws away at most the batch in flight, never the batches before it. What
      // else reaches the client and is not kept is protocol (ref advertisements, negotiation,
      // framing), a few KiB per request, so the allowance grows with the requests made.
      long requests = result.chunks() + result.retries() + 2;
      long notKept = link.bytesToClient() - result.bytesReceived() + result.bytesDiscarded();
      assertThat(notKept)
          .as("bytes not kept, over %d resets and %d requests", link.resets(), requests)
          .isLessThanOrEqualTo((long) link.resets() * 256 * 1024 + requests * 6 * 1024);
    }
  }

  @Test
  void stallLongerThanTheStallTimeoutFailsThatAttemptAndARetrySucceeds() throws Exception {
    try (var link = FaultyLink.to(daemon.port()).stall(64 * 1024, Duration.ofSeconds(30), 1)) {
      var request =
          FetchRequest.of(daemon.url("large.git", link.port()), new RefSelector.Branch("main"))
              .withStallTimeout(Duration.ofSeconds(20));

      var result = fetch("stalled", request);

      assertThat(result.commit()).isEqualTo(large.head());
      assertThat(result.retries()).isEqualTo(1);
      assertThat(result.elapsed()).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(60));
    }
  }

  @Test
  void slowLinkTakingOverAMinuteSucceeds() throws Exception {
    try (var link = FaultyLink.to(daemon.port()).limitTo(512_000 / 8)) {
      var request =
          FetchRequest.of(daemon.url("large.git", link.port()), new RefSelector.Branch("main"))
              .withStallTimeout(Duration.ofSeconds(20));

      var result = fetch("slow", request);

      assertThat(result.commit()).isEqualTo(large.head());
      assertThat(result.elapsed()).isGreaterThan(Duration.ofSeconds(60));
      assertThat(result.retries()).isZero();
      assertThat(progress)
          .as("progress is reported while it crawls")
          .anySatisfy(
              p ->
                  assertThat(p.message())
                      .matches("fetching blobs: received .* at .*/s, chunk \\d+/\\d+"));
    }
  }

  private FetchResult fetch(String key, FetchRequest request) throws SourceFailure {
    return fetcher.fetch(key, request, progress::add);
  }

  private static FetchRequest branch(TestRepository repo, String branch) {
    String name = repo.bare().getFileName().toString();
    return FetchRequest.of(daemon.url(name), new RefSelector.Branch(branch));
  }

  private static TestRepository small(String name) throws Exception {
    return TestRepository.generate(served, name, 60, 400, name.hashCode());
  }

  /** Files generate() puts under dir-3 for 60 files: i % 40 == 3. */
  private static int filesInDir3() {
    return 2;
  }

  private static int closedPort() throws Exception {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
