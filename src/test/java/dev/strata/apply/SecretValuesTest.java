package dev.strata.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretValuesTest {

  private static GenericKubernetesResource secret(Map<String, Object> data, Map<String, Object> s) {
    var secret = new GenericKubernetesResource();
    secret.setApiVersion("v1");
    secret.setKind("Secret");
    secret.setAdditionalProperty("data", data);
    secret.setAdditionalProperty("stringData", s);
    return secret;
  }

  @Test
  void cutsQuotedValuesAndEveryValueOfDataAndStringData() {
    String encoded = Base64.getEncoder().encodeToString("s3cr3t-password".getBytes());
    var secret =
        secret(Map.of("password", encoded), Map.of("token", List.of("hunter2"), "pin", 1234));
    String message =
        "failed to create typed patch object (a/db; /v1, Kind=Secret): errors:\n"
            + "  .stringData.token: expected string, got"
            + " &value.valueUnstructured{Value:[]interface {}{\"hun}ter2\"}}\n"
            + "  .stringData.pin: expected string, got &value.valueUnstructured{Value:1234}\n"
            + "  echoed: hunter2, "
            + encoded
            + ", s3cr3t-password";

    String redacted = SecretValues.redact(secret, message);

    assertThat(redacted)
        .isEqualTo(
            "failed to create typed patch object (a/db; /v1, Kind=Secret): errors:\n"
                + "  .stringData.token: expected string, got"
                + " &value.valueUnstructured{Value:<redacted>}\n"
                + "  .stringData.pin: expected string, got &value.valueUnstructured{Value:<redacted>}\n"
                + "  echoed: <redacted>, <redacted>, <redacted>");
  }
}
