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

  /** kustomize first reads an entry as patch text, for legacy reasons, then as a path. */
  private static List<StrategicMergePatch> load(Target target, String entry, int index)
      throws RenderException, IOException {
    String inline = target.file() + ": " + FIELD + "[" + index + "] (inline patch)";
    try {
      return StrategicMergePatch.parse(entry.getBytes(StandardCharsets.UTF_8), inline, inline);
    } catch (RenderException notPatchText) {
      if (entry.contains("\n")) {
        throw notPatchText; // text of several lines is no path
      }
      String source = target.file() + ": " + FIELD + ": '" + entry + "'";
      byte[] content = target.read(entry, FIELD);
      return StrategicMergePatch.parse(content, target.path(entry, FIELD), source);
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
