package dev.strata.render;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Holds one entry of the patches or patchesJson6902 field, kustomize's types.Patch, read as
 * kustomize decodes it: JSON field names match case-insensitively and unknown fields are errors.
 *
 * @param path the patch file, "" when absent
 * @param patch the inline patch text, "" when absent
 * @param target the target selector as written, null when absent
 * @param where names the kustomization and entry, for errors
 */
record PatchEntry(
    String path,
    String patch,
    Object target,
    boolean allowNameChange,
    boolean allowKindChange,
    String where) {

  private static final List<String> FIELDS = List.of("path", "patch", "target", "options");
  private static final List<String> OPTIONS = List.of("allowNameChange", "allowKindChange");

  /** Configures the transformer of one entry of a patch field. */
  interface Configurer {
    /**
     * @param where names the kustomization and entry, for errors
     * @param field names the entry for {@link Target#read}, which adds the kustomization
     */
    Transformer configure(Target target, Object entry, String where, String field)
        throws RenderException, IOException;
  }

  /**
   * One transformer per entry of a list-valued patch field, configured (files read, patches parsed)
   * before any runs; each entry is named {@code field[i]} in errors.
   */
  static List<Transformer> configureEach(Target target, String field, Configurer configurer)
      throws RenderException, IOException {
    Object value = target.kustomization().field(field);
    List<Transformer> result = new ArrayList<>();
    if (value == null) {
      return result;
    }
    if (!(value instanceof List<?> entries)) {
      throw new RenderException(target.file() + ": field '" + field + "' must be a list");
    }
    for (int i = 0; i < entries.size(); i++) {
      String entry = field + "[" + i + "]";
      result.add(configurer.configure(target, entries.get(i), target.file() + ": " + entry, entry));
    }
    return result;
  }

  static PatchEntry parse(Object value, String where) throws RenderException {
    if (!(value instanceof Map<?, ?> entry)) {
      throw new RenderException(
          where
              + " must be a map of path or patch, target and options, found "
              + StrategicMergePatchesTransformer.describe(value));
    }
    Object[] fields = fields(entry, FIELDS, where);
    boolean[] options = new boolean[2];
    if (fields[3] != null) {
      if (!(fields[3] instanceof Map<?, ?> map)) {
        throw new RenderException(where + ".options must be a map");
      }
      Object[] values = fields(map, OPTIONS, where + ".options");
      for (int i = 0; i < values.length; i++) {
        if (values[i] != null && !(values[i] instanceof Boolean)) {
          throw new RenderException(
              where + ".options." + OPTIONS.get(i) + " must be true or false");
        }
        options[i] = Boolean.TRUE.equals(values[i]);
      }
    }
    return new PatchEntry(
        text(fields[0], where + ".path"),
        text(fields[1], where + ".patch"),
        fields[2],
        options[0],
        options[1],
        where);
  }

  /** The values of the known fields, in their order, matched as Go's JSON decoder matches. */
  private static Object[] fields(Map<?, ?> map, List<String> known, String where)
      throws RenderException {
    Object[] values = new Object[known.size()];
    for (var field : map.entrySet()) {
      String key = String.valueOf(field.getKey());
      int index = -1;
      for (int i = 0; i < known.size(); i++) {
        if (known.get(i).toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT))) {
          index = i;
        }
      }
      if (index < 0) {
        throw new RenderException(
            where + ": unknown field '" + key + "' (expected " + String.join(", ", known) + ")");
      }
      values[index] = field.getValue();
    }
    return values;
  }

  private static String text(Object value, String where) throws RenderException {
    if (value == null) {
      return "";
    }
    if (!(value instanceof String s)) {
      throw new RenderException(where + " must be a string");
    }
    return s;
  }

  /** Names the patch in errors: the entry and its file, or that it is inline. */
  String source() {
    return where + (path.isEmpty() ? " (inline patch)" : " (path '" + path + "')");
  }
}
