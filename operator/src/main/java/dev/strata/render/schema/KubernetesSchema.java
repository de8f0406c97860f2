package dev.strata.render.schema;

import dev.strata.render.JsonResources;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers what kustomize asks of the Kubernetes OpenAPI schema: whether a kind is namespaced, and
 * how strategic merge treats each field of a built-in kind (patch strategy, merge keys).
 *
 * <p>The data comes from kube-apiserver v1.33's /openapi/v2, reduced by
 * hack/update-kubernetes-schema.sh. kustomize embeds the v1.21 schema instead; kinds and fields
 * added or removed between the two are where the answers can differ.
 *
 * <p>Schemas are held as plain maps and lists, as JSON and YAML documents read them (the built-in
 * one with {@link JsonResources}).
 */
public final class KubernetesSchema {

  static final String RESOURCE = "kubernetes-schema.json";

  private static final String LOCAL_REF = "#/definitions/";

  /** A field that is not there, as opposed to one whose value is null. */
  private static final Object MISSING = new Object();

  private static final KubernetesSchema BUILTIN = load();

  private final Object definitions;
  private final Map<String, Boolean> namespacedByGroupKind = new HashMap<>();
  private final Map<String, String> definitionByGvk = new HashMap<>();

  private KubernetesSchema(Object definitions, Object kinds) {
    this.definitions = definitions;
    for (Object kind : elements(kinds)) {
      String group = text(field(kind, "group"));
      String version = text(field(kind, "version"));
      String name = text(field(kind, "kind"));
      if (has(kind, "namespaced")) {
        namespacedByGroupKind.merge(
            group + "/" + name, Boolean.TRUE.equals(field(kind, "namespaced")), Boolean::logicalOr);
      }
      if (has(kind, "definition")) {
        definitionByGvk.put(gvk(group, version, name), text(field(kind, "definition")));
      }
    }
  }

  /**
   * A schema read from an OpenAPI v2 document, as kustomize's {@code openapi: {path: ...}} reads
   * one: its definitions, and the kinds named by their x-kubernetes-group-version-kind. It knows
   * nothing of scope: {@link #isNamespaced} answers as for an unknown kind.
   *
   * @param document the document as read from JSON or YAML (maps, lists and scalars)
   * @throws IllegalArgumentException when definitions refer to each other in a cycle
   */
  public static KubernetesSchema fromOpenApi(Map<?, ?> document) {
    Map<String, Object> definitions = new LinkedHashMap<>();
    List<Object> kinds = new ArrayList<>();
    Object documentDefinitions = field(normalized(document), "definitions");
    if (documentDefinitions instanceof Map<?, ?> map) {
      for (var definition : map.entrySet()) {
        String name = (String) definition.getKey();
        definitions.put(name, definition.getValue());
        for (Object gvk :
            elements(field(definition.getValue(), "x-kubernetes-group-version-kind"))) {
          Map<String, Object> kind = new LinkedHashMap<>();
          kind.put("group", text(field(gvk, "group")));
          kind.put("version", text(field(gvk, "version")));
          kind.put("kind", text(field(gvk, "kind")));
          kind.put("definition", name);
          kinds.add(kind);
        }
      }
    }
    var schema = new KubernetesSchema(definitions, kinds);
    definitions.values().forEach(schema::resolve);
    return schema;
  }

  /** The schema built into Strata, loaded once. */
  public static KubernetesSchema builtin() {
    return BUILTIN;
  }

