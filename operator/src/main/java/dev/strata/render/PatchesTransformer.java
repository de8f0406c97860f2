package dev.strata.render;

import dev.strata.render.patch.StrategicMerge;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies one entry of the kustomization's patches field, as kustomize's PatchTransformer: the
 * patch (a file or inline text) is a strategic merge patch if it reads as one, else a JSON patch;
 * with a target it goes to every selected resource (none is no error), without one a strategic
 * merge patch goes to the resource with its own id.
 */
public final class PatchesTransformer implements Transformer {

  static final String FIELD = "patches";

  private final List<StrategicMergePatch> strategicMerge;
  private final JsonPatchText json;
  private final Selector target;
  private final String source;
  private final StrategicMerge merge;

  private PatchesTransformer(
      List<StrategicMergePatch> strategicMerge,
      JsonPatchText json,
      Selector target,
      String source,
      StrategicMerge merge) {
    this.strategicMerge = strategicMerge;
    this.json = json;
    this.target = target;
    this.source = source;
    this.merge = merge;
  }

  /** One transformer per entry, configured (files read, patches parsed) before any runs. */
  public static List<Transformer> configure(Target target) throws RenderException, IOException {
    return PatchEntry.configureEach(target, FIELD, PatchesTransformer::configure);
  }

  /**
   * The transformer of one entry (a PatchTransformer plugin config has the same fields).
   *
   * @param where names the kustomization or config, for errors
   * @param field names the entry for {@link Target#read}, which adds the kustomization
   */
  public static Transformer configure(Target target, Object value, String where, String field)
      throws RenderException, IOException {
    PatchEntry entry = PatchEntry.parse(value, where);
    String patch = entry.patch().strip();
    String path = entry.path();
    if (patch.isEmpty() && path.isEmpty()) {
      throw new RenderException(entry.where() + ": must specify one of patch and path");
    }
    if (!patch.isEmpty() && !path.isEmpty()) {
      throw new RenderException(entry.where() + ": patch and path can't be set at the same time");
    }
    String source = entry.source();
    String text;
    String file;
    if (path.isEmpty()) {
      text = patch;
      file = source;
    } else {
      text = new String(target.read(path, field), StandardCharsets.UTF_8);
      file = target.path(path, field);
    }
    Selector selector =
        entry.target() == null ? null : Selector.parse(entry.target(), entry.where() + ".target");

    // As kustomize: a strategic merge patch if it parses as one, else a JSON patch.
    List<StrategicMergePatch> strategicMerge;
    try {
      strategicMerge =
          StrategicMergePatch.parse(text.getBytes(StandardCharsets.UTF_8), file, source);
    } catch (RenderException notStrategicMerge) {
      JsonPatchText json;
      try {
        json = text.isEmpty() ? null : JsonPatchText.decode(text, source);
      } catch (RenderException notJson) {
        json = null;
      }
      if (json == null || json.isAbsent()) {
        String reason = notStrategicMerge.getMessage();
        if (reason.startsWith(source + ": ")) {
          reason = reason.substring(source.length() + 2);
        }
        throw new RenderException(
            source
                + ": neither a strategic merge patch ("
                + reason
                + ") nor a JSON patch (a list of operations)");
      }
      if (selector == null) {
        throw new RenderException(source + ": a JSON patch needs a target");
      }
      return new PatchesTransformer(List.of(), json, selector, source, null);
    }
    List<StrategicMergePatch> withOptions = new ArrayList<>();
    for (StrategicMergePatch each : strategicMerge) {
      withOptions.add(each.withOptions(entry.allowNameChange(), entry.allowKindChange()));
    }
    if (selector != null && withOptions.size() > 1) {
      throw new RenderException(
          source + ": a patch with a target must hold one strategic merge patch, not several");
    }
    return new PatchesTransformer(
        withOptions, null, selector, source, new StrategicMerge(target.schema()));
  }

  @Override
  public void transform(Accumulator resources) throws RenderException {
    if (json == null && strategicMerge.isEmpty()) {
      return; // the patch file holds no document
    }
    if (json != null) {
      for (Resource resource : select(resources)) {
        json.applyTo(resource, true);
      }
      return;
    }
    if (target != null) {
      List<Resource> selected = select(resources);
      for (Resource resource : selected) {
        if (!strategicMerge.get(0).applyTo(resource, true, merge)) {
          resources.resources().remove(resource);
        }
      }
      StrategicMergePatch.reappend(resources, source);
      return;
    }
    for (StrategicMergePatch patch : strategicMerge) {
      Resource resource = StrategicMergePatch.uniqueTarget(resources, patch);
      if (!patch.applyTo(resource, false, merge)) {
        resources.resources().remove(resource);
      }
    }
  }

  private List<Resource> select(Accumulator resources) {
    List<Resource> selected = new ArrayList<>();
    for (Resource resource : resources.resources()) {
      if (target.matches(resource)) {
        selected.add(resource);
      }
    }
    return selected;
  }

  @Override
  public String toString() {
    return source;
  }
}
