package dev.strata.render.fields;

import dev.strata.render.JsonResources;
import dev.strata.render.Ordering;
import dev.strata.render.RenderException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Says which fields each builtin transformer touches, as kustomize's {@code TransformerConfig}:
 * kustomize's defaults, merged with a kustomization's {@code configurations} files.
 *
 * <p>The defaults are kustomize's own YAML, field-specs.yaml, taken from its source by
 * hack/update-field-specs.py. They are read from field-specs.json, the same document as JSON
 * (FieldSpecsJsonTest checks the two agree), because snakeyaml takes about 50 ms to read 25 KB in a
 * fresh JVM, a fifth of a short {@code strata build}.
 */
public final class FieldSpecs {

  /** The transformer configurations kustomize knows, by their key in a configuration file. */
  public static final List<String> CATEGORIES =
      List.of(
          "namePrefix",
          "nameSuffix",
          "namespace",
          "commonLabels",
          "labels",
          "templateLabels",
          "commonAnnotations",
          "varReference",
          "images",
          "replicas");

  /** kyaml's Gvk.IsLessThan: legacy kind rank, then group_version_kind with placeholders. */
  private static final Comparator<String[]> GVK_ORDER =
      Comparator.<String[]>comparingInt(g -> Ordering.kindRank(g[2]))
          .thenComparing(
              g ->
                  (g[0].isEmpty() ? "~G" : g[0])
                      + "_"
                      + (g[1].isEmpty() ? "~V" : g[1])
                      + "_"
                      + (g[2].isEmpty() ? "~K" : g[2]));

  /** The classpath resource holding kustomize's defaults as JSON. */
  static final String DEFAULTS_RESOURCE = "/dev/strata/render/field-specs.json";

  private static final FieldSpecs DEFAULTS = loadDefaults();

  private final Map<String, List<FieldSpec>> specs;
  private final List<NameBackReference> nameReferences;

  private FieldSpecs(Map<String, List<FieldSpec>> specs, List<NameBackReference> nameReferences) {
    this.specs = specs;
    this.nameReferences = nameReferences;
  }

  /** kustomize's default configuration. */
  public static FieldSpecs defaults() {
    return DEFAULTS;
  }

  /** An empty configuration, to merge others into. */
  public static FieldSpecs empty() {
    Map<String, List<FieldSpec>> specs = new LinkedHashMap<>();
    CATEGORIES.forEach(category -> specs.put(category, List.of()));
    return new FieldSpecs(specs, List.of());
  }

  /** The field specs of one category (see {@link #CATEGORIES}). */
  public List<FieldSpec> get(String category) {
    List<FieldSpec> result = specs.get(category);
    if (result == null) {
      throw new IllegalArgumentException("no field spec category " + category);
    }
    return result;
  }

  public List<NameBackReference> nameReferences() {
    return nameReferences;
  }

  /**
   * Parses a configuration file (kustomize's {@code configurations} entries).
   *
   * @param where the file, for errors
   */
  @SuppressWarnings("unchecked")
  public static FieldSpecs parse(Object document, String where) throws RenderException {
    if (document == null) {
      return empty();
    }
    if (!(document instanceof Map<?, ?> map)) {
      throw new RenderException(where + ": a transformer configuration must be a mapping");
    }
    Map<String, List<FieldSpec>> specs = new LinkedHashMap<>();
    CATEGORIES.forEach(category -> specs.put(category, List.of()));
    List<NameBackReference> nameReferences = new ArrayList<>();
    for (var entry : ((Map<String, Object>) map).entrySet()) {
      String key = entry.getKey();
      String field = where + ": " + key;
      if (key.equals("nameReference")) {
        for (Object item : list(entry.getValue(), field)) {
          nameReferences.add(backReference(item, field));
        }
      } else if (CATEGORIES.contains(key)) {
        List<FieldSpec> parsed = new ArrayList<>();
        for (Object item : list(entry.getValue(), field)) {
          parsed.add(FieldSpec.parse(item, field));
        }
        specs.put(key, List.copyOf(parsed));
      } else {
        throw new RenderException(where + ": unknown transformer configuration '" + key + "'");
      }
    }
    return new FieldSpecs(specs, List.copyOf(nameReferences)).sorted();
  }

