package dev.strata.render.builtin;

import dev.strata.render.Json6902PatchesTransformer;
import dev.strata.render.Kustomization;
import dev.strata.render.PatchesTransformer;
import dev.strata.render.RenderException;
import dev.strata.render.StrategicMergePatchesTransformer;
import dev.strata.render.Target;
import dev.strata.render.Transformer;
import dev.strata.render.fields.FieldSpec;
import dev.strata.render.fields.FieldSpecs;
import dev.strata.render.replace.ReplacementTransformer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lists a kustomization's builtin transformers in kustomize's fixed order: patchesStrategicMerge,
 * patches, namespace, namePrefix, nameSuffix, labels and commonLabels, commonAnnotations,
 * patchesJson6902, replicas, images, replacements.
 */
public final class BuiltinTransformers {

  private BuiltinTransformers() {}

  /**
   * One configured transformer.
   *
   * @param plugin kustomize's name for its builtin plugin (PrefixTransformer, ...), which
   *     transformer annotations name
   */
  public record Step(String plugin, Transformer transformer) {}

  /**
   * @param fieldSpecs the build's configuration so far (defaults, configurations files)
   */
  public static List<Step> of(Target target, FieldSpecs fieldSpecs)
      throws RenderException, IOException {
    Kustomization kustomization = target.kustomization();
    String file = target.file();
    List<Step> transformers = new ArrayList<>();
    Transformer strategicMerge = StrategicMergePatchesTransformer.configure(target);
    if (strategicMerge != null) {
      transformers.add(new Step("PatchStrategicMergeTransformer", strategicMerge));
    }
    for (Transformer patch : PatchesTransformer.configure(target)) {
      transformers.add(new Step("PatchTransformer", patch));
    }
    String namespace = kustomization.string("namespace");
    if (!namespace.isEmpty()) {
      transformers.add(
          new Step(
              "NamespaceTransformer",
              new NamespaceTransformer(namespace, fieldSpecs.get("namespace"), file)));
    }
    String prefix = kustomization.string("namePrefix");
    if (!prefix.isEmpty()) {
      transformers.add(
          new Step(
              "PrefixTransformer",
              NameAffixTransformer.prefix(prefix, fieldSpecs.get("namePrefix"))));
    }
    String suffix = kustomization.string("nameSuffix");
    if (!suffix.isEmpty()) {
      transformers.add(
          new Step(
              "SuffixTransformer",
              NameAffixTransformer.suffix(suffix, fieldSpecs.get("nameSuffix"))));
    }
    for (Transformer labels : labels(kustomization, fieldSpecs)) {
      transformers.add(new Step("LabelTransformer", labels));
    }
    Map<String, String> annotations = kustomization.stringMap("commonAnnotations");
    if (!annotations.isEmpty()) {
      transformers.add(
          new Step(
              "AnnotationsTransformer",
              new MetadataMapTransformer(annotations, fieldSpecs.get("commonAnnotations"))));
    }
    for (Transformer patch : Json6902PatchesTransformer.configure(target)) {
      transformers.add(new Step("PatchJson6902Transformer", patch));
    }
    for (Map<String, Object> replica :
        kustomization.mappings("replicas", Set.of("name", "count"))) {
      transformers.add(
          new Step(
              "ReplicaCountTransformer",
              new ReplicaTransformer(
                  text(replica, "name", file, "replicas"),
                  count(replica, file),
                  fieldSpecs.get("replicas"),
                  file)));
    }
    // As kustomize's FixKustomization: the deprecated imageTags follow images.
    Set<String> imageFields = Set.of("name", "newName", "newTag", "tagSuffix", "digest");
    List<Map<String, Object>> images =
        new ArrayList<>(kustomization.mappings("images", imageFields));
    images.addAll(kustomization.mappings("imageTags", imageFields));
    for (Map<String, Object> image : images) {
      transformers.add(
          new Step(
              "ImageTagTransformer",
              new ImageTransformer(
                  new ImageTransformer.Image(
                      text(image, "name", file, "images"),
                      text(image, "newName", file, "images"),
                      text(image, "newTag", file, "images"),
                      text(image, "tagSuffix", file, "images"),
                      text(image, "digest", file, "images")),
                  fieldSpecs.get("images"))));
    }
    Object replacements = kustomization.field("replacements");
    if (replacements != null && !(replacements instanceof List<?> list && list.isEmpty())) {
      transformers.add(new Step("ReplacementTransformer", new ReplacementTransformer(target)));
    }
    return transformers;
  }

