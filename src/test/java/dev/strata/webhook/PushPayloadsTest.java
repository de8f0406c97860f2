package dev.strata.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Each host's push payload (fixtures shaped like their documentation's examples). */
class PushPayloadsTest {

  @Test
  void readsGitHubsRepositoryUrlsRefAndCommit() throws Exception {
    PushEvent push = PushPayloads.parse(ReceiverType.GITHUB, fixture("github-push.json"));

    assertThat(push.repositoryUrls())
        .containsExactly(
            "https://github.com/Octo-Org/homelab.git",
            "git@github.com:Octo-Org/homelab.git",
            "https://github.com/Octo-Org/homelab",
            "git://github.com/Octo-Org/homelab.git");
    assertThat(push.ref()).isEqualTo("refs/heads/main");
    assertThat(push.branch()).isEqualTo("main");
    assertThat(push.tag()).isNull();
    assertThat(push.commit()).isEqualTo("59b20b8d5c6ff8d09518454d4dd8b7b30f095ab5");
  }

  @Test
  void readsGitLabsTagPush() throws Exception {
    PushEvent push = PushPayloads.parse(ReceiverType.GITLAB, fixture("gitlab-tag-push.json"));

    assertThat(push.repositoryUrls())
        .containsExactly(
            "https://gitlab.example.com/infra/platform/homelab.git",
            "ssh://git@gitlab.example.com:2222/infra/platform/homelab.git",
            "https://gitlab.example.com/infra/platform/homelab");
    assertThat(push.tag()).isEqualTo("v1.4.0");
    assertThat(push.branch()).isNull();
    assertThat(push.commit()).isEqualTo("82b3d5ae55f7080f1e6022629cdb57bfae7cccc7");
  }

  @Test
  void readsGiteaAndForgejoAlike() throws Exception {
    for (ReceiverType type : new ReceiverType[] {ReceiverType.GITEA, ReceiverType.FORGEJO}) {
      PushEvent push = PushPayloads.parse(type, fixture("gitea-push.json"));

      assertThat(push.repositoryUrls())
          .containsExactly(
              "https://git.example.net/family/homelab.git",
              "ssh://git@git.example.net:2222/family/homelab.git",
              "https://git.example.net/family/homelab");
      assertThat(push.branch()).isEqualTo("develop");
    }
  }

  @Test
  void genericBodyMayBeEmptyOrNameEitherField() throws Exception {
    PushEvent empty = PushPayloads.parse(ReceiverType.GENERIC, new byte[0]);
    assertThat(empty.repositoryUrls()).isEmpty();
    assertThat(empty.ref()).isNull();

    PushEvent both =
        PushPayloads.parse(
            ReceiverType.GENERIC,
            bytes(
                "{\"repository\":\"http://127.0.0.1:9418/homelab.git\",\"ref\":\"refs/tags/v2\"}"));
    assertThat(both.repositoryUrls()).containsExactly("http://127.0.0.1:9418/homelab.git");
    assertThat(both.tag()).isEqualTo("v2");

    PushEvent refOnly =
        PushPayloads.parse(ReceiverType.GENERIC, bytes("{\"ref\":\"refs/heads/x\"}"));
    assertThat(refOnly.repositoryUrls()).isEmpty();
    assertThat(refOnly.branch()).isEqualTo("x");
  }

  @Test
  void refusesWhatIsNotAPushWithAReason() {
    assertThatThrownBy(() -> PushPayloads.parse(ReceiverType.GITHUB, bytes("not json")))
        .isInstanceOf(PushPayloads.InvalidPayload.class)
        .hasMessage("the body is not JSON");
    assertThatThrownBy(
            () -> PushPayloads.parse(ReceiverType.GITHUB, bytes("{\"ref\":\"refs/heads/main\"}")))
        .hasMessage("the payload names no repository URL");
    assertThatThrownBy(
            () ->
                PushPayloads.parse(
                    ReceiverType.GITEA,
                    bytes("{\"ref\":\"main\",\"repository\":{\"clone_url\":\"https://h/o/r\"}}")))
        .hasMessageContaining("no full ref name");
    assertThatThrownBy(() -> PushPayloads.parse(ReceiverType.GITLAB, new byte[0]))
        .hasMessage("the body is empty");
    assertThatThrownBy(() -> PushPayloads.parse(ReceiverType.GENERIC, bytes("[1]")))
        .hasMessage("the body must be a JSON object or empty");
    assertThatThrownBy(() -> PushPayloads.parse(ReceiverType.GENERIC, bytes("{\"ref\":\"main\"}")))
        .hasMessage("ref must be refs/heads/<branch> or refs/tags/<tag>");
    assertThatThrownBy(
            () -> PushPayloads.parse(ReceiverType.GENERIC, bytes("{\"repository\":\"nope\"}")))
        .hasMessage("repository is not a Git URL");
  }

  static byte[] fixture(String name) throws IOException {
    try (InputStream in = PushPayloadsTest.class.getResourceAsStream("/webhook/" + name)) {
      return in.readAllBytes();
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }
}
