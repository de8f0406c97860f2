package dev.strata.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Base64;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Receivers built from the ConfigMap and Secrets: secrets found, missing, or odd. */
class ReceiversTest {

  private static final String CONFIG =
      """
      receivers:
        - {name: ok, type: gitlab, secretRef: {name: tokens, key: gitlab}}
        - {name: newline, type: gitlab, secretRef: {name: tokens, key: echoed}}
        - {name: nokey, type: gitlab, secretRef: {name: tokens, key: absent}}
        - {name: empty, type: gitlab, secretRef: {name: tokens, key: empty}}
        - {name: nosecret, type: gitlab, secretRef: {name: missing}}
      """;

  @Test
  void readsSecretsAndSaysWhichCannotBeRead() {
    Secret tokens =
        new SecretBuilder()
            .withNewMetadata()
            .withName("tokens")
            .endMetadata()
            .withData(
                Map.of(
                    "gitlab", base64("s3cret"),
                    "echoed", base64("s3cret\n"),
                    "empty", base64("\n")))
            .build();

    Receivers receivers =
        Receivers.build(configMap(CONFIG), name -> name.equals("tokens") ? tokens : null);

    assertThat(receivers.find("ok").authenticates(new byte[0], token("s3cret"))).isTrue();
    assertThat(receivers.find("ok").authenticates(new byte[0], token("s3cret\n"))).isFalse();
    // A line end written into the Secret by `echo` is not part of the token.
    assertThat(receivers.find("newline").authenticates(new byte[0], token("s3cret"))).isTrue();
    assertThat(receivers.find("nokey").problem()).isEqualTo("Secret tokens has no key absent");
    assertThat(receivers.find("empty").problem()).isEqualTo("key empty of Secret tokens is empty");
    assertThat(receivers.find("nosecret").problem()).isEqualTo("Secret missing not found");
    assertThat(receivers.find("nosecret").authenticates(new byte[0], token(""))).isFalse();
    assertThat(receivers.find("other")).isNull();
    assertThat(receivers.problems())
        .containsExactly(
            "receiver nokey: Secret tokens has no key absent",
            "receiver empty: key empty of Secret tokens is empty",
            "receiver nosecret: Secret missing not found");
    assertThat(receivers.configMap().getName()).isEqualTo("strata-webhooks");
    assertThat(receivers.describe())
        .isEqualTo(
            "ok (gitlab), newline (gitlab), nokey (gitlab, unavailable: Secret tokens has no key"
                + " absent), empty (gitlab, unavailable: key empty of Secret tokens is empty),"
                + " nosecret (gitlab, unavailable: Secret missing not found)")
        .doesNotContain("s3cret");
  }

  @Test
  void tellsARotatedSecretFromNoChange() {
    var config = configMap(CONFIG);
    Receivers first = Receivers.build(config, name -> secret("one"));
    Receivers same = Receivers.build(config, name -> secret("one"));
    Receivers rotated = Receivers.build(config, name -> secret("two"));

    assertThat(first.sameAs(same)).isTrue();
    assertThat(first.sameAs(rotated)).isFalse();
    assertThat(rotated.find("ok").authenticates(new byte[0], token("two"))).isTrue();
  }

  @Test
  void noConfigMapOrAnUnreadableOneMeansNoReceivers() {
    assertThat(Receivers.build(null, name -> null).describe()).isEqualTo("none");
    var broken = Receivers.build(configMap("receivers: ["), name -> null);
    assertThat(broken.find("ok")).isNull();
    assertThat(broken.problems()).singleElement().asString().contains("not valid YAML");
    var wrongKey =
        Receivers.build(
            new ConfigMapBuilder(configMap(CONFIG))
                .withData(Map.of("receivers.yml", CONFIG))
                .build(),
            name -> null);
    assertThat(wrongKey.problems())
        .containsExactly("the ConfigMap has no key receivers.yaml; no receivers");
  }

  private static ConfigMap configMap(String yaml) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName("strata-webhooks")
        .withNamespace("strata-system")
        .withUid("uid-1")
        .endMetadata()
        .withData(Map.of("receivers.yaml", yaml))
        .build();
  }

  private static Secret secret(String value) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("tokens")
        .endMetadata()
        .withData(
            Map.of(
                "gitlab",
                base64(value),
                "echoed",
                base64(value),
                "empty",
                base64(value),
                "absent",
                base64(value)))
        .build();
  }

  private static UnaryOperator<String> token(String value) {
    return name -> name.equals("X-Gitlab-Token") ? value : null;
  }

  private static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(UTF_8));
  }
}
