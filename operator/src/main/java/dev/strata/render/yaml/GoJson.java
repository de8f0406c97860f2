package dev.strata.render.yaml;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes values as Go's {@code json.Marshal} and {@code json.MarshalIndent(v, "", " ")} write the
 * {@code interface{}} values go-yaml decodes: keys sorted by their UTF-8 bytes, HTML-safe escapes,
 * Go's number formatting.
 */
public final class GoJson {

  // Jackson is on the classpath but escapes, sorts and formats numbers differently from Go; the
  // bytes must be Go's because kustomize writes them back into a string field.

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** Go's string order (encoding/json's map keys): by UTF-8 bytes, which is code point order. */
  private static final Comparator<String> BYTE_ORDER =
      (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
          int ca = a.codePointAt(i);
          int cb = b.codePointAt(j);
          if (ca != cb) {
            return Integer.compare(ca, cb);
          }
          i += Character.charCount(ca);
          j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
      };

  private final StringBuilder out = new StringBuilder();
  private final boolean indent;

  private GoJson(boolean indent) {
    this.indent = indent;
  }

  /**
   * The JSON text of a tree of maps with string keys, lists and scalars.
   *
   * @param indent as MarshalIndent with two spaces, else compact as Marshal
   * @throws IllegalArgumentException where Go refuses: NaN or infinite numbers, non-string keys
   */
  public static String write(Object value, boolean indent) {
    GoJson json = new GoJson(indent);
    json.value(value, 0);
    return json.out.toString();
  }

  private void value(Object value, int depth) {
    if (value instanceof Map<?, ?> map) {
      object(map, depth);
    } else if (value instanceof List<?> list) {
      array(list, depth);
    } else if (value == null) {
      out.append("null");
    } else if (value instanceof Boolean b) {
      out.append(b ? "true" : "false");
    } else if (value instanceof Number n) {
      out.append(GoNumbers.json(n));
    } else if (value instanceof String s) {
      string(s);
    } else {
      throw new IllegalArgumentException(
          "json: unsupported type: " + value.getClass().getSimpleName());
    }
  }

  private void object(Map<?, ?> map, int depth) {
    if (map.isEmpty()) {
      out.append("{}");
      return;
    }
    List<String> keys = new ArrayList<>(map.size());
    for (Object key : map.keySet()) {
      if (!(key instanceof String s)) {
        // go-yaml decodes such a mapping as map[interface{}]interface{}, which encoding/json
        // refuses.
        throw new IllegalArgumentException("json: unsupported type: map[interface {}]interface {}");
      }
      keys.add(s);
    }
    keys.sort(BYTE_ORDER);
    out.append('{');
    boolean first = true;
    for (String key : keys) {
      if (!first) {
        out.append(',');
      }
      first = false;
      newline(depth + 1);
      string(key);
      out.append(indent ? ": " : ":");
      value(map.get(key), depth + 1);
    }
    newline(depth);
    out.append('}');
  }

  private void array(List<?> list, int depth) {
    if (list.isEmpty()) {
      out.append("[]");
      return;
    }
    out.append('[');
    for (int i = 0; i < list.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      newline(depth + 1);
      value(list.get(i), depth + 1);
    }
    newline(depth);
    out.append(']');
  }

  private void newline(int depth) {
    if (indent) {
      out.append('\n');
      out.append("  ".repeat(depth));
    }
  }

  /** encoding/json's appendString with HTML escaping, as json.Marshal does. */
  private void string(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
            unicodeEscape(c);
          } else if (Character.isSurrogate(c)
              && !(Character.isHighSurrogate(c)
                  && i + 1 < s.length()
                  && Character.isLowSurrogate(s.charAt(i + 1)))
              && !(Character.isLowSurrogate(c)
                  && i > 0
                  && Character.isHighSurrogate(s.charAt(i - 1)))) {
            // A lone surrogate is not valid UTF-8; Go writes the replacement character.
            out.append("\\ufffd");
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private void unicodeEscape(char c) {
    out.append("\\u")
        .append(HEX[(c >> 12) & 0xF])
        .append(HEX[(c >> 8) & 0xF])
        .append(HEX[(c >> 4) & 0xF])
        .append(HEX[c & 0xF]);
  }
}
