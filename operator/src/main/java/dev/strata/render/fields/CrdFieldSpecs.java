package dev.strata.render.fields;

import dev.strata.render.RenderException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a kustomization's {@code crds} files as kustomize's LoadConfigFromCRDs: OpenAPI definitions
 * (type name to schema) whose properties carry x-kubernetes-annotation, -label-selector, -identity
 * and -object-ref-* extensions become annotation, label, name-prefix and name-reference field specs
 * for that type's kind.
 */
public final class CrdFieldSpecs {

  private CrdFieldSpecs() {}

  /**
   * @param document the parsed file: a mapping of type names to {schema, dependencies}
   * @param where the file, for errors
   */
  public static FieldSpecs load(Object document, String where) throws RenderException {
    if (!(document instanceof Map<?, ?> definitions)) {
      throw new RenderException(
          where + ": unable to parse open API definition: expected a mapping of type names");
    }
    FieldSpecs result = FieldSpecs.empty();
    for (var entry : definitions.entrySet()) {
      String typeName = String.valueOf(entry.getKey());
      Map<?, ?> properties = properties(definitions, typeName);
      if (!properties.containsKey("kind")
          || !properties.containsKey("apiVersion")
          || !properties.containsKey("metadata")) {
        continue;
      }
      String kind = typeName.substring(typeName.lastIndexOf('.') + 1);
      Map<String, List<Object>> config = new LinkedHashMap<>();
      collect(config, kind, definitions, typeName, new ArrayList<>(), 0);
      result = result.merge(FieldSpecs.parse(config, where));
    }
    return result;
  }

  private static void collect(
      Map<String, List<Object>> config,
      String kind,
      Map<?, ?> definitions,
      String typeName,
      List<String> path,
      int depth)
      throws RenderException {
    if (depth > 32) {
      throw new RenderException("crds: definitions refer to each other too deeply at " + typeName);
    }
    for (var property : properties(definitions, typeName).entrySet()) {
      String name = String.valueOf(property.getKey());
      if (!(property.getValue() instanceof Map<?, ?> schema)) {
        continue;
      }
      List<String> here = new ArrayList<>(path);
      here.add(name);
      if (schema.containsKey("x-kubernetes-annotation")) {
        add(config, "commonAnnotations", spec(kind, here));
      }
      if (schema.containsKey("x-kubernetes-label-selector")) {
        add(config, "commonLabels", spec(kind, here));
      }
      if (schema.containsKey("x-kubernetes-identity")) {
        add(config, "namePrefix", spec(kind, here));
      }
      Object version = schema.get("x-kubernetes-object-ref-api-version");
      Object refKind = schema.get("x-kubernetes-object-ref-kind");
      if (version instanceof String && refKind instanceof String) {
        Object nameKey = schema.get("x-kubernetes-object-ref-name-key");
        List<String> referrer = new ArrayList<>(here);
        referrer.add(nameKey instanceof String key ? key : "name");
        Map<String, Object> reference = new LinkedHashMap<>();
        reference.put("kind", refKind);
        reference.put("version", version);
        reference.put("fieldSpecs", List.of(spec(kind, referrer)));
        add(config, "nameReference", reference);
      }
      if (schema.get("$ref") instanceof String ref) {
        collect(config, kind, definitions, ref, here, depth + 1);
      }
    }
  }

  private static Map<String, Object> spec(String kind, List<String> path) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("kind", kind);
    spec.put("path", String.join("/", path));
    return spec;
  }

  private static void add(Map<String, List<Object>> config, String category, Object value) {
    config.computeIfAbsent(category, c -> new ArrayList<>()).add(value);
  }

  private static Map<?, ?> properties(Map<?, ?> definitions, String typeName) {
    if (definitions.get(typeName) instanceof Map<?, ?> definition
        && definition.get("Schema") instanceof Map<?, ?> schema
        && schema.get("properties") instanceof Map<?, ?> properties) {
      return properties;
    }
    return Map.of();
  }
}
