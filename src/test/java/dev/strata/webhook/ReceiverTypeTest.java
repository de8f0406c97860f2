package dev.strata.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Which header proves a delivery and names its event, per host. */
class ReceiverTypeTest {

  private static final byte[] SECRET = "webhook-secret".getBytes(UTF_8);
  private static final byte[] BODY = "{\"ref\":\"refs/heads/main\"}".getBytes(UTF_8);
  private static final String HEX = HexFormat.of().formatHex(Signatures.hmacSha256(SECRET, BODY));

  @Test
  void githubWantsSha256PrefixedSignatureAndKnowsPushAndPing() {
    assertThat(
            ReceiverType.GITHUB.authenticates(
                SECRET, BODY, headers("X-Hub-Signature-256", "sha256=" + HEX)))
        .isTrue();
    assertThat(ReceiverType.GITHUB.authenticates(SECRET, BODY, headers("X-Hub-Signature-256", HEX)))
        .isFalse();
    // The SHA-1 header alone is not enough.
    assertThat(
            ReceiverType.GITHUB.authenticates(
                SECRET, BODY, headers("X-Hub-Signature", "sha256=" + HEX)))
        .isFalse();
    assertThat(kind(ReceiverType.GITHUB, "X-GitHub-Event", "push"))
        .isEqualTo(ReceiverType.Kind.PUSH);
    assertThat(kind(ReceiverType.GITHUB, "X-GitHub-Event", "ping"))
        .isEqualTo(ReceiverType.Kind.PING);
    assertThat(kind(ReceiverType.GITHUB, "X-GitHub-Event", "issues"))
        .isEqualTo(ReceiverType.Kind.OTHER);
    assertThat(kind(ReceiverType.GITHUB, "X-Other", "push")).isEqualTo(ReceiverType.Kind.OTHER);
  }

  @Test
  void gitlabWantsTheTokenAndKnowsBothPushHooks() {
    assertThat(
            ReceiverType.GITLAB.authenticates(
                SECRET, BODY, headers("X-Gitlab-Token", "webhook-secret")))
        .isTrue();
    assertThat(ReceiverType.GITLAB.authenticates(SECRET, BODY, headers("X-Gitlab-Token", HEX)))
        .isFalse();
    assertThat(kind(ReceiverType.GITLAB, "X-Gitlab-Event", "Push Hook"))
        .isEqualTo(ReceiverType.Kind.PUSH);
    assertThat(kind(ReceiverType.GITLAB, "X-Gitlab-Event", "Tag Push Hook"))
        .isEqualTo(ReceiverType.Kind.PUSH);
    assertThat(kind(ReceiverType.GITLAB, "X-Gitlab-Event", "Merge Request Hook"))
        .isEqualTo(ReceiverType.Kind.OTHER);
  }

  @Test
  void giteaAndForgejoWantBareHexHmac() {
    assertThat(ReceiverType.GITEA.authenticates(SECRET, BODY, headers("X-Gitea-Signature", HEX)))
        .isTrue();
    assertThat(ReceiverType.GITEA.authenticates(SECRET, BODY, headers("X-Forgejo-Signature", HEX)))
        .isFalse();
    assertThat(
            ReceiverType.FORGEJO.authenticates(SECRET, BODY, headers("X-Forgejo-Signature", HEX)))
        .isTrue();
    // Forgejo also sends the X-Gitea-* twins.
    assertThat(ReceiverType.FORGEJO.authenticates(SECRET, BODY, headers("X-Gitea-Signature", HEX)))
        .isTrue();
    assertThat(kind(ReceiverType.GITEA, "X-Gitea-Event", "push")).isEqualTo(ReceiverType.Kind.PUSH);
    assertThat(kind(ReceiverType.GITEA, "X-Gitea-Event", "create"))
        .isEqualTo(ReceiverType.Kind.OTHER);
    assertThat(kind(ReceiverType.FORGEJO, "X-Forgejo-Event", "push"))
        .isEqualTo(ReceiverType.Kind.PUSH);
  }

  @Test
  void genericWantsXSignatureAndIsAlwaysAPush() {
    assertThat(
            ReceiverType.GENERIC.authenticates(
                SECRET, BODY, headers("X-Signature", "sha256=" + HEX)))
        .isTrue();
    assertThat(ReceiverType.GENERIC.authenticates(SECRET, BODY, headers())).isFalse();
    assertThat(kind(ReceiverType.GENERIC, "X-Anything", "issues"))
        .isEqualTo(ReceiverType.Kind.PUSH);
  }

  @Test
  void configNamesRoundTrip() {
    for (ReceiverType type : ReceiverType.values()) {
      assertThat(ReceiverType.fromConfig(type.configName())).isEqualTo(type);
    }
    assertThat(ReceiverType.fromConfig("GitHub")).isNull();
    assertThat(ReceiverType.fromConfig("bitbucket")).isNull();
  }

  private static ReceiverType.Kind kind(ReceiverType type, String header, String value) {
    return type.kind(type.event(headers(header, value)));
  }

  /** Header lookup that ignores case, as HTTP servers do. */
  private static UnaryOperator<String> headers(String... pairs) {
    Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map::get;
  }
}
