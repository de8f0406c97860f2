package dev.strata.render.replace;

import dev.strata.render.yaml.KustomizeYaml;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Addresses fields of a YAML tree (maps, lists, scalars) as kyaml's field paths do: parts split on
 * dots (kustomize's SmarterPathSplitter, with {@code \.} escapes and {@code [a.b]} keys), list
 * elements by index, by {@code [field=value]} or by {@code [=value]}, and {@code *} for every
 * element.
 *
 * <p>{@link #find} reads as kyaml's {@code Lookup} (PathGetter): exact element matches, {@code -}
 * for the last element. {@link #match} selects as kyaml's {@code PathMatcher}: the value in
 * brackets is an unanchored regular expression, {@code *} is allowed, missing parts can be created,
 * and a string field followed by more parts is parsed as YAML and searched (kustomize discards that
 * copy, so such slots are {@linkplain Slot#detached() detached}).
 */
public final class FieldPath {

  /** The kind of node to create where a part is missing, as PathMatcher's {@code Create}. */
  public enum Create {
    SCALAR,
    MAPPING,
    SEQUENCE
  }

  /** What go-yaml gives for a text with no YAML node in it (an empty or comment-only text). */
  static final Object EMPTY_DOCUMENT =
      new Object() {
        @Override
        public String toString() {
          return "empty document";
        }
      };

  private final String text;
  private final List<String> parts;

  private FieldPath(String text, List<String> parts) {
    this.text = text;
    this.parts = parts;
  }

  /** Splits a path as kustomize's SmarterPathSplitter(path, "."). */
  public static FieldPath parse(String text) {
    List<String> split = splitEscaped(text);
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < split.size(); i++) {
      String part = split.get(i);
      if (part.startsWith("[") && !part.endsWith("]")) {
        StringBuilder bracketed = new StringBuilder(part);
        while (i < split.size() - 1) {
          i++;
          bracketed.append('.').append(split.get(i));
          if (split.get(i).endsWith("]")) {
            break;
          }
        }
        String joined = bracketed.toString();
        parts.add(joined.contains("=") ? joined : trimBrackets(joined));
      } else {
        parts.add(part);
      }
    }
    return new FieldPath(text, List.copyOf(parts));
  }

  /** A part ending in a list index, as kyaml's convertSliceIndex matches it. */
  private static final Pattern SLICE_INDEX = Pattern.compile("^([^\\n]*)\\[([0-9]+)\\]\\z");

  /**
   * This path with each {@code name[3]} part split into {@code name} and {@code 3}, as kyaml's
   * GetFieldValue (which kustomize's vars read with) does before its Lookup.
   */
  public FieldPath withSliceIndexes() {
    List<String> split = new ArrayList<>();
    for (String part : parts) {
      var matcher = SLICE_INDEX.matcher(part);
      if (!part.endsWith("]") || !matcher.matches()) {
        split.add(part);
        continue;
      }
      if (!matcher.group(1).isEmpty()) {
        split.add(matcher.group(1));
      }
      split.add(matcher.group(2));
    }
    return new FieldPath(text, List.copyOf(split));
  }

  /** The parts, as kyaml receives them. */
  public List<String> parts() {
    return parts;
  }

  /** The first {@code n} parts, as a path of its own. */
  FieldPath head(int n) {
    return new FieldPath(String.join(".", parts.subList(0, n)), parts.subList(0, n));
  }

  /** The parts from {@code n} on, as a path of its own. */
  FieldPath tail(int n) {
    return new FieldPath(
        String.join(".", parts.subList(n, parts.size())), parts.subList(n, parts.size()));
  }

  @Override
  public String toString() {
    return text;
  }

  // ---- Lookup (PathGetter) ----

  /**
   * The slot the path leads to, as kyaml's Lookup: parts are trimmed and empty ones skipped; empty
   * when a field or element is absent or the path runs into a null.
   *
   * @throws KyamlException where kyaml fails: a wrong node kind, a negative index, a wildcard
   */
  public Optional<Slot> find(Object root) throws KyamlException {
    Slot slot = Slot.root(root);
    for (String raw : parts) {
      String part = raw.strip();
      if (part.isEmpty()) {
        continue;
      }
      Object node = slot.get();
      OptionalLong number = atoi(part);
      Slot next;
      if (number.isPresent()) {
        if (number.getAsLong() < 0) {
          throw new KyamlException("array index " + number.getAsLong() + " cannot be negative");
        }
        List<Object> list = elements(node);
        next =
            number.getAsLong() < list.size()
                ? Slot.element(list, (int) number.getAsLong(), false, false)
                : null;
      } else if (part.equals("-")) {
        List<Object> list = elements(node);
        if (list.isEmpty()) {
          // kyaml indexes past the end here and panics.
          throw new KyamlException("'-' asks for the last element of an empty list");
        }
        next = Slot.element(list, list.size() - 1, false, false);
      } else if (part.equals("*")) {
        throw new KyamlException("wildcard is not supported in PathGetter");
      } else if (isListIndex(part)) {
        next = matchElement(node, part);
      } else {
        next = field(node, part);
      }
      if (next == null) {
        return Optional.empty();
      }
      slot = next;
    }
    return Optional.of(slot);
  }

  /** ElementMatcher: the first element equal to the value, or whose field's text equals it. */
  private static Slot matchElement(Object node, String part) throws KyamlException {
    String[] nameValue = splitIndexNameValue(part);
    List<Object> list = elements(node);
    for (int i = 0; i < list.size(); i++) {
      Object element = list.get(i);
      if (nameValue[0].isEmpty()) {
        if (YamlScalars.text(element).equals(nameValue[1])) {
          return Slot.element(list, i, false, false);
        }
      } else if (element instanceof Map<?, ?> map) {
        Object key = key(map, nameValue[0]);
        if (key != NO_KEY && YamlScalars.text(map.get(key)).equals(nameValue[1])) {
          return Slot.element(list, i, false, false);
        }
      }
    }
    return null;
  }

  /** FieldMatcher: the field of a mapping; nothing in a null; an error for other kinds. */
  @SuppressWarnings("unchecked")
  private static Slot field(Object node, String name) throws KyamlException {
    if (node == null) {
      return null;
    }
    if (!(node instanceof Map<?, ?> map)) {
      throw wrongKind("MappingNode", node);
    }
    Object key = key(map, name);
    return key == NO_KEY ? null : Slot.entry((Map<Object, Object>) map, key, false, false);
  }

  // ---- PathMatcher ----

  /**
   * Every slot the path selects, as kyaml's PathMatcher, creating missing parts when {@code create}
   * is not null (maps or lists along the way, as the next part asks, and a node of that kind at the
   * end).
   *
   * @throws KyamlException where kyaml fails: a wrong node kind, an index past the end, a bad
   *     regular expression, a string field that is not YAML
   */
  public List<Slot> match(Object root, Create create) throws KyamlException {
    List<Slot> out = new ArrayList<>();
    new Matching(create).filter(null, root, 0, false, out);
    return out;
  }

  /** One PathMatcher run, remembering the scalars it created (kyaml leaves them untagged). */
  private final class Matching {

    private final Create create;
    private final Map<Object, Set<Object>> untagged = new IdentityHashMap<>();

    Matching(Create create) {
      this.create = create;
    }

    void filter(Slot at, Object node, int i, boolean detached, List<Slot> out)
        throws KyamlException {
      if (i == parts.size()) {
        out.add(at);
        return;
      }
      String part = parts.get(i);
      OptionalLong number = atoi(part);
      if (number.isPresent() && number.getAsLong() >= 0) {
        index(node, i, number.getAsLong(), detached, out);
      } else if (isListIndex(part)) {
        sequence(node, i, detached, out);
      } else if (part.equals("*")) {
        List<Object> list = elements(node);
        for (int j = 0; j < list.size(); j++) {
          filter(slot(list, j, detached), list.get(j), i + 1, detached, out);
        }
      } else {
        field(node, i, detached, out);
      }
    }

    @SuppressWarnings("unchecked")
    private void field(Object node, int i, boolean detached, List<Slot> out) throws KyamlException {
      String name = parts.get(i);
      Slot slot = FieldPath.field(node, name);
      if (slot == null) {
        if (create == null) {
          return;
        }
        Create kind = partKind(i + 1);
        // kyaml appends to a null node's contents, which nothing ever prints: a detached copy.
        Map<Object, Object> map = node == null ? new LinkedHashMap<>() : (Map<Object, Object>) node;
        boolean lost = detached || node == null;
        map.put(name, newNode(kind));
        if (kind == Create.SCALAR) {
          untagged(map).add(name);
        }
        slot = Slot.entry(map, name, kind == Create.SCALAR, lost);
        detached = lost;
      } else {
        slot = Slot.entry(slot.map, slot.key, isUntagged(slot.map, slot.key), detached);
      }
      Object value = slot.get();
      if (YamlScalars.isScalar(value) && i + 1 < parts.size()) {
        // kyaml reads the string as YAML and goes on in that copy; what is set there is lost.
        filter(null, StyledYaml.parse(YamlScalars.text(value)).root(), i + 1, true, out);
        return;
      }
      filter(slot, value, i + 1, detached, out);
    }

    private void index(Object node, int i, long index, boolean detached, List<Slot> out)
        throws KyamlException {
      List<Object> list = elements(node);
      if (list.size() == index && create != null) {
        Create kind = partKind(i + 1);
        if (node == null) {
          list = new ArrayList<>();
          detached = true;
        }
        list.add(newNode(kind));
        if (kind == Create.SCALAR) {
          untagged(list).add(list.size() - 1);
        }
      }
      if (list.size() < index + 1) {
        throw new KyamlException(
            "index " + index + " specified but only " + list.size() + " elements found");
      }
      filter(slot(list, (int) index, detached), list.get((int) index), i + 1, detached, out);
    }

    private void sequence(Object node, int i, boolean detached, List<Slot> out)
        throws KyamlException {
      String[] nameValue = splitIndexNameValue(parts.get(i));
      String field = nameValue[0];
      String value = nameValue[1];
      List<Object> list = elements(node);
      Pattern regex = null;
      List<Slot> found = new ArrayList<>();
      for (int j = 0; j < list.size(); j++) {
        regex = regex != null ? regex : regex(value);
        Object element = list.get(j);
        if (field.isEmpty()) {
          // A primitive element is itself the match; kyaml ignores any parts after it.
          if (regex.matcher(display(element)).find()) {
            found.add(slot(list, j, detached));
          }
        } else if (element instanceof Map<?, ?> map
            && key(map, field) != NO_KEY
            && regex.matcher(display(map.get(key(map, field)))).find()) {
          filter(slot(list, j, detached), element, i + 1, detached, found);
        }
      }
      if (!found.isEmpty() || create == null) {
        out.addAll(found);
        return;
      }
      regex = regex != null ? regex : regex(value);
      if (!regex.matcher(value).find()) {
        // kyaml would append elements forever, looking for one that matches.
        throw new KyamlException(
            "cannot create an element for "
                + parts.get(i)
                + ": its value does not match itself as a regular expression");
      }
      if (node == null) {
        list = new ArrayList<>();
        detached = true;
      }
      if (field.isEmpty()) {
        list.add(value);
        untagged(list).add(list.size() - 1);
        out.add(slot(list, list.size() - 1, detached));
        return;
      }
      Map<Object, Object> element = new LinkedHashMap<>();
      element.put(field, YamlScalars.decode(YamlScalars.UNTAGGED, value));
      untagged(element).add(field);
      list.add(element);
      filter(slot(list, list.size() - 1, detached), element, i + 1, detached, out);
    }

    /** getPathPartKind: a list before an index or a [..] part, the created kind at the end. */
    private Create partKind(int next) {
      String part = next < parts.size() ? parts.get(next) : "";
      if (isListIndex(part) || (atoi(part).isPresent() && atoi(part).getAsLong() >= 0)) {
        return Create.SEQUENCE;
      }
      return part.isEmpty() ? create : Create.MAPPING;
    }

    private Slot slot(List<Object> list, int index, boolean detached) {
      return Slot.element(list, index, isUntagged(list, index), detached);
    }

    private Set<Object> untagged(Object container) {
      return untagged.computeIfAbsent(container, c -> new java.util.HashSet<>());
    }

    private boolean isUntagged(Object container, Object key) {
      Set<Object> keys = untagged.get(container);
      return keys != null && keys.contains(key);
    }
  }

  private static Object newNode(Create kind) {
    switch (kind) {
      case MAPPING:
        return new LinkedHashMap<String, Object>();
      case SEQUENCE:
        return new ArrayList<>();
      default:
        return null;
    }
  }

  /** The text kyaml matches a [..] regular expression against: the node written as YAML. */
  private static String display(Object value) {
    if (value == null) {
      return "null";
    }
    if (YamlScalars.isScalar(value)) {
      return YamlScalars.text(value).strip();
    }
    return KustomizeYaml.write(value).strip();
  }

  private static Pattern regex(String value) throws KyamlException {
    try {
      return Pattern.compile(value);
    } catch (PatternSyntaxException e) {
      throw new KyamlException("error parsing regexp: " + e.getDescription() + ": `" + value + "`");
    }
  }

  // ---- shared pieces ----

  private static final Object NO_KEY = new Object();

  /** The key whose text is {@code name}; the last one, as kyaml's field visitor. */
  private static Object key(Map<?, ?> map, String name) {
    Object found = NO_KEY;
    for (Object key : map.keySet()) {
      if (String.valueOf(key).equals(name)) {
        found = key;
      }
    }
    return found;
  }

  /** A list's elements; a null has none (kyaml lets it pass as any kind). */
  @SuppressWarnings("unchecked")
  private static List<Object> elements(Object node) throws KyamlException {
    if (node == null) {
      return new ArrayList<>();
    }
    if (node instanceof List<?> list) {
      return (List<Object>) list;
    }
    throw wrongKind("SequenceNode", node);
  }

  private static KyamlException wrongKind(String expected, Object node) {
    String kind =
        node == EMPTY_DOCUMENT
            ? ""
            : node instanceof Map<?, ?>
                ? "MappingNode"
                : node instanceof List<?> ? "SequenceNode" : "ScalarNode";
    return new KyamlException("wrong node kind: expected " + expected + " but got " + kind);
  }

  private static boolean isListIndex(String part) {
    return part.startsWith("[") && part.endsWith("]");
  }

  /** SplitIndexNameValue: [name=value] into name and value. */
  private static String[] splitIndexNameValue(String part) throws KyamlException {
    String inner = part.substring(part.startsWith("[") ? 1 : 0);
    inner = inner.endsWith("]") ? inner.substring(0, inner.length() - 1) : inner;
    int equals = inner.indexOf('=');
    if (equals < 0) {
      throw new KyamlException(
          "list path element must contain fieldName=fieldValue for element to match");
    }
    return new String[] {inner.substring(0, equals), inner.substring(equals + 1)};
  }

  /** Go's strconv.Atoi on a 64-bit platform. */
  private static OptionalLong atoi(String s) {
    if (!s.matches("[+-]?[0-9]+")) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(s.startsWith("+") ? s.substring(1) : s));
    } catch (NumberFormatException e) {
      return OptionalLong.empty(); // out of int64 range
    }
  }

  /** kyaml's PathSplitter: split on dots, a backslash before a dot keeps it. */
  private static List<String> splitEscaped(String path) {
    List<String> pieces = new ArrayList<>(List.of(path.split("\\.", -1)));
    if (pieces.size() > 1 && pieces.get(0).isEmpty()) {
      pieces.remove(0); // a leading delimiter is allowed
    }
    List<String> result = new ArrayList<>();
    result.add(pieces.get(0));
    for (int i = 1; i < pieces.size(); i++) {
      String last = result.get(result.size() - 1);
      if (last.endsWith("\\")) {
        result.set(result.size() - 1, last.substring(0, last.length() - 1) + "." + pieces.get(i));
      } else {
        result.add(pieces.get(i));
      }
    }
    return result;
  }

  /** Go's strings.Trim(s, "[]"). */
  private static String trimBrackets(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && (s.charAt(start) == '[' || s.charAt(start) == ']')) {
      start++;
    }
    while (end > start && (s.charAt(end - 1) == '[' || s.charAt(end - 1) == ']')) {
      end--;
    }
    return s.substring(start, end);
  }

  /**
   * A place a path leads to: an entry of a map or an element of a list, read and replaced in place.
   */
  public static final class Slot {

    private final Map<Object, Object> map;
    private final Object key;
    private final List<Object> list;
    private final int index;
    private final Object root;
    private final boolean created;
    private final boolean detached;

    private Slot(
        Map<Object, Object> map,
        Object key,
        List<Object> list,
        int index,
        Object root,
        boolean created,
        boolean detached) {
      this.map = map;
      this.key = key;
      this.list = list;
      this.index = index;
      this.root = root;
      this.created = created;
      this.detached = detached;
    }

    static Slot entry(Map<Object, Object> map, Object key, boolean created, boolean detached) {
      return new Slot(map, key, null, -1, null, created, detached);
    }

    static Slot element(List<Object> list, int index, boolean created, boolean detached) {
      return new Slot(null, null, list, index, null, created, detached);
    }

    static Slot root(Object value) {
      return new Slot(null, null, null, -1, value, false, false);
    }

    public Object get() {
      if (map != null) {
        return map.get(key);
      }
      return list != null ? list.get(index) : root;
    }

    /** Replaces the value; does nothing for a detached slot. */
    public void set(Object value) {
      if (detached) {
        return;
      }
      if (map != null) {
        map.put(key, value);
      } else if (list != null) {
        list.set(index, value);
      } else {
        throw new IllegalStateException("the root of a tree has no slot to set");
      }
    }

    /**
     * Whether this match created the scalar here: kyaml's new node has no tag, so a text put in it
     * is typed from the text alone.
     */
    public boolean created() {
      return created;
    }

    /** Whether the slot is in a copy kyaml parsed from a string field and then threw away. */
    public boolean detached() {
      return detached;
    }
  }
}
