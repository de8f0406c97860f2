package dev.strata.render.replace;

import dev.strata.render.yaml.GoJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes back the JSON held in a string field after kustomize edits it: go-yaml decodes the edited
 * nodes into plain values (each scalar by its tag) and Go's encoder writes them, compact or
 * indented like the original.
 */
final class StructuredText {

  private static final Set<String> DECODED_TAGS =
      Set.of(
          YamlScalars.STR,
          YamlScalars.INT,
          YamlScalars.FLOAT,
          YamlScalars.BOOL,
          YamlScalars.NULL,
          YamlScalars.TIMESTAMP);

  private StructuredText() {}

  /** Whether kustomize writes the edited text back as JSON: it starts with { or [. */
  static boolean isJson(String original) {
    String trimmed = original.strip();
    return !trimmed.isEmpty() && (trimmed.charAt(0) == '{' || trimmed.charAt(0) == '[');
  }

  /**
   * The JSON kustomize writes for the edited tree: indented by two spaces when the original has a
   * line break and a double space, compact otherwise; null where go-yaml's decoding or Go's encoder
   * fails (kustomize then leaves the field as it was).
   */
  static String json(Object tree, String original) {
    boolean indent = original.contains("\n") && original.contains("  ");
    try {
      return GoJson.write(decoded(tree), indent);
    } catch (KyamlException | IllegalArgumentException e) {
      return null;
    }
  }

  /** The values go-yaml decodes from nodes into an interface{}. */
  private static Object decoded(Object node) throws KyamlException {
    if (node instanceof StyledScalar scalar) {
      if (scalar.tag().isEmpty() || DECODED_TAGS.contains(scalar.tag())) {
        String tag = scalar.tag().isEmpty() ? YamlScalars.UNTAGGED : scalar.tag();
        return YamlScalars.decode(tag, scalar.value());
      }
      if (scalar.tag().startsWith("!!")) {
        throw new KyamlException("cannot decode " + scalar.tag()); // binary, set, merge, ...
      }
      return scalar.value(); // a local tag decodes as its text
    }
    if (node instanceof Map<?, ?> map) {
      Map<Object, Object> decoded = new LinkedHashMap<>();
      for (var entry : map.entrySet()) {
        Object key = decoded(entry.getKey());
        if (decoded.containsKey(key)) {
          throw new KyamlException("mapping key " + key + " already defined");
        }
        decoded.put(key, decoded(entry.getValue()));
      }
      return decoded;
    }
    if (node instanceof List<?> list) {
      List<Object> decoded = new ArrayList<>(list.size());
      for (Object item : list) {
        decoded.add(decoded(item));
      }
      return decoded;
    }
    return node; // a value kustomize created or copied, already decoded
  }
}
