package dev.strata.apply;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Keeps a Secret's values out of failure messages, which go to status, Events and logs. The API
 * server quotes a value it cannot read ({@code .stringData.password: expected string, got
 * &value.valueUnstructured{Value:12345}}), so such quotes are cut, and every value of {@code data}
 * (as written and decoded) and {@code stringData} of three characters or more is replaced.
 */
final class SecretValues {

  static final String REDACTED = "<redacted>";

  private static final String QUOTED_VALUE = "valueUnstructured{Value:";
  private static final int SHORTEST = 3;

  private SecretValues() {}

  /** {@code message} without {@code secret}'s values; other objects' messages unchanged. */
  static String redact(PreparedObject object, String message) {
    if (!object.ref().group().isEmpty() || !object.ref().kind().equals("Secret")) {
      return message;
    }
    return redact(object.body(), message);
  }

  static String redact(GenericKubernetesResource secret, String message) {
    String redacted = cutQuotedValues(message);
    List<String> values = new ArrayList<>();
    Map<String, Object> fields = secret.getAdditionalProperties();
    collect(fields.get("stringData"), values, false);
    collect(fields.get("data"), values, true);
    values.sort(Comparator.comparingInt(String::length).reversed());
    for (String value : values) {
      redacted = redacted.replace(value, REDACTED);
    }
    return redacted;
  }

  private static void collect(Object field, List<String> values, boolean base64) {
    if (field instanceof Map<?, ?> map) {
      map.values().forEach(v -> collect(v, values, base64));
    } else if (field instanceof List<?> list) {
      list.forEach(v -> collect(v, values, base64));
    } else if (field != null) {
      String value = String.valueOf(field);
      add(value, values);
      if (base64) {
        try {
          add(new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8), values);
        } catch (IllegalArgumentException e) {
          // not base64: the server rejects it, quoting no value
        }
      }
    }
  }

  private static void add(String value, List<String> values) {
    if (value.length() >= SHORTEST && !value.equals(REDACTED)) {
      values.add(value);
    }
  }

  /** Replaces each {@code valueUnstructured{Value:...}}, braces balanced, with the marker. */
  private static String cutQuotedValues(String message) {
    StringBuilder out = new StringBuilder();
    int from = 0;
    int start;
    while ((start = message.indexOf(QUOTED_VALUE, from)) >= 0) {
      int depth = 1;
      boolean quoted = false;
      int i = start + QUOTED_VALUE.length();
      for (; i < message.length() && depth > 0; i++) {
        char c = message.charAt(i);
        if (quoted) {
          if (c == '\\') {
            i++;
          } else if (c == '"') {
            quoted = false;
          }
        } else if (c == '"') {
          quoted = true;
        } else if (c == '{') {
          depth++;
        } else if (c == '}') {
          depth--;
        }
      }
      out.append(message, from, start).append("valueUnstructured{Value:").append(REDACTED);
      out.append('}');
      from = i;
    }
    return out.append(message.substring(from)).toString();
  }
}
