package dev.strata.webhook;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Reads one key of a Secret as bytes, the way every token the operator's ConfigMaps name is read
 * (webhook receivers, notification providers).
 */
public final class SecretKeys {

  private SecretKeys() {}

  /**
   * The value of {@code key} without line ends at its end, or null when the Secret has no such key.
   */
  public static byte[] read(Secret secret, String key) {
    byte[] value = null;
    if (secret.getData() != null && secret.getData().containsKey(key)) {
      String encoded = secret.getData().get(key);
      value = encoded == null ? new byte[0] : Base64.getMimeDecoder().decode(encoded);
    } else if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
      String text = secret.getStringData().get(key);
      value = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
    }
    return value == null ? null : withoutTrailingNewlines(value);
  }

  /**
   * Drops line ends at the end: `kubectl create secret --from-file` of a file written with echo
   * keeps one, and no Git host's secret field can hold it, so keeping it would fail every delivery.
   */
  private static byte[] withoutTrailingNewlines(byte[] value) {
    int end = value.length;
    while (end > 0 && (value[end - 1] == '\n' || value[end - 1] == '\r')) {
      end--;
    }
    return end == value.length ? value : Arrays.copyOf(value, end);
  }
}
