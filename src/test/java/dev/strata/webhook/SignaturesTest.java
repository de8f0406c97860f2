package dev.strata.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * HMAC-SHA256 against known vectors: GitHub's documented example ("Validating webhook deliveries")
 * and values computed with {@code openssl dgst -sha256 -hmac <secret>}.
 */
class SignaturesTest {

  /** GitHub's documentation: secret "It's a Secret to Everybody", payload "Hello, World!". */
  private static final byte[] GITHUB_SECRET = "It's a Secret to Everybody".getBytes(UTF_8);

  private static final byte[] GITHUB_BODY = "Hello, World!".getBytes(UTF_8);
  private static final String GITHUB_SIGNATURE =
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

  @Test
  void computesGitHubsDocumentedExample() {
    assertThat(Signatures.sha256Header(GITHUB_SECRET, GITHUB_BODY)).isEqualTo(GITHUB_SIGNATURE);
    assertThat(Signatures.hmacMatches(GITHUB_SECRET, GITHUB_BODY, GITHUB_SIGNATURE, "sha256="))
        .isTrue();
  }

  @Test
  void matchesOpensslForAnEmptyBodyAndAJsonBody() {
    // printf '' | openssl dgst -sha256 -hmac s3cret
    assertThat(
            HexFormat.of().formatHex(Signatures.hmacSha256("s3cret".getBytes(UTF_8), new byte[0])))
        .isEqualTo("91dfac70c5348b04e1babb8b421ac92cec08b565b49ca16130dccb72503647b7");
    // printf '{"ref":"refs/heads/main"}' | openssl dgst -sha256 -hmac gitea-token
    assertThat(
            Signatures.hmacMatches(
                "gitea-token".getBytes(UTF_8),
                "{\"ref\":\"refs/heads/main\"}".getBytes(UTF_8),
                "80aed764f9a5c16bc719750ce0e838f953e93aa583a9ae97aa8cf55b4dbdb707",
                ""))
        .isTrue();
  }

  @Test
  void acceptsUpperCaseHexAndPrefix() {
    assertThat(
            Signatures.hmacMatches(
                GITHUB_SECRET, GITHUB_BODY, GITHUB_SIGNATURE.toUpperCase(), "sha256="))
        .isTrue();
  }

  @Test
  void refusesEveryKindOfWrongSignature() {
    String flipped = GITHUB_SIGNATURE.substring(0, GITHUB_SIGNATURE.length() - 1) + "f";
    Map<String, String> wrong =
        Map.of(
            "last digit changed",
            flipped,
            "no prefix",
            GITHUB_SIGNATURE.substring("sha256=".length()),
            "sha1 prefix",
            "sha1=" + GITHUB_SIGNATURE.substring("sha256=".length()),
            "not hex",
            "sha256=zz" + GITHUB_SIGNATURE.substring(9),
            "truncated",
            GITHUB_SIGNATURE.substring(0, 40),
            "empty",
            "");
    wrong.forEach(
        (why, signature) ->
            assertThat(Signatures.hmacMatches(GITHUB_SECRET, GITHUB_BODY, signature, "sha256="))
                .as(why)
                .isFalse());
    assertThat(Signatures.hmacMatches(GITHUB_SECRET, GITHUB_BODY, null, "sha256=")).isFalse();
    assertThat(
            Signatures.hmacMatches(
                "another secret".getBytes(UTF_8), GITHUB_BODY, GITHUB_SIGNATURE, "sha256="))
        .isFalse();
    assertThat(
            Signatures.hmacMatches(
                GITHUB_SECRET, "Hello, World?".getBytes(UTF_8), GITHUB_SIGNATURE, "sha256="))
        .isFalse();
  }

  @Test
  void comparesTokensExactly() {
    byte[] token = "glpat-webhook".getBytes(UTF_8);
    assertThat(Signatures.tokenMatches(token, "glpat-webhook")).isTrue();
    assertThat(Signatures.tokenMatches(token, "glpat-webhoo")).isFalse();
    assertThat(Signatures.tokenMatches(token, "glpat-webhookX")).isFalse();
    assertThat(Signatures.tokenMatches(token, "")).isFalse();
    assertThat(Signatures.tokenMatches(token, null)).isFalse();
  }
}
