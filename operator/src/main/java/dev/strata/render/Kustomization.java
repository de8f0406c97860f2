package dev.strata.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One kustomization file, parsed as kustomize does: field names match case-insensitively, unknown
 * fields are errors, and fields this renderer does not support yet are errors naming them, never
 * silently ignored.
 *
 * @param file the file's path in the tree
 * @param fields the fields present, by kustomize's canonical name
 */
public record Kustomization(String file, Map<String, Object> fields) {

  /** The file names kustomize recognises, in the order it looks for them. */
  static final List<String> FILE_NAMES =
      List.of("kustomization.yaml", "kustomization.yml", "Kustomization");

  /** The apiVersion kustomize gives a kustomization that names none. */
  private static final String DEFAULT_API_VERSION = "kustomize.config.k8s.io/v1beta1";

  /** Every field of kustomize v5's Kustomization type. */
  private static final List<String> KNOWN =
      List.of(
          "apiVersion",
          "kind",
          "metadata",
          "openapi",
          "namePrefix",
          "nameSuffix",
          "namespace",
          "commonLabels",
          "labels",
          "commonAnnotations",
          "patchesStrategicMerge",
          "patchesJson6902",
          "patches",
          "images",
          "imageTags",
          "replacements",
          "replicas",
          "vars",
          "sortOptions",
          "resources",
          "components",
          "crds",
          "bases",
          "configMapGenerator",
          "secretGenerator",
          "helmGlobals",
          "helmCharts",
          "helmChartInflationGenerator",
          "generatorOptions",
          "configurations",
          "crds",
          "generators",
          "transformers",
          "validators",
          "buildMetadata");

  /** Fields this renderer implements (identically to kustomize). */
  private static final Set<String> SUPPORTED =
      Set.of(
          "apiVersion",
          "kind",
          "metadata",
          "resources",
          "bases",
          "sortOptions",
          "namespace",
          "namePrefix",
          "nameSuffix",
          "commonLabels",
          "labels",
          "commonAnnotations",
          "images",
          "imageTags",
          "replicas",
          "components",
          "configurations",
          "crds",
          "patchesStrategicMerge",
          "patches",
          "patchesJson6902",
          "configMapGenerator",
          "secretGenerator",
          "generatorOptions",
          "replacements",
          "buildMetadata",
          "openapi",
          "vars",
          "generators",
          "transformers",
          "validators");

  /** Fields that run Helm; Strata never does. */
  private static final Set<String> NEVER =
      Set.of("helmGlobals", "helmCharts", "helmChartInflationGenerator");

  static Kustomization parse(byte[] content, String file) throws RenderException {
    List<Object> documents = YamlDocuments.parse(content, file, true);
    if (documents.isEmpty()) {
      throw empty(file);
    }
    if (documents.size() > 1 || !(documents.get(0) instanceof Map<?, ?> raw)) {
      throw new RenderException(file + ": a kustomization must be a single YAML mapping");
    }
    Map<String, String> byLowerCase = new LinkedHashMap<>();
    KNOWN.forEach(name -> byLowerCase.put(name.toLowerCase(Locale.ROOT), name));
    Map<String, Object> fields = new LinkedHashMap<>();
    for (var entry : raw.entrySet()) {
      String key = String.valueOf(entry.getKey());
      String canonical = byLowerCase.get(key.toLowerCase(Locale.ROOT));
      if (canonical == null) {
        throw new RenderException(
            file + ": unknown field '" + key + "' (not a kustomization field)");
      }
      if (NEVER.contains(canonical)) {
        throw new RenderException(
            file
                + ": field '"
                + key
                + "' is not supported: it runs Helm (kustomize --enable-helm), which Strata never"
                + " does");
      }
      if (!SUPPORTED.contains(canonical)) {
        throw new RenderException(
            file
                + ": field '"
                + key
                + "' is not supported yet by Strata's renderer (supported: "
                + String.join(", ", SUPPORTED.stream().sorted().toList())
                + ")");
      }
      fields.put(canonical, entry.getValue());
    }
    Object kind = fields.get("kind");
    if (kind != null && !"Kustomization".equals(kind) && !"Component".equals(kind)) {
      throw new RenderException(file + ": kind '" + kind + "' is not Kustomization or Component");
    }
    if (isEmpty(fields)) {
      throw empty(file);
    }
    return new Kustomization(file, fields);
  }

  /**
   * kustomize's CheckEmpty: nothing set but the default apiVersion and kind. An empty list counts
   * as set ({@code resources: []} builds to nothing), a null or empty string does not.
   */
  private static boolean isEmpty(Map<String, Object> fields) {
    for (var field : fields.entrySet()) {
      Object value = field.getValue();
      boolean unset =
          value == null
              || "".equals(value)
              || (field.getKey().equals("apiVersion") && DEFAULT_API_VERSION.equals(value))
              || (field.getKey().equals("kind") && "Kustomization".equals(value));
      if (!unset) {
        return false;
      }
    }
    return true;
  }

  private static RenderException empty(String file) {
    // In the operator an empty build would prune the whole layer, so this must not pass quietly.
    return new RenderException(
        file
            + ": kustomization.yaml is empty (kustomize refuses it too); list what it builds, or"
            + " write 'resources: []' if it is meant to build nothing");
  }

