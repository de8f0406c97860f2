package dev.strata.render.generate;

import dev.strata.render.Accumulator;
import dev.strata.render.BuildMetadata;
import dev.strata.render.RenderException;
import dev.strata.render.Resource;
import dev.strata.render.ResourceId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Adds a generated resource to the build as kustomize's AbsorbAll does: created when no resource
 * has its id (current or previous), else merged into or replacing that resource when the entry's
 * behavior says so.
 */
final class Absorber {

  // kustomize's BuildAnnotations that can appear as real annotations here: on merge and replace
  // they are taken from the existing resource, never from the generated one.
  private static final Set<String> BUILD_ANNOTATIONS =
      Set.of(
          "config.kubernetes.io/path",
          "config.kubernetes.io/index",
          "config.k8s.io/id",
          "internal.config.kubernetes.io/path",
          "internal.config.kubernetes.io/index",
          "internal.config.kubernetes.io/seqindent",
          "internal.config.kubernetes.io/id",
          "internal.config.kubernetes.io/annotations-migration-resource-id",
          "internal.config.kubernetes.io/previousKinds",
          "internal.config.kubernetes.io/previousNames",
          "internal.config.kubernetes.io/prefixes",
          "internal.config.kubernetes.io/suffixes",
          "internal.config.kubernetes.io/previousNamespaces",
          "internal.config.kubernetes.io/allowNameChange",
          "internal.config.kubernetes.io/allowKindChange",
          "internal.config.kubernetes.io/refBy",
          "internal.config.kubernetes.io/generatorBehavior",
          "internal.config.kubernetes.io/needsHashSuffix",
          "kustomize.config.k8s.io/helm-generated");

  private Absorber() {}

  /**
   * @param behavior create, merge or replace; empty creates
   * @param where names the generator, for errors
   */
  static void absorb(Accumulator resources, Resource generated, String behavior, String where)
      throws RenderException {
    ResourceId id = generated.currentId();
    List<Resource> list = resources.resources();
    List<Integer> matches = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (hasId(list.get(i), id)) {
        matches.add(i);
      }
    }
    if (matches.isEmpty()) {
      if (behavior.equals("merge") || behavior.equals("replace")) {
        throw new RenderException(
            where + ": behavior " + behavior + ": " + id + " does not exist; cannot " + behavior);
      }
      resources.append(generated);
      return;
    }
    if (matches.size() > 1) {
      throw new RenderException(
          where
              + ": found multiple objects that could accept a merge of "
              + id
              + ": "
              + matches.stream().map(i -> list.get(i).toString()).toList());
    }
    int index = matches.get(0);
    Resource existing = list.get(index);
    if (!behavior.equals("merge") && !behavior.equals("replace")) {
      throw new RenderException(
          where
              + ": "
              + id
              + " already exists (from "
              + existing.origin()
              + "); to change it, set behavior to merge or replace"
              + (behavior.isEmpty() ? "" : " (not " + behavior + ")"));
    }
    list.set(index, combined(existing, generated, behavior.equals("merge"), where));
  }

  /**
   * The generated resource in the existing one's place, as kustomize's CopyMergeMetaDataFieldsFrom
   * (and, to merge, MergeDataMapFrom and MergeBinaryDataMapFrom): the generated object with the
   * union of both label and annotation sets (the generated values win), the existing name,
   * namespace and build state, a hash suffix only when both wanted one, and, to merge, the union of
   * data and binaryData.
   */
  private static Resource combined(
      Resource existing, Resource generated, boolean merge, String generator)
      throws RenderException {
    String where = generator + ": to " + (merge ? "merge" : "replace") + " " + existing;
    // A copy of the existing resource keeps its previous ids, prefixes, suffixes and behavior.
    Resource result = existing.copy();
    Map<String, Object> object = result.object();
    object.clear();
    object.putAll(Resource.deepCopy(generated.object()));
    result.setNeedsHashSuffix(existing.needsHashSuffix() && generated.needsHashSuffix());

    Map<String, String> labels = strings(existing.labels(), "metadata.labels", where);
    labels.putAll(strings(generated.labels(), "metadata.labels", where));
    Map<String, String> annotations =
        strings(existing.annotations(), "metadata.annotations", where);
    annotations.putAll(strings(generated.annotations(), "metadata.annotations", where));
    Map<String, Object> before = existing.annotations();
    for (String key : BUILD_ANNOTATIONS) {
      if (before.containsKey(key)) {
        annotations.put(key, scalarText(before.get(key), "metadata.annotations." + key, where));
      } else {
        annotations.remove(key);
      }
    }
    // kustomize keeps the existing resource's origin (buildMetadata) when merging, not replacing.
    if (merge && before.get(BuildMetadata.ORIGIN) instanceof String origin) {
      annotations.put(BuildMetadata.ORIGIN, origin);
    }
    Map<String, Object> metadata = result.metadata(true);
    putOrRemove(metadata, "labels", labels);
    putOrRemove(metadata, "annotations", annotations);
    result.setName(existing.name());
    if (existing.namespace().isEmpty()) {
      metadata.remove("namespace");
    } else {
      result.setNamespace(existing.namespace());
    }
    if (merge) {
      for (String field : List.of("data", "binaryData")) {
        Map<String, String> values = strings(child(existing.object(), field), field, where);
        values.putAll(strings(child(generated.object(), field), field, where));
        putOrRemove(object, field, values);
      }
    }
    return result;
  }

  private static boolean hasId(Resource resource, ResourceId id) {
    if (sameId(resource.currentId(), id)) {
      return true;
    }
    return resource.previousIds().stream().anyMatch(previous -> sameId(previous, id));
  }

  private static boolean sameId(ResourceId a, ResourceId b) {
    return a.group().equals(b.group())
        && a.version().equals(b.version())
        && a.kind().equals(b.kind())
        && a.name().equals(b.name())
        && a.effectiveNamespace().equals(b.effectiveNamespace());
  }

  private static void putOrRemove(
      Map<String, Object> parent, String field, Map<String, String> values) {
    if (values.isEmpty()) {
      parent.remove(field);
    } else {
      parent.put(field, new LinkedHashMap<String, Object>(values));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> child(Map<String, Object> object, String field) {
    Object value = object.get(field);
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  /** A string map, sorted as kustomize writes it back. */
  private static Map<String, String> strings(Map<String, Object> map, String field, String where)
      throws RenderException {
    Map<String, String> result = new TreeMap<>();
    for (var entry : map.entrySet()) {
      result.put(entry.getKey(), scalarText(entry.getValue(), field + "." + entry.getKey(), where));
    }
    return result;
  }

  /**
   * A value kustomize reads as a string. It reads the scalar as written, which the parsed value
   * does not keep for numbers, booleans or nulls (0x1F, True, ~), so only strings are accepted; the
   * API server refuses anything else in these fields.
   */
  private static String scalarText(Object value, String field, String where)
      throws RenderException {
    if (value instanceof String s) {
      return s;
    }
    throw new RenderException(
        where + ": " + field + " must be a string, found " + FieldReader.describe(value));
  }
}