  /**
   * Sorts every list by gvk as kustomize's sortFields does after parsing and merging. The order
   * matters: merging keeps the first of two specs where one selects the other.
   */
  private FieldSpecs sorted() {
    Map<String, List<FieldSpec>> sortedSpecs = new LinkedHashMap<>();
    specs.forEach(
        (category, list) ->
            sortedSpecs.put(
                category,
                list.stream()
                    .sorted(
                        (a, b) ->
                            GVK_ORDER.compare(
                                gvk(a.group(), a.version(), a.kind()),
                                gvk(b.group(), b.version(), b.kind())))
                    .toList()));
    List<NameBackReference> sortedReferences =
        nameReferences.stream()
            .sorted(
                (a, b) ->
                    GVK_ORDER.compare(
                        gvk(a.group(), a.version(), a.kind()),
                        gvk(b.group(), b.version(), b.kind())))
            .toList();
    return new FieldSpecs(sortedSpecs, sortedReferences);
  }

  private static String[] gvk(String group, String version, String kind) {
    return new String[] {group, version, kind};
  }

  /**
   * This configuration with another's specs added, as kustomize's TransformerConfig.Merge.
   *
   * @throws RenderException when both name one field, one creating it and the other not
   */
  public FieldSpecs merge(FieldSpecs other) throws RenderException {
    if (other == null || other == this) {
      return this;
    }
    Map<String, List<FieldSpec>> merged = new LinkedHashMap<>();
    for (String category : CATEGORIES) {
      merged.put(category, mergeAll(get(category), other.get(category), category));
    }
    List<NameBackReference> references = new ArrayList<>(nameReferences);
    for (NameBackReference incoming : other.nameReferences) {
      int index = -1;
      for (int i = 0; i < references.size(); i++) {
        NameBackReference existing = references.get(i);
        if (existing.group().equals(incoming.group())
            && existing.version().equals(incoming.version())
            && existing.kind().equals(incoming.kind())) {
          index = i;
        }
      }
      if (index < 0) {
        references.add(incoming);
      } else {
        NameBackReference existing = references.get(index);
        references.set(
            index,
            new NameBackReference(
                existing.group(),
                existing.version(),
                existing.kind(),
                mergeAll(existing.referrers(), incoming.referrers(), "nameReference")));
      }
    }
    return new FieldSpecs(merged, List.copyOf(references)).sorted();
  }

  /** kustomize's FsSlice.MergeAll: add specs not already present; conflicting create flags fail. */
  public static List<FieldSpec> mergeAll(
      List<FieldSpec> base, List<FieldSpec> incoming, String category) throws RenderException {
    List<FieldSpec> result = new ArrayList<>(base);
    for (FieldSpec spec : incoming) {
      FieldSpec existing =
          result.stream().filter(s -> s.sameFieldAs(spec)).findFirst().orElse(null);
      if (existing == null) {
        result.add(spec);
      } else if (existing.create() != spec.create()) {
        throw new RenderException(
            "conflicting fieldspecs for " + category + ": " + existing + " and " + spec);
      }
    }
    return List.copyOf(result);
  }

  private static NameBackReference backReference(Object value, String where)
      throws RenderException {
    if (!(value instanceof Map<?, ?> map)) {
      throw new RenderException(where + ": a name reference must be a mapping with a kind");
    }
    List<FieldSpec> referrers = new ArrayList<>();
    for (Object item : list(map.get("fieldSpecs"), where + ".fieldSpecs")) {
      referrers.add(FieldSpec.parse(item, where + ".fieldSpecs"));
    }
    return new NameBackReference(
        text(map.get("group")),
        text(map.get("version")),
        text(map.get("kind")),
        List.copyOf(referrers));
  }

  private static List<?> list(Object value, String where) throws RenderException {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new RenderException(where + " must be a list");
    }
    return list;
  }

  private static String text(Object value) {
    return value == null ? "" : String.valueOf(value);
  }

  private static FieldSpecs loadDefaults() {
    try (InputStream in = FieldSpecs.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the classpath");
      }
      return parse(JsonResources.read(in), "field-specs.yaml");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RenderException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
