package dev.strata.render.fields;

import dev.strata.render.RenderException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks an object along a field spec's path and calls a setter on each field found, as kustomize's
 * {@code filters/fieldspec}: lists met on the way are walked element by element, a missing field
 * ends the walk unless the spec creates it, and a scalar in the middle of the path is an error.
 */
public final class FieldPath {

  /** What the last field becomes when the spec creates it. */
  public enum Create {
    /** Only existing fields are set. */
    NONE,
    /** A missing last field starts as null and is set to a scalar. */
    SCALAR,
    /** A missing last field starts as an empty mapping. */
    MAPPING
  }

  /** One field found: read it and replace it. */
  public interface Slot {
    Object get();

    void set(Object value);
  }

  /** Called on every field the path reaches. */
  @FunctionalInterface
  public interface Setter {
    void set(Slot slot) throws RenderException;
  }

  private FieldPath() {}

  /** Splits a path on "/" as kyaml's PathSplitter: a backslash before "/" keeps it in the name. */
  public static List<String> split(String path) {
    String[] parts = path.split("/", -1);
    List<String> result = new ArrayList<>();
    int start = parts.length > 1 && parts[0].isEmpty() ? 1 : 0;
    result.add(parts[start]);
    for (int i = start + 1; i < parts.length; i++) {
      int last = result.size() - 1;
      if (result.get(last).endsWith("\\")) {
        String joined = result.get(last);
        result.set(last, joined.substring(0, joined.length() - 1) + "/" + parts[i]);
      } else {
        result.add(parts[i]);
      }
    }
    return result;
  }

  /**
   * Applies {@code setter} to every field {@code spec} reaches in {@code object}, when the spec
   * selects the object's kind (the caller checks that).
   *
   * @param create what a missing last field is created as, when the spec allows creating
   */
  public static void apply(Map<String, Object> object, FieldSpec spec, Create create, Setter setter)
      throws RenderException {
    walk(object, split(spec.path()), 0, spec, create, setter);
  }

  @SuppressWarnings("unchecked")
  private static void walk(
      Object node, List<String> path, int depth, FieldSpec spec, Create create, Setter setter)
      throws RenderException {
    if (node == null) {
      return;
    }
    if (node instanceof List<?> list) {
      for (Object element : list) {
        walk(element, path, depth, spec, create, setter);
      }
      return;
    }
    if (!(node instanceof Map<?, ?> raw)) {
      throw new RenderException(
          "considering field '" + spec.path() + "': expected sequence or mapping node");
    }
    Map<String, Object> map = (Map<String, Object>) raw;
    String name = path.get(depth);
    boolean isList = name.endsWith("[]");
    String field = isList ? name.substring(0, name.length() - 2) : name;
    if (field.isEmpty()) {
      throw new RenderException(
          "considering field '" + spec.path() + "': cannot set or create an empty field name");
    }
    boolean last = depth == path.size() - 1;
    // As kyaml: a list field is only looked up; the last field is created as the caller's kind,
    // the ones before it as mappings; an explicit null becomes that kind too.
    Create kind;
    if (isList || !spec.create() || create == Create.NONE) {
      kind = Create.NONE;
    } else {
      kind = last ? create : Create.MAPPING;
    }
    if (!map.containsKey(field)) {
      if (kind == Create.NONE) {
        return;
      }
      map.put(field, kind == Create.MAPPING ? new LinkedHashMap<>() : null);
    } else if (map.get(field) == null) {
      if (isList) {
        map.put(field, new ArrayList<>());
      } else if (kind == Create.MAPPING) {
        map.put(field, new LinkedHashMap<>());
      }
    }
    if (last) {
      setter.set(slot(map, field));
    } else {
      walk(map.get(field), path, depth + 1, spec, create, setter);
    }
  }

  private static Slot slot(Map<String, Object> map, String key) {
    return new Slot() {
      @Override
      public Object get() {
        return map.get(key);
      }

      @Override
      public void set(Object value) {
        map.put(key, value);
      }
    };
  }
}
