package dev.strata.render.builtin;

import dev.strata.render.Accumulator;
import dev.strata.render.RenderException;
import dev.strata.render.Resource;
import dev.strata.render.Selector;
import dev.strata.render.Transformer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Adds one value to fields of the selected resources, as kustomize's ValueAddTransformer: the field
 * is set (created with the maps above it), or, with a file path position, the value is inserted
 * into the path the field holds; {@code metadata/namespace} goes through the namespace filter.
 */
public final class ValueAddTransformer implements Transformer {

  /**
   * Where the value goes.
   *
   * @param selector selects the resources, null for all
   * @param fieldPath "/"-separated field names ("\/" escapes a slash)
   * @param filePathPosition above 0, where in the field's file path the value is inserted
   */
  public record Destination(Selector selector, String fieldPath, long filePathPosition) {}

  private static final String NAMESPACE_PATH = "metadata/namespace";

  private final String value;
  private final List<Destination> destinations;
  private final String where;

  /**
   * @param where names the config, for errors
   */
  public ValueAddTransformer(String value, List<Destination> destinations, String where) {
    this.value = value;
    this.destinations = destinations;
    this.where = where;
  }

  @Override
  public void transform(Accumulator resources) throws RenderException {
    for (Destination destination : destinations) {
      for (Resource resource : new ArrayList<>(resources.resources())) {
        if (destination.selector() != null && !destination.selector().matches(resource)) {
          continue;
        }
        if (destination.fieldPath().equals(NAMESPACE_PATH)) {
          new NamespaceTransformer(
                  value, List.of(), false, NamespaceTransformer.Subjects.DEFAULT_ONLY, where)
              .filter(resource);
        } else {
          add(resource, destination);
        }
      }
    }
  }

  /** kustomize's valueadd filter: LookupCreate of the field, then set or insert into the path. */
  private void add(Resource resource, Destination destination) throws RenderException {
    String at = where + ": " + resource.id() + ": fieldPath '" + destination.fieldPath() + "'";
    Slot slot = lookupCreate(resource.object(), fields(destination.fieldPath()), at);
    if (slot == null) {
      return; // kyaml finds nothing to set: an index past the end, a null on the way
    }
    Object current = slot.get();
    if (current instanceof Map<?, ?> || current instanceof List<?>) {
      throw new RenderException(at + ": wrong node kind: expected a scalar");
    }
    String text = value;
    if (destination.filePathPosition() > 0) {
      String path = current == null ? "" : String.valueOf(current);
      text = insertPathPart(path, destination.filePathPosition() - 1, value);
    }
    slot.set(untagged(text));
  }

  /** A field of a mapping or an element of a list. */
  private record Slot(Object container, Object key) {

    @SuppressWarnings("unchecked")
    Object get() {
      return container instanceof Map<?, ?> map
          ? map.get(key)
          : ((List<Object>) container).get((Integer) key);
    }

    @SuppressWarnings("unchecked")
    void set(Object value) {
      if (container instanceof Map<?, ?> map) {
        ((Map<Object, Object>) map).put(key, value);
      } else {
        ((List<Object>) container).set((Integer) key, value);
      }
    }
  }

  /**
   * kyaml's PathGetter with Create set to a scalar: missing fields are created (a list before an
   * index or a [name=value] part, a mapping before a field), a missing [name=value] element is
   * appended; an index is never created. Null when kyaml yields nothing: a null on the way, an
   * index past the end.
   */
  @SuppressWarnings("unchecked")
  private static Slot lookupCreate(Object root, List<String> parts, String at)
      throws RenderException {
    if (parts.isEmpty()) {
      throw new RenderException(at + ": names no field");
    }
    Object node = root;
    Slot slot = null;
    for (int i = 0; i < parts.size(); i++) {
      String part = parts.get(i);
      String next = i + 1 < parts.size() ? parts.get(i + 1) : "";
      if (node == null) {
        if (part.equals("-")) {
          throw new RenderException(at + ": '-' asks for the last element of an empty list");
        }
        return null;
      }
      if (part.equals("*")) {
        throw new RenderException(at + ": wildcard is not supported in PathGetter");
      }
      if (isIndex(part) || part.equals("-") || isListIndex(part)) {
        if (!(node instanceof List<?> list)) {
          throw new RenderException(at + ": wrong node kind at '" + part + "': expected a list");
        }
        slot = element((List<Object>) list, part, at);
        if (slot == null) {
          return null;
        }
      } else {
        if (!(node instanceof Map<?, ?> map)) {
          throw new RenderException(at + ": wrong node kind at '" + part + "': expected a mapping");
        }
        if (!map.containsKey(part)) {
          Object created =
              isListIndex(next) || (isIndex(next) && !next.startsWith("-"))
                  ? new ArrayList<>()
                  : next.isEmpty() ? null : new LinkedHashMap<String, Object>();
          ((Map<Object, Object>) map).put(part, created);
        }
        slot = new Slot(map, part);
      }
      node = slot.get();
    }
    return slot;
  }

