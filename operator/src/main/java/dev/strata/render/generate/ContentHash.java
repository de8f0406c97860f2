package dev.strata.render.generate;

import dev.strata.render.RenderException;
import dev.strata.render.Resource;
import dev.strata.render.yaml.GoJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Computes the name suffix kustomize derives from a ConfigMap's or Secret's content (api/hasher):
 * the SHA-256 of a JSON encoding of the kind, data, binaryData (Secret: type, data, stringData),
 * its first ten hex digits with 0, 1, 3, a and e replaced so the suffix has no vowels.
 */
final class ContentHash {

  // Go's encoding/json sorts map keys bytewise in UTF-8, which is code point order.
  private static final Comparator<String> GO_ORDER = GoJson.BYTE_ORDER;

  private ContentHash() {}

  /** The ten-character suffix for a ConfigMap or Secret. */
  static String of(Resource resource) throws RenderException {
    String kind = resource.kind();
    // kustomize looks the name up as the single field "metadata/name", which never matches, so
    // the name is always empty in what it hashes; prefixes and suffixes do not change the hash.
    Map<String, Object> encoded = new TreeMap<>(GO_ORDER);
    encoded.put("kind", kind);
    encoded.put("name", "");
    Object data = values(resource, "data");
    encoded.put("data", data == null ? "" : data);
    if (kind.equals("ConfigMap")) {
      Object binaryData = values(resource, "binaryData");
      if (binaryData != null) {
        encoded.put("binaryData", binaryData);
      }
    } else if (kind.equals("Secret")) {
      Object stringData = values(resource, "stringData");
      if (stringData != null) {
        encoded.put("stringData", stringData);
      }
      Object type = resource.object().get("type");
      if (type != null && !(type instanceof String)) {
        throw problem(resource, "type must be a string, found " + FieldReader.describe(type));
      }
      encoded.put("type", type == null ? "" : type);
    } else {
      throw problem(resource, "only a ConfigMap or a Secret can have a content-hash name suffix");
    }
    return suffix(sha256Hex(json(encoded)));
  }

  /** kustomize's encode: the first ten hex digits, with 0 1 3 a e as g h k m t. */
  static String suffix(String hex) {
    StringBuilder out = new StringBuilder(10);
    for (char c : hex.substring(0, 10).toCharArray()) {
      out.append(
          switch (c) {
            case '0' -> 'g';
            case '1' -> 'h';
            case '3' -> 'k';
            case 'a' -> 'm';
            case 'e' -> 't';
            default -> c;
          });
    }
    return out.toString();
  }

  /** The field's map of strings, sorted for the encoding; null when the field is absent. */
  private static Map<String, Object> values(Resource resource, String field)
      throws RenderException {
    if (!resource.object().containsKey(field)) {
      return null;
    }
    Object value = resource.object().get(field);
    if (!(value instanceof Map<?, ?> map)) {
      throw problem(resource, field + " must be a mapping, found " + FieldReader.describe(value));
    }
    Map<String, Object> sorted = new TreeMap<>(GO_ORDER);
    for (var entry : map.entrySet()) {
      // kustomize would hash other values too, but the API server accepts only strings here.
      if (!(entry.getValue() instanceof String s)) {
        throw problem(
            resource,
            field
                + "."
                + entry.getKey()
                + " must be a string, found "
                + FieldReader.describe(entry.getValue()));
      }
      sorted.put(String.valueOf(entry.getKey()), s);
    }
    return sorted;
  }

  private static RenderException problem(Resource resource, String what) {
    return new RenderException(
        resource.origin() + ": " + resource.id() + ": cannot compute the name hash: " + what);
  }

  /** Go's json.Marshal of nested string maps and strings. */
  @SuppressWarnings("unchecked")
  static String json(Object value) {
    StringBuilder out = new StringBuilder();
    if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (var entry : ((Map<String, Object>) map).entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(out, entry.getKey());
        out.append(':').append(json(entry.getValue()));
      }
      out.append('}');
    } else {
      string(out, (String) value);
    }
    return out.toString();
  }

  /**
   * A string as Go's encoding/json writes it (Go 1.22 and later): HTML-safe, with \b \f \n \r \t,
   * other control characters as six-character escapes, U+2028 and U+2029 escaped, invalid UTF-16 as
   * U+FFFD.
   */
  private static void string(StringBuilder out, String s) {
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
        case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else if (Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            out.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            out.append("\\ufffd");
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static String sha256Hex(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
