package dev.strata.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.testing.git.SshGitServer;
import dev.strata.testing.git.TestRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Fetches over SSH from OpenSSH's sshd with a deploy key, verifying the host key against the
 * Secret's known_hosts and never anything else.
 */
class SshFetchIT {

  @TempDir static Path root;
  private static SshGitServer server;
  private static TestRepository repo;
  private static Path deployKey;

  @TempDir Path cache;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(SshGitServer.available(), "sshd is not installed (Debian package openssh-server)");
    repo = TestRepository.generate(root, "ssh", 40, 400, 11);
    deployKey = root.resolve("deploy_ed25519");
    String publicKey = SshGitServer.keygen(deployKey, "ed25519", "");
    // Other key types the Secret may hold, all authorized alongside.
    String ecdsa = SshGitServer.keygen(root.resolve("deploy_ecdsa"), "ecdsa", "");
    String rsa = SshGitServer.keygen(root.resolve("deploy_rsa"), "rsa", "s3cret passphrase");
    server = SshGitServer.start(root.resolve("sshd"), publicKey);
    Files.writeString(
        root.resolve("sshd/authorized_keys"),
        Files.readString(root.resolve("sshd/authorized_keys"))
            + Files.readString(root.resolve("sshd/authorized_keys")).replace(publicKey, ecdsa)
            + Files.readString(root.resolve("sshd/authorized_keys")).replace(publicKey, rsa));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest(name = "{0} key")
  @CsvSource({"deploy_ed25519,''", "deploy_ecdsa,''", "deploy_rsa,s3cret passphrase"})
  void fetchesWithEachKeyTypeVerifyingTheHostKey(String keyFile, String passphrase)
      throws Exception {
    var credentials =
        Credentials.ssh(
            Files.readString(root.resolve(keyFile)),
            passphrase.isEmpty() ? null : passphrase,
            server.knownHostsLine());

    var result = fetch(credentials);

    assertThat(result.commit()).isEqualTo(repo.head());
    assertThat(result.mode()).isEqualTo(FetchMode.CHUNKED);
  }

  @Test
  void resyncOverProtocolV2IsOneConnection() throws Exception {
    var resynced = TestRepository.generate(root, "ssh-resync", 40, 400, 12);
    fetch(server, resynced, "ssh-resync");

    String commit = resynced.commitFile("dir-1/sub-1/file-1.yaml", "replicas: 2\n");
    long before = server.connections();
    var result = fetch(server, resynced, "ssh-resync");

    assertThat(result.commit()).isEqualTo(commit);
    assertThat(result.chunks()).as("commits and trees, then the blob").isEqualTo(2);
    assertThat(server.connections() - before).isEqualTo(1);
  }

  @Test
  void serverSpeakingOnlyProtocolV0IsFetchedThroughJGit() throws Exception {
    var v0 = TestRepository.generate(root, "ssh-v0", 40, 400, 13);
    try (var plain =
        SshGitServer.start(
            root.resolve("sshd-v0"),
            Files.readString(root.resolve("deploy_ed25519.pub")).trim(),
            false)) {
      fetch(plain, v0, "ssh-v0");

      String commit = v0.commitFile("dir-1/sub-1/file-1.yaml", "replicas: 2\n");
      long before = plain.connections();
      var result = fetch(plain, v0, "ssh-v0");

      assertThat(result.commit()).isEqualTo(commit);
      assertThat(result.mode()).isEqualTo(FetchMode.CHUNKED);
      // The refs come from the v0 advertisement; JGit then needs a connection per fetch.
      assertThat(plain.connections() - before).isEqualTo(3);
    }
  }

  @Test
  void unknownHostKeyIsRefusedNamingTheKey() throws Exception {
    String otherHost = "[127.0.0.1]:1 " + server.knownHostsLine().split(" ", 2)[1];

    assertFailure(
        Credentials.ssh(Files.readString(deployKey), null, otherHost),
        SourceFailure.Reason.HOST_KEY_UNKNOWN,
        "is not in known_hosts");
  }

  @Test
  void changedHostKeyIsRefused() throws Exception {
    String impostorKey = SshGitServer.keygen(root.resolve("impostor"), "ed25519", "");
    String[] parts = impostorKey.split(" ");
    String staleEntry = "[127.0.0.1]:" + server.port() + " " + parts[0] + " " + parts[1];

    assertFailure(
        Credentials.ssh(Files.readString(deployKey), null, staleEntry),
        SourceFailure.Reason.HOST_KEY_MISMATCH,
        "does not match known_hosts");
  }

  @Test
  void wrongKeyIsAuthenticationFailed() throws Exception {
    SshGitServer.keygen(root.resolve("stranger"), "ed25519", "");

    assertFailure(
        Credentials.ssh(Files.readString(root.resolve("stranger")), null, server.knownHostsLine()),
        SourceFailure.Reason.AUTHENTICATION_FAILED,
        "authentication to 127.0.0.1:" + server.port() + " failed");
  }

  @Test
  void wrongPassphraseSaysSo() throws Exception {
    assertFailure(
        Credentials.ssh(
            Files.readString(root.resolve("deploy_rsa")), "wrong", server.knownHostsLine()),
        SourceFailure.Reason.INVALID_SOURCE,
        "check the passphrase");
  }

  @Test
  void secretWithoutKnownHostsIsRefusedBeforeConnecting() throws Exception {
    assertFailure(
        Credentials.ssh(Files.readString(deployKey), null, null),
        SourceFailure.Reason.INVALID_SOURCE,
        "SSH needs known_hosts");
  }

  private FetchResult fetch(Credentials credentials) throws SourceFailure {
    var fetcher = new GitFetcher(new ObjectStore(cache), Duration.ofMillis(100));
    return fetcher.fetch(
        "ssh",
        FetchRequest.of(server.url(repo.bare()), new RefSelector.Branch("main"))
            .withCredentials(credentials)
            .withMaxFailures(1),
        p -> {});
  }

  private FetchResult fetch(SshGitServer sshd, TestRepository repository, String key)
      throws Exception {
    var credentials = Credentials.ssh(Files.readString(deployKey), null, sshd.knownHostsLine());
    return new GitFetcher(new ObjectStore(cache), Duration.ofMillis(100))
        .fetch(
            key,
            FetchRequest.of(sshd.url(repository.bare()), new RefSelector.Branch("main"))
                .withCredentials(credentials)
                .withMaxFailures(1),
            p -> {});
  }

  private void assertFailure(Credentials credentials, SourceFailure.Reason reason, String message) {
    assertThatThrownBy(() -> fetch(credentials))
        .isInstanceOf(SourceFailure.class)
        .satisfies(e -> assertThat(((SourceFailure) e).reason()).isEqualTo(reason))
        .hasMessageContaining(message);
  }
}