  /** An index, "-" (the last element) or [name=value] (found, else appended). */
  private static Slot element(List<Object> list, String part, String at) throws RenderException {
    if (part.equals("-")) {
      if (list.isEmpty()) {
        throw new RenderException(at + ": '-' asks for the last element of an empty list");
      }
      return new Slot(list, list.size() - 1);
    }
    if (isIndex(part)) {
      long index = Long.parseLong(part);
      if (index < 0) {
        throw new RenderException(at + ": array index " + index + " cannot be negative");
      }
      return index < list.size() ? new Slot(list, (int) index) : null;
    }
    String inner = part.substring(1, part.length() - 1);
    int equals = inner.indexOf('=');
    if (equals < 0) {
      throw new RenderException(
          at
              + ": list path element must contain fieldName=fieldValue for element to match: "
              + part);
    }
    String name = inner.substring(0, equals);
    String wanted = inner.substring(equals + 1);
    for (int i = 0; i < list.size(); i++) {
      Object element = list.get(i);
      if (name.isEmpty() ? text(element).equals(wanted) : matches(element, name, wanted)) {
        return new Slot(list, i);
      }
    }
    if (name.isEmpty()) {
      list.add(untagged(wanted));
    } else {
      Map<String, Object> created = new LinkedHashMap<>();
      created.put(name, untagged(wanted));
      list.add(created);
    }
    return new Slot(list, list.size() - 1);
  }

  private static boolean matches(Object element, String name, String wanted) {
    return element instanceof Map<?, ?> map
        && map.containsKey(name)
        && !(map.get(name) instanceof Map<?, ?>)
        && !(map.get(name) instanceof List<?>)
        && text(map.get(name)).equals(wanted);
  }

  /** A scalar's text, as kyaml compares node values. */
  private static String text(Object scalar) {
    return scalar == null ? "" : String.valueOf(scalar);
  }

  private static boolean isListIndex(String part) {
    return part.startsWith("[") && part.endsWith("]");
  }

  /** Splits the path at "/", joining parts where a "\" escapes the slash; empty parts dropped. */
  private static List<String> fields(String path) {
    List<String> fields = new ArrayList<>();
    for (String part : path.split("/", -1)) {
      int last = fields.size() - 1;
      if (last >= 0 && fields.get(last).endsWith("\\")) {
        String joined = fields.get(last);
        fields.set(last, joined.substring(0, joined.length() - 1) + "/" + part);
      } else {
        fields.add(part);
      }
    }
    // As kyaml's cleanPath: parts are trimmed and empty ones skipped.
    return fields.stream().map(String::strip).filter(f -> !f.isEmpty()).toList();
  }

  /** What Go's strconv.Atoi reads as a number. */
  private static boolean isIndex(String field) {
    return field.matches("[+-]?\\d{1,18}");
  }

  /**
   * kyaml's InsertPathPart: the path split at "/", the part inserted at {@code position} (a leading
   * "/" does not count), joined and cleaned as Go's filepath.Join.
   */
  static String insertPathPart(String path, long position, String part) {
    if (part.isEmpty()) {
      return path;
    }
    List<String> parts = split(path);
    int pos = (int) Math.min(Math.max(position, 0), parts.size());
    if (!parts.isEmpty() && parts.get(0).isEmpty() && pos < parts.size()) {
      pos++;
    }
    parts.add(pos, part);
    if (parts.get(0).isEmpty()) {
      return "/" + join(parts.subList(1, parts.size()));
    }
    return join(parts);
  }

  /** kyaml's PathSplit: "" for a leading "/", then the names; empty names kept as Go keeps them. */
  private static List<String> split(String path) {
    List<String> parts = new ArrayList<>();
    if (path.isEmpty()) {
      return parts;
    }
    int slash = path.lastIndexOf('/');
    String dir = path.substring(0, slash + 1);
    String name = path.substring(slash + 1);
    if (dir.equals("/")) {
      parts.add("");
      if (!name.isEmpty()) {
        parts.add(name);
      }
      return parts;
    }
    String trimmed = dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
    if (!trimmed.isEmpty()) {
      parts.addAll(split(trimmed));
    }
    parts.add(name);
    return parts;
  }

  /** Go's filepath.Join: non-empty parts joined with "/", then cleaned. */
  private static String join(List<String> parts) {
    List<String> names = new ArrayList<>();
    for (String part : parts) {
      if (!part.isEmpty()) {
        names.add(part);
      }
    }
    if (names.isEmpty()) {
      return "";
    }
    List<String> clean = new ArrayList<>();
    boolean absolute = names.get(0).startsWith("/");
    for (String name : String.join("/", names).split("/")) {
      if (name.isEmpty() || name.equals(".")) {
        continue;
      }
      if (name.equals("..") && !clean.isEmpty() && !clean.get(clean.size() - 1).equals("..")) {
        clean.remove(clean.size() - 1);
      } else if (!(name.equals("..") && absolute)) {
        clean.add(name);
      }
    }
    String joined = (absolute ? "/" : "") + String.join("/", clean);
    return joined.isEmpty() ? "." : joined;
  }

  /** The value as kyaml writes an untagged scalar: typed by its text (123 an integer). */
  private static Object untagged(String text) {
    var schema = new CoreSchema();
    if (schema.getScalarResolver().resolve(text, true).equals(Tag.STR)) {
      return text;
    }
    return new Load(LoadSettings.builder().setSchema(schema).build()).loadFromString(text);
  }
}
