package dev.strata.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Which remote gets a GitSource's Secret: only one on the same scheme, host and port. */
class RemoteCredentialsTest {

  private static final Map<String, String> HTTPS =
      Map.of("username", "deploy", "password", "hunter2");
  private static final Map<String, String> SSH =
      Map.of("identity", "not read here", "known_hosts", "github.com ssh-ed25519 AAAA");

  @Test
  void aRemoteOnTheSourcesOriginUsesItsSecretOthersGoAnonymous() throws Exception {
    var reads = new AtomicInteger();
    var credentials =
        RemoteCredentials.ofSource(
            "flux/homelab",
            "https://git.example.org/team/homelab.git",
            () -> {
              reads.incrementAndGet();
              return HTTPS;
            });

    assertThat(credentials.forUrl("https://GIT.example.org:443/team/bases.git").username())
        .isEqualTo("deploy");
    assertThat(credentials.forUrl("https://git.example.org/other/bases.git").password())
        .isEqualTo("hunter2");
    assertThat(credentials.forUrl("http://git.example.org/team/bases.git"))
        .isEqualTo(Credentials.NONE);
    assertThat(credentials.forUrl("https://git.example.org:8443/team/bases.git"))
        .isEqualTo(Credentials.NONE);
    assertThat(credentials.forUrl("https://github.com/org/bases")).isEqualTo(Credentials.NONE);
    assertThat(reads).hasValue(1);
    assertThat(credentials.scopeOf("https://git.example.org/x.git")).isEqualTo("flux/homelab");
    assertThat(credentials.scopeOf("https://github.com/org/bases")).isEqualTo("anonymous");
  }

  @Test
  void sshUsesTheSourcesKnownHostsOnItsHostAndIsRefusedElsewhere() throws Exception {
    var credentials =
        RemoteCredentials.ofSource(
            "flux/homelab", "ssh://git@github.com/org/homelab.git", () -> SSH);

    assertThat(credentials.forUrl("git@github.com:org/bases.git").knownHosts())
        .isEqualTo(SSH.get("known_hosts"));
    assertThatThrownBy(() -> credentials.forUrl("git@gitlab.com:org/bases.git"))
        .isInstanceOf(SourceFailure.class)
        .hasMessage(
            "SSH to gitlab.com is refused: its host key cannot be verified: only remotes on"
                + " ssh://github.com:22 (the GitSource's host) use the GitSource's Secret and its"
                + " known_hosts; use an https:// URL");
  }

  @Test
  void aSourceWithoutSecretGivesNothingAndSshIsRefused() throws Exception {
    var credentials =
        RemoteCredentials.ofSource("flux/homelab", "ssh://git@github.com/org/homelab.git", null);

    assertThat(credentials.forUrl("https://github.com/org/bases")).isEqualTo(Credentials.NONE);
    assertThatThrownBy(() -> credentials.forUrl("git@github.com:org/bases.git"))
        .hasMessageStartingWith("SSH to github.com is refused");
  }

  @Test
  void localRepositoriesOnlyWhereAllowed() throws Exception {
    assertThat(RemoteCredentials.anonymous(true).forUrl("file:///srv/git/bases.git"))
        .isEqualTo(Credentials.NONE);
    assertThatThrownBy(() -> RemoteCredentials.anonymous(false).forUrl("file:///srv/git/b.git"))
        .hasMessageContaining("would read the operator's own disk");
    assertThatThrownBy(() -> RemoteCredentials.anonymous(true).forUrl("git@github.com:o/r"))
        .hasMessage(
            "SSH to github.com is refused: there are no known_hosts to verify its host key with;"
                + " use an https:// URL");
  }
}
