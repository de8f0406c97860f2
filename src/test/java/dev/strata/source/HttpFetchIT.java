package dev.strata.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.testing.git.GitCli;
import dev.strata.testing.git.GitHttpServer;
import dev.strata.testing.git.GitHttpServer.Access;
import dev.strata.testing.git.TestRepository;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetches over smart HTTP(S) from C git's http-backend, with and without credentials. */
class HttpFetchIT {

  @TempDir static Path served;
  private static TestRepository repo;

  @TempDir Path cache;

  @BeforeAll
  static void generate() throws Exception {
    repo = TestRepository.generate(served, "web", 40, 400, 21);
  }

  @Test
  void anonymousSmartHttpFetchIsChunked() throws Exception {
    try (var server = GitHttpServer.http(served, Access.ANYONE)) {
      var result = fetch(server.url("web.git"), Credentials.NONE);

      assertThat(result.commit()).isEqualTo(repo.head());
      assertThat(result.mode()).isEqualTo(FetchMode.CHUNKED);
    }
  }

  @Test
  void resyncIsOneRequestPerCommandAfterOneAdvertisement() throws Exception {
    var resynced = TestRepository.generate(served, "web-resync", 40, 400, 22);
    try (var server = GitHttpServer.http(served, Access.ANYONE)) {
      String url = server.url("web-resync.git");
      var request = FetchRequest.of(url, new RefSelector.Branch("main"));
      var fetcher = new GitFetcher(new ObjectStore(cache), Duration.ofMillis(100));
      fetcher.fetch("web-resync", request, p -> {});
      Path clone = cache.resolve("c-git-clone");
      GitCli.git(cache, "clone", "-q", "--depth", "1", "--no-checkout", url, clone.toString());

      String commit = resynced.commitFile("dir-1/sub-1/file-1.yaml", "replicas: 2\n");
      server.resetCounters();
      var result = fetcher.fetch("web-resync", request, p -> {});
      int requests = server.requests();
      long ours = server.bodyBytes();
      server.resetCounters();
      GitCli.git(clone, "fetch", "-q", "--depth", "1", "origin", "main");
      long cGit = server.bodyBytes();
      server.resetCounters();
      var unchanged = fetcher.fetch("web-resync", request, p -> {});

      assertThat(result.commit()).isEqualTo(commit);
      // GET info/refs, then POST ls-refs, fetch (commits and trees), fetch (the blob).
      assertThat(requests).isEqualTo(4);
      assertThat(ours)
          .as("response bytes, ours vs C git's %d", cGit)
          .isLessThanOrEqualTo(cGit * 5 / 4);
      assertThat(unchanged.mode()).isEqualTo(FetchMode.UNCHANGED);
      assertThat(server.requests()).as("GET info/refs, POST ls-refs").isEqualTo(2);
    }
  }

  @Test
  void basicAuthenticationWithTheRightPassword() throws Exception {
    try (var server = GitHttpServer.http(served, new Access("deploy", "hunter2", null))) {
      assertThat(fetch(server.url("web.git"), Credentials.basic("deploy", "hunter2")).commit())
          .isEqualTo(repo.head());
    }
  }

  @Test
  void wrongOrMissingPasswordIsAuthenticationFailed() throws Exception {
    try (var server = GitHttpServer.http(served, new Access("deploy", "hunter2", null))) {
      assertFailure(
          server.url("web.git"),
          Credentials.basic("deploy", "wrong"),
          SourceFailure.Reason.AUTHENTICATION_FAILED);
      assertFailure(
          server.url("web.git"), Credentials.NONE, SourceFailure.Reason.AUTHENTICATION_FAILED);
    }
  }

  @Test
  void bearerTokenIsSentAsAnAuthorizationHeader() throws Exception {
    try (var server = GitHttpServer.http(served, new Access(null, null, "t0ken"))) {
      var credentials = new Credentials(null, null, "t0ken", null, null, null, null);

      assertThat(fetch(server.url("web.git"), credentials).commit()).isEqualTo(repo.head());
    }
  }

  @Test
  void httpsWithThePrivateCaInTheSecretIsTrusted(@TempDir Path tls) throws Exception {
    try (var server = GitHttpServer.https(served, Access.ANYONE, tls)) {
      var trusting = new Credentials(null, null, null, null, null, null, server.certificatePem());

      assertThat(fetch(server.url("web.git"), trusting).commit()).isEqualTo(repo.head());
      assertFailure(server.url("web.git"), Credentials.NONE, SourceFailure.Reason.TLS_FAILED);
    }
  }

  @Test
  void credentialsNeverAppearInFailureMessages() throws Exception {
    try (var server = GitHttpServer.http(served, new Access("deploy", "hunter2", null))) {
      assertThatThrownBy(
              () -> fetch(server.url("web.git"), Credentials.basic("deploy", "s3cr3t-value")))
          .isInstanceOf(SourceFailure.class)
          .satisfies(e -> assertThat(e.toString()).doesNotContain("s3cr3t-value"));
      assertThat(Credentials.basic("deploy", "s3cr3t-value").toString())
          .doesNotContain("s3cr3t-value");
    }
  }

  private FetchResult fetch(String url, Credentials credentials) throws SourceFailure {
    return new GitFetcher(new ObjectStore(cache), Duration.ofMillis(100))
        .fetch(
            "web",
            FetchRequest.of(url, new RefSelector.Branch("main"))
                .withCredentials(credentials)
                .withMaxFailures(1),
            p -> {});
  }

  private void assertFailure(String url, Credentials credentials, SourceFailure.Reason reason) {
    assertThatThrownBy(() -> fetch(url, credentials))
        .isInstanceOf(SourceFailure.class)
        .satisfies(
            e -> assertThat(((SourceFailure) e).reason()).as(e.getMessage()).isEqualTo(reason));
  }
}
