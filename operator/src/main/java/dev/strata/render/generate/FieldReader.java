package dev.strata.render.generate;

import dev.strata.render.RenderException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads generator entries of a kustomization the way kustomize decodes them: its file goes through
 * Go's encoding/json with unknown fields disallowed, so field names match case-insensitively (an
 * exact match first), null leaves a field unset, and a value of the wrong type is an error. A
 * generator plugin's config goes through the same decoder with unknown fields ignored (lenient).
 */
final class FieldReader {

  private final String file;
  private final String path;
  private final boolean lenient;

  /**
   * @param file the kustomization file, for errors
   * @param path where the values read are, as field.field[index], for errors
   */
  FieldReader(String file, String path) {
    this(file, path, false);
  }

  /**
   * @param lenient whether unknown fields are ignored (a plugin config) rather than errors
   */
  FieldReader(String file, String path, boolean lenient) {
    this.file = file;
    this.path = path;
    this.lenient = lenient;
  }

  /** A reader for a value below this one. */
  FieldReader at(String field) {
    return new FieldReader(file, path + "." + field, lenient);
  }

  /** An error naming the file and the field. */
  RenderException error(String field, String problem) {
    return new RenderException(
        file + ": " + path + (field.isEmpty() ? "" : "." + field) + ": " + problem);
  }

  /**
   * The fields of a mapping by their canonical names; null reads as an empty mapping.
   *
   * @param known the canonical field names
   */
  @SuppressWarnings("unchecked")
  Map<String, Object> fields(Object value, List<String> known) throws RenderException {
    Map<String, Object> result = new LinkedHashMap<>();
    if (value == null) {
      return result;
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw error("", "must be a mapping, found " + describe(value));
    }
    for (var entry : ((Map<Object, Object>) map).entrySet()) {
      String key = String.valueOf(entry.getKey());
      String canonical = canonical(key, known);
      if (canonical == null && lenient) {
        continue;
      }
      if (canonical == null) {
        throw error("", "unknown field '" + key + "' (known: " + String.join(", ", known) + ")");
      }
      Object previous = result.get(canonical);
      // encoding/json decodes a repeated key into the same map, keeping the earlier entries.
      if (previous instanceof Map<?, ?> before && entry.getValue() instanceof Map<?, ?> after) {
        Map<Object, Object> merged = new LinkedHashMap<>(before);
        merged.putAll(after);
        result.put(canonical, merged);
      } else {
        result.put(canonical, entry.getValue());
      }
    }
    return result;
  }

  /** A string field; absent or null is "". */
  String string(Map<String, Object> fields, String field) throws RenderException {
    Object value = fields.get(field);
    if (value == null) {
      return "";
    }
    if (!(value instanceof String s)) {
      throw error(field, "must be a string, found " + describe(value));
    }
    return readable(s, field);
  }

  /** A list of strings; absent or null is empty, a null item is "". */
  List<String> strings(Map<String, Object> fields, String field) throws RenderException {
    Object value = fields.get(field);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw error(field, "must be a list of strings, found " + describe(value));
    }
    List<String> result = new ArrayList<>();
    for (Object item : list) {
      if (item != null && !(item instanceof String)) {
        throw error(field, "must be a list of strings, found item " + describe(item));
      }
      result.add(item == null ? "" : readable((String) item, field));
    }
    return result;
  }

  /** A boolean; absent or null is false. */
  boolean bool(Map<String, Object> fields, String field) throws RenderException {
    Object value = fields.get(field);
    if (value == null) {
      return false;
    }
    if (!(value instanceof Boolean b)) {
      throw error(field, "must be true or false, found " + describe(value));
    }
    return b;
  }

  /** A mapping of strings to strings; absent or null is empty, a null value is "". */
  Map<String, String> stringMap(Map<String, Object> fields, String field) throws RenderException {
    Object value = fields.get(field);
    Map<String, String> result = new LinkedHashMap<>();
    if (value == null) {
      return result;
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw error(field, "must be a mapping of strings, found " + describe(value));
    }
    for (var entry : map.entrySet()) {
      Object key = entry.getKey();
      // YAML-to-JSON turns integer and boolean keys into their text; other keys cannot be.
      if (!(key instanceof String
          || key instanceof Integer
          || key instanceof Long
          || key instanceof BigInteger
          || key instanceof Boolean)) {
        throw error(field, "has a key that is not a string: " + key);
      }
      Object item = entry.getValue();
      if (item != null && !(item instanceof String)) {
        throw error(field + "." + key, "must be a string, found " + describe(item));
      }
      String name = readable(String.valueOf(key), field);
      result.put(name, item == null ? "" : readable((String) item, field + "." + name));
    }
    return result;
  }

  /**
   * Refuses characters kustomize cannot carry through its generator configuration: it reads the
   * kustomization with go-yaml v2, which takes raw U+0085, U+2028 and U+2029 for line breaks, and
   * it passes the entry through JSON and YAML again, where U+007F-U+009F and U+FFFE-U+FFFF are
   * refused ("control characters are not allowed").
   */
  private String readable(String s, String field) throws RenderException {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean pair =
          Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1));
      if (pair) {
        i++;
      } else if ((c >= 0x7F && c <= 0x9F)
          || c == 0x2028
          || c == 0x2029
          || c >= 0xFFFE
          || Character.isSurrogate(c)) {
        throw error(
            field,
            String.format(
                "contains U+%04X, which kustomize reads as a line break or refuses here; put such"
                    + " text in a file and list it under files",
                (int) c));
      }
    }
    return s;
  }

  private static String canonical(String key, List<String> known) {
    if (known.contains(key)) {
      return key;
    }
    return known.stream().filter(key::equalsIgnoreCase).findFirst().orElse(null);
  }

  static String describe(Object value) {
    if (value instanceof Map<?, ?>) {
      return "a mapping";
    }
    if (value instanceof List<?>) {
      return "a list";
    }
    return value instanceof String ? "'" + value + "'" : String.valueOf(value);
  }
}
