package dev.strata.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialsTest {

  @Test
  void sshSecretMapsPasswordToTheKeyPassphrase() throws Exception {
    var credentials =
        Credentials.fromSecretData(
            "git@github.com:owner/homelab.git",
            Map.of("identity", "KEY", "password", "PASS", "known_hosts", "HOSTS"));

    assertThat(credentials.identity()).isEqualTo("KEY");
    assertThat(credentials.identityPassphrase()).isEqualTo("PASS");
    assertThat(credentials.password()).isNull();
    assertThat(credentials.knownHosts()).isEqualTo("HOSTS");
  }

  @Test
  void httpsSecretMapsPasswordToBasicAuthentication() throws Exception {
    var credentials =
        Credentials.fromSecretData(
            "https://github.com/owner/homelab.git",
            Map.of("username", "git", "password", "token", "ca.crt", "PEM"));

    assertThat(credentials.username()).isEqualTo("git");
    assertThat(credentials.password()).isEqualTo("token");
    assertThat(credentials.identityPassphrase()).isNull();
    assertThat(credentials.caCertificate()).isEqualTo("PEM");
  }

  @Test
  void secretWithTheWrongKeysSaysWhichItHas() {
    assertThatThrownBy(
            () ->
                Credentials.fromSecretData(
                    "ssh://git@host/repo.git", Map.of("token", "x", "user", "y")))
        .isInstanceOf(SourceFailure.class)
        .hasMessage(
            "the Secret has no identity or known_hosts, the keys an SSH source uses; found: token, user");
  }

  @Test
  void stringFormNeverShowsSecretValues() {
    var credentials =
        new Credentials("user", "hunter2", "t0ken", "-----BEGIN KEY", "pass", "hosts", "pem");

    assertThat(credentials.toString())
        .doesNotContain("hunter2", "t0ken", "BEGIN", "pass=", "user=user")
        .contains("password=<redacted>", "caCertificate=<redacted>");
  }
}
