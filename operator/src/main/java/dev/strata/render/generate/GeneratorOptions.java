package dev.strata.render.generate;

import dev.strata.render.RenderException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Holds kustomize's generator options: labels and annotations for generated resources, whether to
 * skip the content-hash name suffix, and whether to mark them immutable.
 */
record GeneratorOptions(
    Map<String, String> labels,
    Map<String, String> annotations,
    boolean disableNameSuffixHash,
    boolean immutable) {

  static final GeneratorOptions NONE = new GeneratorOptions(Map.of(), Map.of(), false, false);

  private static final List<String> FIELDS =
      List.of("labels", "annotations", "disableNameSuffixHash", "immutable");

  GeneratorOptions {
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
  }

  /** Reads a generatorOptions or options mapping; null reads as no options. */
  static GeneratorOptions read(Object value, FieldReader reader) throws RenderException {
    Map<String, Object> fields = reader.fields(value, FIELDS);
    return new GeneratorOptions(
        reader.stringMap(fields, "labels"),
        reader.stringMap(fields, "annotations"),
        reader.bool(fields, "disableNameSuffixHash"),
        reader.bool(fields, "immutable"));
  }

  /**
   * These (an entry's own) options with the kustomization-wide ones, as kustomize's
   * MergeGlobalOptionsIntoLocal: the entry's labels and annotations win, and a global true wins
   * over a local false since a false cannot be told from an unset boolean.
   */
  GeneratorOptions withGlobal(GeneratorOptions global) {
    return new GeneratorOptions(
        merged(global.labels, labels),
        merged(global.annotations, annotations),
        disableNameSuffixHash || global.disableNameSuffixHash,
        immutable || global.immutable);
  }

  private static Map<String, String> merged(Map<String, String> under, Map<String, String> over) {
    Map<String, String> result = new TreeMap<>(under);
    result.putAll(over);
    return result;
  }
}
