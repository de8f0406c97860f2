package dev.strata.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies one entry of the kustomization's patchesJson6902, as kustomize's
 * PatchJson6902Transformer: a JSON patch (file or inline, JSON or YAML) applied to every resource
 * its target selects; the target must name a resource.
 */
public final class Json6902PatchesTransformer implements Transformer {

  static final String FIELD = "patchesJson6902";

  private final JsonPatchText patch;
  private final Selector target;

  private Json6902PatchesTransformer(JsonPatchText patch, Selector target) {
    this.patch = patch;
    this.target = target;
  }

  /** One transformer per entry, configured (files read, patches decoded) before any runs. */
  public static List<Transformer> configure(Target target) throws RenderException, IOException {
    return PatchEntry.configureEach(target, FIELD, Json6902PatchesTransformer::configure);
  }

  private static Transformer configure(Target target, Object value, String where, String field)
      throws RenderException, IOException {
    return configure(target, value, where, field, "patch");
  }

  /**
   * The transformer of one entry, or of a PatchJson6902Transformer plugin config, whose patch text
   * is in {@code jsonOp}.
   *
   * @param where names the kustomization or config, for errors
   * @param field names the entry for {@link Target#read}, which adds the kustomization
   * @param patchField the name of the inline patch field, for errors
   */
  public static Transformer configure(
      Target target, Object value, String where, String field, String patchField)
      throws RenderException, IOException {
    PatchEntry entry = PatchEntry.parse(value, where);
    if (entry.target() == null) {
      throw new RenderException(where + ": must specify a target");
    }
    Selector selector = Selector.parse(entry.target(), where + ".target");
    Object name = ((Map<?, ?>) entry.target()).get("name");
    if (name == null || String.valueOf(name).isEmpty()) {
      throw new RenderException(where + ".target: must specify the target name");
    }
    String path = entry.path();
    String text = entry.patch();
    if (path.isEmpty() && text.isEmpty()) {
      throw new RenderException(where + ": empty file path and empty " + patchField);
    }
    if (!path.isEmpty() && !text.isEmpty()) {
      throw new RenderException(
          where + ": must specify a file path or " + patchField + ", not both");
    }
    String source = entry.source();
    if (!path.isEmpty()) {
      text = new String(target.read(path, field), StandardCharsets.UTF_8);
      if (text.isEmpty()) {
        throw new RenderException(source + ": the patch file is empty");
      }
    }
    JsonPatchText patch = JsonPatchText.decode(text, source);
    if (patch.isAbsent() || patch.patch().isEmpty()) {
      throw new RenderException(source + ": the patch has no operations");
    }
    return new Json6902PatchesTransformer(patch, selector);
  }

  @Override
  public void transform(Accumulator resources) throws RenderException {
    for (Resource resource : new ArrayList<>(resources.resources())) {
      if (target.matches(resource)) {
        patch.applyTo(resource, false);
      }
    }
  }
}
