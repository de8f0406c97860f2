package dev.strata.render.vars;

import dev.strata.render.Kustomization;
import dev.strata.render.RenderException;
import dev.strata.render.Resource;
import dev.strata.render.ResourceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One entry of a kustomization's {@code vars}, as kustomize's {@code types.Var}: a name, the object
 * it reads (objref) and the field read (fieldref.fieldpath, {@code metadata.name} by default).
 *
 * @param file the kustomization that declared it, for errors
 */
public record Var(String name, ObjRef objref, String fieldPath, String file) {

  /** kustomize's default field path. */
  static final String DEFAULT_FIELD_PATH = "metadata.name";

  /**
   * The object a var reads, as kustomize's {@code types.Target} after {@code GVK()}: apiVersion,
   * when set, overrides group and version.
   */
  public record ObjRef(String group, String version, String kind, String name, String namespace) {

    /** Kind.version.group, as kustomize's Gvk.String() names it in errors. */
    String gvk() {
      return (kind.isEmpty() ? "[noKind]" : kind)
          + "."
          + (version.isEmpty() ? "[noVer]" : version)
          + "."
          + (group.isEmpty() ? "[noGrp]" : group);
    }

    @Override
    public String toString() {
      return gvk() + "/" + name + (namespace.isEmpty() ? "" : " in namespace " + namespace);
    }
  }

  /**
   * Whether the objref names this id, as kustomize's MergeVars: group, version, kind and name
   * always; the namespace only when the objref sets one. kustomize never knows the objref's kind to
   * be cluster-scoped (the flag is not read from YAML), so its namespace is compared as is.
   */
  boolean names(ResourceId id) {
    boolean gvkn =
        id.group().equals(objref.group)
            && id.version().equals(objref.version)
            && id.kind().equals(objref.kind)
            && id.name().equals(objref.name);
    if (!gvkn || objref.namespace.isEmpty()) {
      return gvkn;
    }
    return id.effectiveNamespace().equals(objref.namespace);
  }

  /** Whether the objref names the resource by its current id or any id it had before. */
  boolean names(Resource resource) {
    if (names(resource.currentId())) {
      return true;
    }
    return resource.previousIds().stream().anyMatch(this::names);
  }

  /**
   * The kustomization's vars, decoded as kustomize decodes them (JSON rules: keys match
   * case-insensitively, unknown keys and non-string values are errors, null leaves a field empty).
   */
  public static List<Var> parseAll(Kustomization kustomization) throws RenderException {
    String file = kustomization.file();
    Object value = kustomization.field("vars");
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new RenderException(file + ": field 'vars' must be a list");
    }
    List<Var> vars = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      vars.add(parse(list.get(i), file, "vars[" + i + "]"));
    }
    return vars;
  }

  private static Var parse(Object entry, String file, String where) throws RenderException {
    Map<?, ?> map = mapping(entry, file, where);
    check(map, file, where, List.of("name", "objref", "fieldref"));
    Map<?, ?> objref = mapping(get(map, "objref"), file, where + ".objref");
    check(
        objref,
        file,
        where + ".objref",
        List.of("apiVersion", "group", "version", "kind", "name", "namespace"));
    Map<?, ?> fieldref = mapping(get(map, "fieldref"), file, where + ".fieldref");
    check(fieldref, file, where + ".fieldref", List.of("fieldPath"));

    String group = string(objref, "group", file, where + ".objref");
    String version = string(objref, "version", file, where + ".objref");
    String apiVersion = string(objref, "apiVersion", file, where + ".objref");
    // As kustomize's Target.GVK(): "g/v" sets both, "v" only the version, anything else neither.
    if (!apiVersion.isEmpty()) {
      String[] parts = apiVersion.split("/", -1);
      if (parts.length == 2) {
        group = parts[0];
        version = parts[1];
      } else if (parts.length == 1) {
        version = parts[0];
      }
    }
    String fieldPath = string(fieldref, "fieldPath", file, where + ".fieldref");
    return new Var(
        string(map, "name", file, where),
        new ObjRef(
            group,
            version,
            string(objref, "kind", file, where + ".objref"),
            string(objref, "name", file, where + ".objref"),
            string(objref, "namespace", file, where + ".objref")),
        fieldPath.isEmpty() ? DEFAULT_FIELD_PATH : fieldPath,
        file);
  }

  private static Map<?, ?> mapping(Object value, String file, String where) throws RenderException {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new RenderException(file + ": " + where + " must be a mapping, found " + value);
    }
    return map;
  }

  /** Refuses keys that name no field, as kustomize's strict JSON decoding. */
  private static void check(Map<?, ?> map, String file, String where, List<String> fields)
      throws RenderException {
    for (Object key : map.keySet()) {
      if (fields.stream().noneMatch(f -> f.equalsIgnoreCase(String.valueOf(key)))) {
        throw new RenderException(
            file
                + ": "
                + where
                + ": unknown field '"
                + key
                + "' (expected "
                + String.join(", ", fields)
                + ")");
      }
    }
  }

  /** The value of a field whose key matches case-insensitively; the last such key wins, as JSON. */
  private static Object get(Map<?, ?> map, String field) {
    Object found = null;
    for (var entry : map.entrySet()) {
      if (String.valueOf(entry.getKey()).toLowerCase(Locale.ROOT).equals(lower(field))) {
        found = entry.getValue();
      }
    }
    return found;
  }

  private static String string(Map<?, ?> map, String field, String file, String where)
      throws RenderException {
    Object value = get(map, field);
    if (value == null) {
      return "";
    }
    if (!(value instanceof String text)) {
      throw new RenderException(
          file + ": " + where + "." + field + " must be a string, found " + value + " (quote it)");
    }
    return text;
  }

  private static String lower(String field) {
    return field.toLowerCase(Locale.ROOT);
  }

  /** The var as errors name it: its name, objref and field path. */
  String describe() {
    return "'" + name + "' (objref " + objref + ", fieldpath " + fieldPath + ")";
  }
}
