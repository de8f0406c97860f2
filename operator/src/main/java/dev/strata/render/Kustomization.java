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
          "generators",
          "transformers",
          "validators",
          "buildMetadata");

  /** Fields this renderer implements (identically to kustomize). */
  private static final Set<String> SUPPORTED =
      Set.of(
          // one field per line
          "apiVersion", "kind", "metadata", "resources", "bases", "sortOptions", "replacements");

  /** Fields that run external code; Strata never does. */
  private static final Set<String> NEVER =
      Set.of(
          "helmGlobals",
          "helmCharts",
          "helmChartInflationGenerator",
          "generators",
          "transformers",
          "validators");

  static Kustomization parse(byte[] content, String file) throws RenderException {
    List<Object> documents = YamlDocuments.parse(content, file, true);
    if (documents.isEmpty()) {
      return new Kustomization(file, Map.of());
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
                + "' is not supported: Strata does not run Helm, plugins or KRM functions");
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
    return new Kustomization(file, fields);
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

  /** "legacy" or "fifo" when sortOptions sets it, else null. */
  String sortOrder() throws RenderException {
    Object options = fields.get("sortOptions");
    if (options == null) {
      return null;
    }
    if (!(options instanceof Map<?, ?> map)
        || !(map.get("order") instanceof String order)
        || !(order.equals("legacy") || order.equals("fifo"))) {
      throw new RenderException(file + ": sortOptions.order must be legacy or fifo");
    }
    if (map.containsKey("legacySortOptions")) {
      throw new RenderException(
          file
              + ": field 'sortOptions.legacySortOptions' is not supported yet by Strata's renderer");
    }
    return order;
  }

  private List<String> strings(String field) throws RenderException {
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
