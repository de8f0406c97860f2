package dev.strata.render;

import dev.strata.render.patch.StrategicMerge;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies the kustomization's patchesStrategicMerge, as kustomize's PatchStrategicMergeTransformer:
 * each entry is inline patch text if it reads as patches, else a file of patches; each patch goes
 * to the one resource that has or had the patch's own id.
 */
public final class StrategicMergePatchesTransformer implements Transformer {

  static final String FIELD = "patchesStrategicMerge";

  private final List<StrategicMergePatch> patches;
  private final StrategicMerge merge;

  private StrategicMergePatchesTransformer(
      List<StrategicMergePatch> patches, StrategicMerge merge) {
    this.patches = patches;
    this.merge = merge;
  }

  /** The transformer for the field, or null when the kustomization has none. */
  public static Transformer configure(Target target) throws RenderException, IOException {
    Object value = target.kustomization().field(FIELD);
    if (value == null) {
      return null;
    }
    if (!(value instanceof List<?> entries)) {
      throw new RenderException(target.file() + ": field '" + FIELD + "' must be a list");
    }
    if (entries.isEmpty()) {
      return null;
    }
    List<StrategicMergePatch> patches = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      if (!(entries.get(i) instanceof String entry)) {
        throw new RenderException(
            target.file()
                + ": "
                + FIELD
                + "["
                + i
                + "] must be a file path or patch text, found "
                + describe(entries.get(i)));
      }
      patches.addAll(load(target, entry, i));
    }
    if (patches.isEmpty()) {
      throw new RenderException(
          target.file() + ": " + FIELD + ": the patches are empty (no documents)");
    }
    return new StrategicMergePatchesTransformer(patches, new StrategicMerge(target.schema()));
  }

  /**
   * The transformer of a PatchStrategicMergeTransformer plugin config, as kustomize's plugin: the
   * {@code paths} entries read as those of the field, then the patch text in {@code patches}.
   *
   * @param paths the paths entries, strings
   * @param patches the patches text, "" when absent
   * @param where names the config, for errors
   * @param field names the config for {@link Target#read}, which adds the kustomization
   */
  public static Transformer configure(
      Target target, List<String> paths, String patches, String where, String field)
      throws RenderException, IOException {
    if (paths.isEmpty() && patches.isEmpty()) {
      throw new RenderException(where + ": empty file path and empty patch content");
    }
    List<StrategicMergePatch> loaded = new ArrayList<>();
    for (int i = 0; i < paths.size(); i++) {
      loaded.addAll(load(target, paths.get(i), where + ": paths[" + i + "]", field));
    }
    if (!patches.isEmpty()) {
      String source = where + ": patches (inline patch)";
      loaded.addAll(
          StrategicMergePatch.parse(patches.getBytes(StandardCharsets.UTF_8), source, source));
    }
    if (loaded.isEmpty()) {
      throw new RenderException(where + ": the patches are empty (no documents)");
    }
    return new StrategicMergePatchesTransformer(loaded, new StrategicMerge(target.schema()));
  }

  private static List<StrategicMergePatch> load(Target target, String entry, int index)
      throws RenderException, IOException {
    return load(target, entry, target.file() + ": " + FIELD + "[" + index + "]", FIELD);
  }

  /**
   * kustomize first reads an entry as patch text, for legacy reasons, then as a path.
   *
   * @param where names the entry, for errors
   * @param field names the field for {@link Target#read}, which adds the kustomization
   */
  private static List<StrategicMergePatch> load(
      Target target, String entry, String where, String field) throws RenderException, IOException {
    String inline = where + " (inline patch)";
    try {
      return StrategicMergePatch.parse(entry.getBytes(StandardCharsets.UTF_8), inline, inline);
    } catch (RenderException notPatchText) {
      if (entry.contains("\n")) {
        throw notPatchText; // text of several lines is no path
      }
      String source = target.file() + ": " + field + ": '" + entry + "'";
      byte[] content = target.read(entry, field);
      return StrategicMergePatch.parse(content, target.path(entry, field), source);
    }
  }

  @Override
  public void transform(Accumulator resources) throws RenderException {
    for (StrategicMergePatch patch : patches) {
      Resource target = StrategicMergePatch.uniqueTarget(resources, patch);
      if (!patch.applyTo(target, true, merge)) {
        resources.resources().remove(target);
      }
      StrategicMergePatch.reappend(resources, patch.source());
    }
  }

  static String describe(Object value) {
    return value instanceof Map<?, ?> ? "a map" : value instanceof List<?> ? "a list" : "" + value;
  }
}
