package dev.strata.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks the proofs a Git host sends with a delivery: an HMAC-SHA256 of the body in hex, or the
 * shared token itself. Every comparison takes the same time whatever the bytes, so that response
 * timing tells nothing about how close a forged value came.
 */
public final class Signatures {

  private static final String HMAC_SHA256 = "HmacSHA256";

  private Signatures() {}

  /** The HMAC-SHA256 of {@code body} keyed with {@code secret}. */
  static byte[] hmacSha256(byte[] secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance(HMAC_SHA256);
      // An empty key is legal for HMAC but not for SecretKeySpec; receivers never have one.
      mac.init(new SecretKeySpec(secret, HMAC_SHA256));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  /**
   * Whether {@code header} is {@code prefix} followed by the lower- or upper-case hex HMAC-SHA256
   * of {@code body}. A missing header, a wrong prefix or malformed hex is a mismatch.
   */
  static boolean hmacMatches(byte[] secret, byte[] body, String header, String prefix) {
    if (header == null || !header.regionMatches(true, 0, prefix, 0, prefix.length())) {
      return false;
    }
    byte[] claimed;
    try {
      claimed = HexFormat.of().parseHex(header.substring(prefix.length()).trim());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(hmacSha256(secret, body), claimed);
  }

  /** Whether {@code header} carries exactly the token (GitLab's X-Gitlab-Token). */
  static boolean tokenMatches(byte[] secret, String header) {
    if (header == null) {
      return false;
    }
    return MessageDigest.isEqual(secret, header.getBytes(StandardCharsets.UTF_8));
  }

  /** The {@code sha256=<hex>} value GitHub and the generic type expect, for clients and tests. */
  public static String sha256Header(byte[] secret, byte[] body) {
    return "sha256=" + HexFormat.of().formatHex(hmacSha256(secret, body));
  }
}
