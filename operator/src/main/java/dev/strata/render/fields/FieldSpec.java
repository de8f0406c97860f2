package dev.strata.render.fields;

import dev.strata.render.RenderException;
import dev.strata.render.Resource;
import java.util.Map;
import java.util.Set;

/**
 * Names a field of some kinds of object, as kustomize's {@code types.FieldSpec}: a "/"-separated
 * path (a "[]" suffix marks a list; lists on the way are walked element by element), the group,
 * version and kind it applies to (empty matches any), and whether a missing field is created.
 */
public record FieldSpec(String group, String version, String kind, String path, boolean create) {

  private static final Set<String> KEYS = Set.of("group", "version", "kind", "path", "create");

  /**
   * Parses one field spec as kustomize's configuration files and {@code labels.fields} write it.
   */
  public static FieldSpec parse(Object value, String where) throws RenderException {
    if (!(value instanceof Map<?, ?> map)) {
      throw new RenderException(where + ": a field spec must be a mapping with a path");
    }
    for (Object key : map.keySet()) {
      if (!KEYS.contains(String.valueOf(key))) {
        throw new RenderException(where + ": unknown field spec field '" + key + "'");
      }
    }
    Object create = map.get("create");
    if (create != null && !(create instanceof Boolean)) {
      throw new RenderException(where + ": create must be true or false, found '" + create + "'");
    }
    return new FieldSpec(
        text(map, "group"),
        text(map, "version"),
        text(map, "kind"),
        text(map, "path"),
        Boolean.TRUE.equals(create));
  }

  /** Whether this spec applies to objects of the given group, version and kind. */
  public boolean selects(String group, String version, String kind) {
    return (this.group.isEmpty() || this.group.equals(group))
        && (this.version.isEmpty() || this.version.equals(version))
        && (this.kind.isEmpty() || this.kind.equals(kind));
  }

  public boolean selects(Resource resource) {
    return selects(resource.group(), resource.version(), resource.kind());
  }

  /**
   * kustomize's effectivelyEquals: same path, and this spec's gvk selected by the other's (so a
   * kind-specific spec "equals" a later spec for every kind, but not the reverse).
   */
  boolean sameFieldAs(FieldSpec other) {
    return path.equals(other.path) && other.selects(group, version, kind);
  }

  @Override
  public String toString() {
    String gvk = String.join("/", group, version, kind);
    return path + (gvk.equals("//") ? "" : " of " + gvk);
  }

  private static String text(Map<?, ?> map, String key) {
    Object value = map.get(key);
    return value == null ? "" : String.valueOf(value);
  }
}
