package dev.strata.render.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers what kustomize asks of the Kubernetes OpenAPI schema: whether a kind is namespaced, and
 * how strategic merge treats each field of a built-in kind (patch strategy, merge keys).
 *
 * <p>The data comes from kube-apiserver v1.33's /openapi/v2, reduced by
 * hack/update-kubernetes-schema.sh. kustomize embeds the v1.21 schema instead; kinds and fields
 * added or removed between the two are where the answers can differ.
 */
public final class KubernetesSchema {

  static final String RESOURCE = "kubernetes-schema.json";

  private static final String LOCAL_REF = "#/definitions/";

  private static final KubernetesSchema BUILTIN = load();

  private final JsonNode definitions;
  private final Map<String, Boolean> namespacedByGroupKind = new HashMap<>();
  private final Map<String, String> definitionByGvk = new HashMap<>();

  private KubernetesSchema(JsonNode root) {
    this.definitions = root.path("definitions");
    for (JsonNode kind : root.path("kinds")) {
      String group = kind.path("group").asText();
      String version = kind.path("version").asText();
      String name = kind.path("kind").asText();
      if (kind.has("namespaced")) {
        namespacedByGroupKind.merge(
            group + "/" + name, kind.get("namespaced").asBoolean(), Boolean::logicalOr);
      }
      if (kind.has("definition")) {
        definitionByGvk.put(gvk(group, version, name), kind.get("definition").asText());
      }
    }
  }

  /**
   * A schema read from an OpenAPI v2 document, as kustomize's {@code openapi: {path: ...}} reads
   * one: its definitions, and the kinds named by their x-kubernetes-group-version-kind. It knows
   * nothing of scope: {@link #isNamespaced} answers as for an unknown kind.
   *
   * @throws IllegalArgumentException when definitions refer to each other in a cycle
   */
  public static KubernetesSchema fromOpenApi(JsonNode document) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode definitions = root.putObject("definitions");
    ArrayNode kinds = root.putArray("kinds");
    document
        .path("definitions")
        .fields()
        .forEachRemaining(
            definition -> {
              definitions.set(definition.getKey(), definition.getValue());
              for (JsonNode gvk : definition.getValue().path("x-kubernetes-group-version-kind")) {
                kinds
                    .addObject()
                    .put("group", gvk.path("group").asText())
                    .put("version", gvk.path("version").asText())
                    .put("kind", gvk.path("kind").asText())
                    .put("definition", definition.getKey());
              }
            });
    var schema = new KubernetesSchema(root);
    definitions.fieldNames().forEachRemaining(name -> schema.resolve(definitions.get(name)));
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
      return new KubernetesSchema(new ObjectMapper().readTree(in));
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
    return definition == null ? null : resolve(definitions.path(definition));
  }

  private static String gvk(String group, String version, String kind) {
    return group + "/" + version + "/" + kind;
  }

  /**
   * Follows $ref to a definition, as kyaml resolves each field and element schema. References are
   * {@code #/definitions/<name>} in OpenAPI documents, the bare name in the built-in schema.
   */
  private Node resolve(JsonNode schema) {
    JsonNode current = schema;
    for (int depth = 0; current.has("$ref"); depth++) {
      if (depth > definitions.size()) {
        throw new IllegalArgumentException(
            "definitions refer to each other in a $ref cycle through "
                + current.get("$ref").asText());
      }
      String ref = current.get("$ref").asText();
      current =
          definitions.path(ref.startsWith(LOCAL_REF) ? ref.substring(LOCAL_REF.length()) : ref);
    }
    return new Node(this, current);
  }

  /** Describes one schema in the tree: a kind, a field, or the elements of a list. */
  public static final class Node {

    private final KubernetesSchema schema;
    private final JsonNode json;

    private Node(KubernetesSchema schema, JsonNode json) {
      this.schema = schema;
      this.json = json;
    }

    /**
     * The schema of a field of this object (or of any value of a map), null when unknown, as
     * kyaml's {@code ResourceSchema.Field}.
     */
    public Node field(String name) {
      JsonNode property = json.path("properties").path(name);
      if (property.isObject()) {
        return schema.resolve(property);
      }
      JsonNode values = json.path("additionalProperties");
      return values.isObject() ? schema.resolve(values) : null;
    }

    /** The schema of the elements of this list, null when unknown or not a list. */
    public Node elements() {
      JsonNode items = json.path("items");
      if (!"array".equals(json.path("type").asText()) || !items.isObject()) {
        return null;
      }
      return schema.resolve(items);
    }

    /** x-kubernetes-patch-strategy, "" when absent (may list several, e.g. "merge,retainKeys"). */
    public String patchStrategy() {
      return json.path("x-kubernetes-patch-strategy").asText("");
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
      if (!json.has("x-kubernetes-patch-strategy")) {
        return List.of();
      }
      List<String> keys = new ArrayList<>();
      if (json.has("x-kubernetes-list-map-keys")) {
        json.get("x-kubernetes-list-map-keys").forEach(key -> keys.add(key.asText()));
        return keys;
      }
      if (json.has("x-kubernetes-patch-merge-key")) {
        keys.add(json.get("x-kubernetes-patch-merge-key").asText());
      }
      return keys;
    }
  }
}
