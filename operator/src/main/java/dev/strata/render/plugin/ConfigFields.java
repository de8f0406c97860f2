package dev.strata.render.plugin;

import dev.strata.render.RenderException;
import dev.strata.render.fields.FieldSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a builtin plugin's config as kustomize's plugin decodes it. Most plugins decode with
 * sigs.k8s.io/yaml, that is Go's encoding/json: field names match case-insensitively and the last
 * of two spellings wins. The prefix and suffix plugins decode with kyaml, whose field names match
 * exactly. Either way, as in kustomize, unknown fields are ignored and a value of the wrong type is
 * an error.
 */
final class ConfigFields {

  private static final List<String> FIELD_SPEC_FIELDS =
      List.of("group", "version", "kind", "path", "create");

  private final Map<?, ?> map;
  private final String where;
  private final boolean caseSensitive;

  private ConfigFields(Map<?, ?> map, String where, boolean caseSensitive) {
    this.map = map;
    this.where = where;
    this.caseSensitive = caseSensitive;
  }

  /** A config decoded as encoding/json decodes it (sigs.k8s.io/yaml). */
  static ConfigFields json(PluginConfig config) {
    return new ConfigFields(config.fields(), config.where(), false);
  }

  /** A mapping inside a config, or in a file it names, decoded as encoding/json decodes it. */
  static ConfigFields of(Map<?, ?> map, String where) {
    return new ConfigFields(map, where, false);
  }

  /** A config decoded as kyaml's yaml.Unmarshal decodes it (go-yaml v3). */
  static ConfigFields yaml(PluginConfig config) {
    return new ConfigFields(config.fields(), config.where(), true);
  }

  /** The value of a field, null when absent. */
  Object raw(String name) {
    Object value = null;
    for (var entry : map.entrySet()) {
      String key = String.valueOf(entry.getKey());
      if (caseSensitive ? key.equals(name) : key.equalsIgnoreCase(name)) {
        value = entry.getValue();
      }
    }
    return value;
  }

  /** Whether the field is present and not null. */
  boolean has(String name) {
    return raw(name) != null;
  }

  /** The fields given, by these names, that are present: what a narrower reader may check. */
  Map<String, Object> only(List<String> names) {
    Map<String, Object> result = new LinkedHashMap<>();
    for (String name : names) {
      Object value = raw(name);
      if (value != null) {
        result.put(name, value);
      }
    }
    return result;
  }

  /** A mapping field as fields of its own; an absent one reads as empty. */
  ConfigFields child(String name) throws RenderException {
    Object value = raw(name);
    if (value == null) {
      return new ConfigFields(Map.of(), where + ": " + name, caseSensitive);
    }
    if (!(value instanceof Map<?, ?> child)) {
      throw error(name, "must be a mapping, found " + describe(value));
    }
    return new ConfigFields(child, where + ": " + name, caseSensitive);
  }

  String string(String name) throws RenderException {
    Object value = raw(name);
    if (value == null) {
      return "";
    }
    if (!(value instanceof String text)) {
      throw error(name, "must be a string, found " + describe(value) + " (quote it)");
    }
    return text;
  }

  boolean bool(String name) throws RenderException {
    Object value = raw(name);
    if (value == null) {
      return false;
    }
    if (!(value instanceof Boolean flag)) {
      throw error(name, "must be true or false, found " + describe(value));
    }
    return flag;
  }

  long integer(String name) throws RenderException {
    Object value = raw(name);
    if (value == null) {
      return 0;
    }
    if (!(value instanceof Integer || value instanceof Long)) {
      throw error(name, "must be an integer, found " + describe(value));
    }
    return ((Number) value).longValue();
  }

  List<String> strings(String name) throws RenderException {
    List<String> result = new ArrayList<>();
    for (Object item : list(name)) {
      if (item != null && !(item instanceof String)) {
        throw error(name, "must be a list of strings, found item " + describe(item));
      }
      result.add(item == null ? "" : (String) item);
    }
    return result;
  }

  List<?> list(String name) throws RenderException {
    Object value = raw(name);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw error(name, "must be a list, found " + describe(value));
    }
    return list;
  }

  Map<String, String> stringMap(String name) throws RenderException {
    Object value = raw(name);
    Map<String, String> result = new LinkedHashMap<>();
    if (value == null) {
      return result;
    }
    if (!(value instanceof Map<?, ?> entries)) {
      throw error(name, "must be a mapping of strings, found " + describe(value));
    }
    for (var entry : entries.entrySet()) {
      Object item = entry.getValue();
      if (item != null && !(item instanceof String)) {
        throw error(
            name + "." + entry.getKey(),
            "must be a string, found " + describe(item) + " (quote it)");
      }
      result.put(String.valueOf(entry.getKey()), item == null ? "" : (String) item);
    }
    return result;
  }

  /** A list of field specs, used as they are (kustomize merges no defaults into a config's). */
  List<FieldSpec> fieldSpecs(String name) throws RenderException {
    List<FieldSpec> specs = new ArrayList<>();
    List<?> items = list(name);
    for (int i = 0; i < items.size(); i++) {
      String at = where + ": " + name + "[" + i + "]";
      if (!(items.get(i) instanceof Map<?, ?> item)) {
        throw new RenderException(at + ": a field spec must be a mapping with a path");
      }
      specs.add(
          FieldSpec.parse(new ConfigFields(item, at, caseSensitive).only(FIELD_SPEC_FIELDS), at));
    }
    return specs;
  }

  RenderException error(String field, String problem) {
    return new RenderException(where + ": " + field + ": " + problem);
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