  /**
   * The labels entries, then commonLabels, each with its field specs, as kustomize's
   * LabelTransformer configurator: none when both are empty.
   */
  private static List<Transformer> labels(Kustomization kustomization, FieldSpecs fieldSpecs)
      throws RenderException {
    String file = kustomization.file();
    Map<String, String> common = kustomization.stringMap("commonLabels");
    List<Transformer> transformers = new ArrayList<>();
    List<Map<String, Object>> entries =
        kustomization.mappings(
            "labels", Set.of("pairs", "includeSelectors", "includeTemplates", "fields"));
    for (int i = 0; i < entries.size(); i++) {
      Map<String, Object> entry = entries.get(i);
      String where = "labels[" + i + "]";
      Map<String, String> pairs = kustomization.stringMap(entry.get("pairs"), where + ".pairs");
      for (String key : pairs.keySet()) {
        if (common.containsKey(key)) {
          throw new RenderException(
              file + ": label name '" + key + "' exists in both commonLabels and labels");
        }
      }
      List<FieldSpec> specs = new ArrayList<>();
      if (entry.get("fields") instanceof List<?> fields) {
        for (Object field : fields) {
          specs.add(FieldSpec.parse(field, file + ": " + where + ".fields"));
        }
      } else if (entry.get("fields") != null) {
        throw new RenderException(file + ": " + where + ".fields must be a list");
      }
      specs = FieldSpecs.mergeAll(specs, fieldSpecs.get("labels"), "labels");
      if (flag(entry, "includeSelectors", file, where)) {
        specs = FieldSpecs.mergeAll(specs, fieldSpecs.get("commonLabels"), "commonLabels");
      } else {
        if (flag(entry, "includeTemplates", file, where)) {
          specs = FieldSpecs.mergeAll(specs, fieldSpecs.get("templateLabels"), "templateLabels");
        }
        specs =
            FieldSpecs.mergeAll(
                specs, List.of(new FieldSpec("", "", "", "metadata/labels", true)), "labels");
      }
      transformers.add(new MetadataMapTransformer(pairs, specs));
    }
    if (!entries.isEmpty() || !common.isEmpty()) {
      transformers.add(new MetadataMapTransformer(common, fieldSpecs.get("commonLabels")));
    }
    return transformers;
  }

  private static boolean flag(Map<String, Object> entry, String key, String file, String where)
      throws RenderException {
    Object value = entry.get(key);
    if (value == null) {
      return false;
    }
    if (!(value instanceof Boolean flag)) {
      throw new RenderException(
          file + ": " + where + "." + key + " must be true or false, found '" + value + "'");
    }
    return flag;
  }

  private static String text(Map<String, Object> entry, String key, String file, String field)
      throws RenderException {
    Object value = entry.get(key);
    if (value == null) {
      return "";
    }
    if (!(value instanceof String text)) {
      throw new RenderException(
          file + ": " + field + ": '" + key + "' must be a string, found " + value + " (quote it)");
    }
    return text;
  }

  private static long count(Map<String, Object> replica, String file) throws RenderException {
    Object count = replica.get("count");
    if (count == null) {
      return 0;
    }
    if (!(count instanceof Integer || count instanceof Long)) {
      throw new RenderException(
          file
              + ": replicas: count of '"
              + replica.get("name")
              + "' must be an integer, found "
              + count);
    }
    return ((Number) count).longValue();
  }
}
