package dev.strata.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
