package dev.strata.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The receivers YAML: defaults, every field, and one problem per mistake. */
class ReceiverConfigTest {

  @Test
  void readsEveryFieldAndFillsDefaults() throws Exception {
    var parsed =
        ReceiverConfig.parse(
            """
            receivers:
              - name: homelab-github
                type: github
                secretRef: {name: webhook-tokens, key: github}
                namespaces: [strata-system, apps]
                rateLimit: {perSecond: 0.5, burst: 3}
              - name: lab
                type: generic
                secretRef: {name: webhook-tokens}
              - name: everywhere
                type: forgejo
                secretRef: {name: forgejo}
                namespaces: ["*"]
            """,
            "strata-system");

    assertThat(parsed.problems()).isEmpty();
    assertThat(parsed.receivers())
        .containsExactly(
            new ReceiverSpec(
                "homelab-github",
                ReceiverType.GITHUB,
                "webhook-tokens",
                "github",
                List.of("strata-system", "apps"),
                new ReceiverSpec.RateLimit(0.5, 3)),
            new ReceiverSpec(
                "lab",
                ReceiverType.GENERIC,
                "webhook-tokens",
                "token",
                List.of("strata-system"),
                null),
            new ReceiverSpec(
                "everywhere", ReceiverType.FORGEJO, "forgejo", "token", List.of("*"), null));
    assertThat(parsed.receivers().get(2).allNamespaces()).isTrue();
    assertThat(parsed.receivers().get(0).allNamespaces()).isFalse();
  }

  @Test
  void leavesOutEachBrokenReceiverAndSaysWhy() throws Exception {
    var parsed =
        ReceiverConfig.parse(
            """
            receivers:
              - name: good
                type: gitlab
                secretRef: {name: t}
              - name: Bad_Name
                type: github
                secretRef: {name: t}
              - name: typo
                type: github
                secretRef: {name: t}
                namespace: [apps]
              - name: bitbucket
                type: bitbucket
                secretRef: {name: t}
              - name: nosecret
                type: github
              - name: good
                type: gitea
                secretRef: {name: t}
              - name: star
                type: github
                secretRef: {name: t}
                namespaces: ["*", apps]
              - name: rate
                type: github
                secretRef: {name: t}
                rateLimit: {perSecond: 0, burst: 1}
              - just a string
            """,
            "ns");

    assertThat(parsed.receivers()).extracting(ReceiverSpec::name).containsExactly("good");
    assertThat(parsed.problems())
        .containsExactly(
            "receivers[1]: name 'Bad_Name' must be a DNS label (lower case, digits, '-')",
            "receivers[2]: unknown field 'namespace'",
            "receivers[3] (bitbucket): type 'bitbucket' is not one of github, gitlab, gitea,"
                + " forgejo, generic",
            "receivers[4] (nosecret): secretRef {name, key} is required",
            "receivers[5]: the name good is used twice",
            "receivers[6] (star): '*' must be the only namespaces entry",
            "receivers[7] (rate): a rate limit needs perSecond > 0 and burst >= 1, got 0.0/1",
            "receivers[8]: must be a mapping");
  }

  @Test
  void emptyDocumentHasNoReceivers() throws Exception {
    assertThat(ReceiverConfig.parse("", "ns").receivers()).isEmpty();
    assertThat(ReceiverConfig.parse("receivers: []", "ns").receivers()).isEmpty();
  }

  @Test
  void unreadableDocumentIsRefusedAsAWhole() {
    assertThatThrownBy(() -> ReceiverConfig.parse("receivers: [", "ns"))
        .isInstanceOf(ConfigYaml.InvalidConfig.class)
        .hasMessageStartingWith("receivers.yaml is not valid YAML");
    assertThatThrownBy(() -> ReceiverConfig.parse("receivers: {name: x}", "ns"))
        .hasMessage("receivers.yaml must be a mapping with a list under 'receivers'");
    assertThatThrownBy(() -> ReceiverConfig.parse("- name: x", "ns"))
        .hasMessage("receivers.yaml must be a mapping with a list under 'receivers'");
  }
}
