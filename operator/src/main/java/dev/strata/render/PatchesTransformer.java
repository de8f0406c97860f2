package dev.strata.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies one entry of the kustomization's patches field, as kustomize's PatchTransformer: the
 * patch (a file or inline text) is a strategic merge patch if it reads as one, else a JSON patch;
 * with a target it goes to every selected resource (none is no error), without one a strategic
 * merge patch goes to the resource with its own id.
 */
public final class PatchesTransformer implements Transformer {

  static final String FIELD = "patches";

  private static final Set<String> KEYS = Set.of("path", "patch", "target", "options");
  private static final Set<String> OPTIONS = Set.of("allowNameChange", "allowKindChange");

  private final List<StrategicMergePatch> strategicMerge;
  private final JsonPatchText json;
  private final Selector target;
  private final String source;

  private PatchesTransformer(
      List<StrategicMergePatch> strategicMerge,
      JsonPatchText json,
      Selector target,
      String source) {
    this.strategicMerge = strategicMerge;
    this.json = json;
    this.target = target;
    this.source = source;
  }

  /** One transformer per entry, configured (files read, patches parsed) before any runs. */
  public static List<Transformer> configure(Target target) throws RenderException, IOException {
    Object value = target.kustomization().field(FIELD);
    List<Transformer> result = new ArrayList<>();
    if (value == null) {
      return result;
    }
    if (!(value instanceof List<?> entries)) {
      throw new RenderException(target.file() + ": field '" + FIELD + "' must be a list");
    }
    for (int i = 0; i < entries.size(); i++) {
      result.add(configure(target, entries.get(i), FIELD + "[" + i + "]"));
    }
    return result;
  }

  private static Transformer configure(Target target, Object value, String field)
      throws RenderException, IOException {
    String where = target.file() + ": " + field;
    if (!(value instanceof Map<?, ?> entry)) {
      throw new RenderException(
          where
              + " must be a map of path or patch, target and options, found "
              + StrategicMergePatchesTransformer.describe(value));
    }
    for (Object key : entry.keySet()) {
      if (!KEYS.contains(String.valueOf(key))) {
        throw new RenderException(
            where + ": unknown field '" + key + "' (expected path, patch, target, options)");
      }
    }
    String path = text(entry, "path", where);
    String patch = text(entry, "patch", where).strip();
    if (patch.isEmpty() && path.isEmpty()) {
      throw new RenderException(where + ": must specify one of patch and path");
    }
    if (!patch.isEmpty() && !path.isEmpty()) {
      throw new RenderException(where + ": patch and path can't be set at the same time");
    }
    String source = where + (path.isEmpty() ? " (inline patch)" : " (path '" + path + "')");
    String text;
    String file;
    if (path.isEmpty()) {
      text = patch;
      file = source;
    } else {
      text = new String(target.read(path, FIELD), StandardCharsets.UTF_8);
      file = target.path(path, FIELD);
    }
    Selector selector =
        entry.get("target") == null ? null : Selector.parse(entry.get("target"), where + ".target");
    boolean[] options = options(entry.get("options"), where);

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
      return new PatchesTransformer(List.of(), json, selector, source);
    }
    List<StrategicMergePatch> withOptions = new ArrayList<>();
    for (StrategicMergePatch each : strategicMerge) {
      withOptions.add(each.withOptions(options[0], options[1]));
    }
    if (selector != null && withOptions.size() > 1) {
      throw new RenderException(
          source + ": a patch with a target must hold one strategic merge patch, not several");
    }
    return new PatchesTransformer(withOptions, null, selector, source);
  }

  private static String text(Map<?, ?> entry, String key, String where) throws RenderException {
    Object value = entry.get(key);
    if (value == null) {
      return "";
    }
    if (!(value instanceof String s)) {
      throw new RenderException(where + "." + key + " must be a string");
    }
    return s;
  }

  /** allowNameChange and allowKindChange. */
  private static boolean[] options(Object value, String where) throws RenderException {
    boolean[] result = new boolean[2];
    if (value == null) {
      return result;
    }
    if (!(value instanceof Map<?, ?> options)) {
      throw new RenderException(where + ".options must be a map");
    }
    for (var option : options.entrySet()) {
      String key = String.valueOf(option.getKey());
      if (!OPTIONS.contains(key)) {
        throw new RenderException(
            where
                + ".options: unknown option '"
                + key
                + "' (expected allowNameChange, allowKindChange)");
      }
      if (!(option.getValue() instanceof Boolean enabled)) {
        throw new RenderException(where + ".options." + key + " must be true or false");
      }
      result[key.equals("allowNameChange") ? 0 : 1] = enabled;
    }
    return result;
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
      // Only current ids count: a patch deleting one resource must not skip another.
      List<Resource> selected = select(resources);
      for (Resource resource : selected) {
        if (!strategicMerge.get(0).applyTo(resource, true)) {
          resources.resources().remove(resource);
        }
      }
      return;
    }
    for (StrategicMergePatch patch : strategicMerge) {
      Resource resource = StrategicMergePatch.uniqueTarget(resources, patch);
      if (!patch.applyTo(resource, false)) {
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
