package dev.strata.render.generate;

import dev.strata.render.RenderException;
import dev.strata.render.Resource;
import dev.strata.render.yaml.GoJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Computes the name suffix kustomize derives from a ConfigMap's or Secret's content (api/hasher):
 * the SHA-256 of a JSON encoding of the kind, data, binaryData (Secret: type, data, stringData),
 * its first ten hex digits with 0, 1, 3, a and e replaced so the suffix has no vowels.
 */
final class ContentHash {

  private ContentHash() {}

  /** The ten-character suffix for a ConfigMap or Secret. */
  static String of(Resource resource) throws RenderException {
    String kind = resource.kind();
    // kustomize looks the name up as the single field "metadata/name", which never matches, so
    // the name is always empty in what it hashes; prefixes and suffixes do not change the hash.
    Map<String, Object> encoded = new LinkedHashMap<>();
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
    return suffix(sha256Hex(GoJson.write(encoded, false)));
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

  /** The field's map of strings (GoJson sorts the keys as Go does); null when it is absent. */
  private static Map<String, Object> values(Resource resource, String field)
      throws RenderException {
    if (!resource.object().containsKey(field)) {
      return null;
    }
    Object value = resource.object().get(field);
    if (!(value instanceof Map<?, ?> map)) {
      throw problem(resource, field + " must be a mapping, found " + FieldReader.describe(value));
    }
    Map<String, Object> strings = new LinkedHashMap<>();
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
      strings.put(String.valueOf(entry.getKey()), s);
    }
    return strings;
  }

  private static RenderException problem(Resource resource, String what) {
    return new RenderException(
        resource.origin() + ": " + resource.id() + ": cannot compute the name hash: " + what);
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