  private static KubernetesSchema load() {
    try (InputStream in = KubernetesSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE + " is missing from the classpath; run hack/update-kubernetes-schema.sh");
      }
      Object root = JsonResources.read(in);
      return new KubernetesSchema(field(root, "definitions"), field(root, "kinds"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /**
   * Whether objects of this kind live in a namespace. As in kyaml, a kind the schema does not know
   * (a custom resource) is namespaced. The version is not asked: no kind changes scope between
   * versions, and a manifest's version may be newer or older than the schema's.
   */
  public boolean isNamespaced(String group, String kind) {
    return namespacedByGroupKind.getOrDefault(group + "/" + kind, true);
  }

  /**
   * The schema of a kind, found by exact group, version and kind as kyaml finds it; null for kinds
   * it does not know, which strategic merge then treats without a schema.
   */
  public Node forKind(String group, String version, String kind) {
    String definition = definitionByGvk.get(gvk(group, version, kind));
    return definition == null ? null : resolve(field(definitions, definition));
  }

  private static String gvk(String group, String version, String kind) {
    return group + "/" + version + "/" + kind;
  }

  /**
   * Follows $ref to a definition, as kyaml resolves each field and element schema. References are
   * {@code #/definitions/<name>} in OpenAPI documents, the bare name in the built-in schema.
   */
  private Node resolve(Object schema) {
    Object current = schema;
    int count = definitions instanceof Map<?, ?> map ? map.size() : 0;
    for (int depth = 0; has(current, "$ref"); depth++) {
      if (depth > count) {
        throw new IllegalArgumentException(
            "definitions refer to each other in a $ref cycle through "
                + text(field(current, "$ref")));
      }
      String ref = text(field(current, "$ref"));
      current =
          field(definitions, ref.startsWith(LOCAL_REF) ? ref.substring(LOCAL_REF.length()) : ref);
    }
    return new Node(this, current);
  }

  // What Jackson's JsonNode answered when the schema was a tree of them: path, has, asText,
  // iteration (a mapping iterates its values), so that documents read either way answer alike.

  /** The value of a mapping's field; {@link #MISSING} when absent or not a mapping. */
  private static Object field(Object node, String name) {
    if (node instanceof Map<?, ?> map) {
      Object value = map.get(name);
      return value != null || map.containsKey(name) ? value : MISSING;
    }
    return MISSING;
  }

  private static boolean has(Object node, String name) {
    return node instanceof Map<?, ?> map && map.containsKey(name);
  }

  /** A scalar as text: "" when missing or a collection, "null" for null. */
  private static String text(Object value) {
    if (value == MISSING || value instanceof Map<?, ?> || value instanceof List<?>) {
      return "";
    }
    return String.valueOf(value);
  }

  private static Collection<?> elements(Object value) {
    if (value instanceof List<?> list) {
      return list;
    }
    return value instanceof Map<?, ?> map ? map.values() : List.of();
  }

  /** A document with every mapping key a string, as JSON has them. */
  private static Object normalized(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> result = new LinkedHashMap<>();
      map.forEach((key, item) -> result.put(String.valueOf(key), normalized(item)));
      return result;
    }
    if (value instanceof List<?> list) {
      List<Object> result = new ArrayList<>(list.size());
      list.forEach(item -> result.add(normalized(item)));
      return result;
    }
    return value;
  }

  /** Describes one schema in the tree: a kind, a field, or the elements of a list. */
  public static final class Node {

    private final KubernetesSchema schema;
    private final Object json;

    private Node(KubernetesSchema schema, Object json) {
      this.schema = schema;
      this.json = json;
    }

    /**
     * The schema of a field of this object (or of any value of a map), null when unknown, as
     * kyaml's {@code ResourceSchema.Field}.
     */
    public Node field(String name) {
      Object property = KubernetesSchema.field(KubernetesSchema.field(json, "properties"), name);
      if (property instanceof Map<?, ?>) {
        return schema.resolve(property);
      }
      Object values = KubernetesSchema.field(json, "additionalProperties");
      return values instanceof Map<?, ?> ? schema.resolve(values) : null;
    }

    /** The schema of the elements of this list, null when unknown or not a list. */
    public Node elements() {
      Object items = KubernetesSchema.field(json, "items");
      if (!"array".equals(text(KubernetesSchema.field(json, "type")))
          || !(items instanceof Map<?, ?>)) {
        return null;
      }
      return schema.resolve(items);
    }

    /** x-kubernetes-patch-strategy, "" when absent (may list several, e.g. "merge,retainKeys"). */
    public String patchStrategy() {
      Object strategy = KubernetesSchema.field(json, "x-kubernetes-patch-strategy");
      return strategy == null ? "" : text(strategy);
    }

    /** Whether the patch strategy includes merge: the list is merged by key, not replaced. */
    public boolean mergesLists() {
      return List.of(patchStrategy().split(",")).contains("merge");
    }

    /**
     * The keys that identify a list element, as kyaml's {@code PatchStrategyAndKeyList}: none
     * without a patch strategy, else x-kubernetes-list-map-keys, else the patch merge key, else
     * none (a list of scalars).
     */
    public List<String> mergeKeys() {
      if (!has(json, "x-kubernetes-patch-strategy")) {
        return List.of();
      }
      List<String> keys = new ArrayList<>();
      if (has(json, "x-kubernetes-list-map-keys")) {
        for (Object key :
            KubernetesSchema.elements(KubernetesSchema.field(json, "x-kubernetes-list-map-keys"))) {
          keys.add(text(key));
        }
        return keys;
      }
      if (has(json, "x-kubernetes-patch-merge-key")) {
        keys.add(text(KubernetesSchema.field(json, "x-kubernetes-patch-merge-key")));
      }
      return keys;
    }
  }
}