  /** The value of a field by its canonical name, or null when absent. */
  public Object field(String name) {
    return fields.get(name);
  }

  boolean isComponent() {
    return "Component".equals(fields.get("kind"));
  }

  /** resources, then the deprecated bases, as kustomize merges them. */
  List<String> resources() throws RenderException {
    List<String> entries = new ArrayList<>(strings("resources"));
    entries.addAll(strings("bases"));
    return entries;
  }

  /**
   * The kustomization's sortOptions.
   *
   * @param order "legacy" or "fifo"
   * @param orderFirst legacySortOptions.orderFirst, or null for kustomize's default kinds
   * @param orderLast legacySortOptions.orderLast, or null for kustomize's default kinds
   */
  record SortOptions(String order, List<String> orderFirst, List<String> orderLast) {}

  /** The sortOptions, or null when absent; validated as kustomize's SortOrderTransformer. */
  SortOptions sortOptions() throws RenderException {
    Object options = fields.get("sortOptions");
    if (options == null) {
      return null;
    }
    if (!(options instanceof Map<?, ?> map)
        || !(map.get("order") instanceof String order)
        || !(order.equals("legacy") || order.equals("fifo"))) {
      throw new RenderException(
          file + ": the field 'sortOptions.order' must be one of [fifo, legacy]");
    }
    for (Object key : map.keySet()) {
      if (!key.equals("order") && !key.equals("legacySortOptions")) {
        throw new RenderException(file + ": unknown field 'sortOptions." + key + "'");
      }
    }
    Object legacy = map.get("legacySortOptions");
    if (legacy == null) {
      return new SortOptions(order, null, null);
    }
    if (order.equals("fifo")) {
      throw new RenderException(
          file
              + ": the field 'sortOptions.legacySortOptions' is set but the selected sort order is"
              + " 'fifo', not 'legacy'");
    }
    if (!(legacy instanceof Map<?, ?> kinds)) {
      throw new RenderException(file + ": sortOptions.legacySortOptions must be a mapping");
    }
    for (Object key : kinds.keySet()) {
      if (!key.equals("orderFirst") && !key.equals("orderLast")) {
        throw new RenderException(
            file + ": unknown field 'sortOptions.legacySortOptions." + key + "'");
      }
    }
    return new SortOptions(
        order,
        kindList(kinds.get("orderFirst"), "sortOptions.legacySortOptions.orderFirst"),
        kindList(kinds.get("orderLast"), "sortOptions.legacySortOptions.orderLast"));
  }

  private List<String> kindList(Object value, String field) throws RenderException {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
      throw new RenderException(file + ": field '" + field + "' must be a list of kinds");
    }
    return list.stream().map(String.class::cast).toList();
  }

  /** A string field; empty when absent. */
  public String string(String field) throws RenderException {
    Object value = fields.get(field);
    if (value == null) {
      return "";
    }
    if (!(value instanceof String text)) {
      throw new RenderException(file + ": field '" + field + "' must be a string, found " + value);
    }
    return text;
  }

  /** A map of strings (labels, annotations); empty when absent. */
  public Map<String, String> stringMap(String field) throws RenderException {
    return stringMap(fields.get(field), field);
  }

  /**
   * A map of strings found inside another field.
   *
   * @param where the field's name, for errors
   */
  public Map<String, String> stringMap(Object value, String where) throws RenderException {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new RenderException(file + ": field '" + where + "' must be a mapping");
    }
    Map<String, String> result = new LinkedHashMap<>();
    for (var entry : map.entrySet()) {
      if (!(entry.getValue() instanceof String text)) {
        throw new RenderException(
            file
                + ": field '"
                + where
                + "': the value of '"
                + entry.getKey()
                + "' must be a string, found "
                + entry.getValue()
                + " (quote it)");
      }
      result.put(String.valueOf(entry.getKey()), text);
    }
    return result;
  }

  /**
   * A list of mappings, each with only the keys allowed.
   *
   * @param allowed the keys an entry may have
   */
  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> mappings(String field, Set<String> allowed)
      throws RenderException {
    Object value = fields.get(field);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new RenderException(file + ": field '" + field + "' must be a list");
    }
    List<Map<String, Object>> result = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof Map<?, ?> map)) {
        throw new RenderException(
            file + ": field '" + field + "[" + i + "]' must be a mapping, found " + list.get(i));
      }
      for (Object key : map.keySet()) {
        if (!allowed.contains(String.valueOf(key))) {
          throw new RenderException(
              file + ": field '" + field + "[" + i + "]': unknown field '" + key + "'");
        }
      }
      result.add((Map<String, Object>) map);
    }
    return result;
  }

  /** A list of strings (paths); empty when absent. */
  public List<String> strings(String field) throws RenderException {
    Object value = fields.get(field);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new RenderException(file + ": field '" + field + "' must be a list");
    }
    List<String> result = new ArrayList<>();
    for (Object item : list) {
      if (!(item instanceof String s)) {
        throw new RenderException(file + ": field '" + field + "' must list paths, found " + item);
      }
      result.add(s);
    }
    return result;
  }
}
