package dev.strata.render.patch;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a JSON patch (RFC 6902) as kustomize does, with gopkg.in/evanphx/json-patch.v4 on the
 * object's JSON form.
 *
 * <p>Written here rather than taken from fabric8's zjsonpatch because kustomize's output and errors
 * follow evanphx's rules, which zjsonpatch does not share: {@code replace} of an absent object key
 * adds it, negative array indices count from the end, a path without a leading slash drops its
 * first segment, and an absent {@code value} is null. The object then comes back from Go's JSON as
 * kustomize's does: every number has been a float64.
 */
public final class JsonPatch {

  private final List<Map<String, Object>> operations;

  private JsonPatch(List<Map<String, Object>> operations) {
    this.operations = operations;
  }

  /**
   * A patch from its decoded operations (a list of maps, as JSON or YAML gives them).
   *
   * @throws PatchException when the value is not a list of maps
   */
  @SuppressWarnings("unchecked")
  public static JsonPatch of(Object decoded) throws PatchException {
    if (!(decoded instanceof List<?> list)) {
      throw new PatchException(
          "a JSON patch must be a list of operations, found "
              + (decoded instanceof Map<?, ?> ? "a map" : "'" + decoded + "'"));
    }
    List<Map<String, Object>> operations = new ArrayList<>();
    for (Object item : list) {
      if (!(item instanceof Map<?, ?>)) {
        throw new PatchException("a JSON patch operation must be a map, found '" + item + "'");
      }
      operations.add((Map<String, Object>) item);
    }
    return new JsonPatch(operations);
  }

  public boolean isEmpty() {
    return operations.isEmpty();
  }

  /** The patched object, new; the argument is not changed. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> apply(Map<String, Object> object) throws PatchException {
    Object[] root = {copy(object)};
    for (Map<String, Object> operation : operations) {
      Object op = operation.get("op");
      String kind = op instanceof String s ? s : "unknown";
      switch (kind) {
        case "add":
          add(root, operation);
          break;
        case "remove":
          remove(root, operation);
          break;
        case "replace":
          replace(root, operation);
          break;
        case "move":
          move(root, operation);
          break;
        case "test":
          test(root, operation);
          break;
        case "copy":
          copy(root, operation);
          break;
        default:
          throw new PatchException("Unexpected kind: " + kind);
      }
    }
    if (!(root[0] instanceof Map<?, ?>)) {
      throw new PatchException("the patched document is not a map");
    }
    return (Map<String, Object>) throughFloat64(root[0]);
  }

  // ---- operations (patch.go) ----

  private static void add(Object[] root, Map<String, Object> operation) throws PatchException {
    String path = path(operation, "add");
    Container container = findObject(root[0], path);
    if (container == null) {
      throw new PatchException(
          "add operation does not apply: doc is missing path: \"" + path + "\": missing value");
    }
    container.add(copy(operation.get("value")), path, "add");
  }

  private static void remove(Object[] root, Map<String, Object> operation) throws PatchException {
    String path = path(operation, "remove");
    Container container = findObject(root[0], path);
    if (container == null) {
      throw new PatchException(
          "remove operation does not apply: doc is missing path: \"" + path + "\": missing value");
    }
    container.remove("error in remove for path: '" + path + "': ");
  }

  private static void replace(Object[] root, Map<String, Object> operation) throws PatchException {
    String path = path(operation, "replace");
    if (path.isEmpty()) {
      Object value = operation.get("value");
      if (!(value instanceof Map<?, ?>) && !(value instanceof List<?>)) {
        throw new PatchException("replace operation value must be object or array");
      }
      root[0] = copy(value);
      return;
    }
    Container container = findObject(root[0], path);
    if (container == null) {
      throw new PatchException(
          "replace operation does not apply: doc is missing path: " + path + ": missing value");
    }
    // An absent object key is no error: evanphx's map lookup cannot fail.
    try {
      container.get("");
    } catch (PatchException e) {
      throw new PatchException(
          "replace operation does not apply: doc is missing key: " + path + ": missing value");
    }
    container.set(copy(operation.get("value")));
  }

  private static void move(Object[] root, Map<String, Object> operation) throws PatchException {
    String from = text(operation, "from", "move operation failed to decode from");
    Container source = findObject(root[0], from);
    if (source == null) {
      throw new PatchException(
          "move operation does not apply: doc is missing from path: " + from + ": missing value");
    }
    Object value = source.get("error in move for path: '" + source.key + "': ");
    source.remove("error in move for path: '" + source.key + "': ");
    String path = text(operation, "path", "move operation failed to decode path");
    Container target = findObject(root[0], path);
    if (target == null) {
      throw new PatchException(
          "move operation does not apply: doc is missing destination path: "
              + path
              + ": missing value");
    }
    target.add(value, path, "move");
  }

  private static void copy(Object[] root, Map<String, Object> operation) throws PatchException {
    String from = text(operation, "from", "copy operation failed to decode from");
    Container source = findObject(root[0], from);
    if (source == null) {
      throw new PatchException(
          "copy operation does not apply: doc is missing from path: " + from + ": missing value");
    }
    Object value = source.get("error in copy for from: '" + from + "': ");
    String path = path(operation, "copy");
    Container target = findObject(root[0], path);
    if (target == null) {
      throw new PatchException(
          "copy operation does not apply: doc is missing destination path: "
              + path
              + ": missing value");
    }
    target.add(copy(value), path, "copy");
  }

  private static void test(Object[] root, Map<String, Object> operation) throws PatchException {
    String path = text(operation, "path", "test operation failed to decode path");
    Object actual;
    if (path.isEmpty()) {
      actual = root[0];
    } else {
      Container container = findObject(root[0], path);
      if (container == null) {
        throw new PatchException(
            "test operation does not apply: is missing path: " + path + ": missing value");
      }
      actual = container.get("error in test for path: '" + path + "': ");
      if (actual == null) {
        if (operation.get("value") == null) {
          return; // absent or null, as expected
        }
        throw new PatchException("testing value " + path + " failed: test failed");
      }
    }
    if (!operation.containsKey("value") || !equal(actual, operation.get("value"))) {
      throw new PatchException("testing value " + path + " failed: test failed");
    }
  }

  private static String path(Map<String, Object> operation, String op) throws PatchException {
    return text(operation, "path", op + " operation failed to decode path");
  }

  private static String text(Map<String, Object> operation, String field, String error)
      throws PatchException {
    Object value = operation.get(field);
    if (value == null) {
      throw new PatchException(error + ": missing value");
    }
    if (!(value instanceof String s)) {
      throw new PatchException(error + ": '" + value + "' is not a string");
    }
    return s;
  }

  // ---- navigation (findObject and the partialDoc / partialArray containers) ----

  /** The container of the path's last segment, or null when a segment before it is missing. */
  private static Container findObject(Object document, String path) {
    String[] split = path.split("/", -1);
    if (split.length < 2) {
      return null;
    }
    Object current = document;
    for (int i = 1; i < split.length - 1; i++) {
      Container container = new Container(current, decode(split[i]));
      Object next;
      try {
        next = container.get("");
      } catch (PatchException e) {
        return null;
      }
      if (!(next instanceof Map<?, ?>) && !(next instanceof List<?>)) {
        return null;
      }
      current = next;
    }
    return new Container(current, decode(split[split.length - 1]));
  }

  private static String decode(String token) {
    return token.replace("~1", "/").replace("~0", "~");
  }

  /** One key of a JSON object or index of a JSON array, with evanphx's rules for each. */
  private static final class Container {

    private final Object node;
    private final String key;

    Container(Object node, String key) {
      this.node = node;
      this.key = key;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map() {
      return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private List<Object> list() {
      return (List<Object>) node;
    }

    Object get(String error) throws PatchException {
      if (node instanceof Map<?, ?>) {
        return map().get(key);
      }
      List<Object> list = list();
      return list.get(index(list.size(), list.size(), error, false));
    }

    void set(Object value) throws PatchException {
      if (node instanceof Map<?, ?>) {
        map().put(key, value);
        return;
      }
      List<Object> list = list();
      list.set(
          index(list.size(), list.size(), "error in remove for path: '" + key + "': ", false),
          value);
    }

    void add(Object value, String path, String op) throws PatchException {
      if (node instanceof Map<?, ?>) {
        map().put(key, value);
        return;
      }
      List<Object> list = list();
      if (key.equals("-")) {
        list.add(value);
        return;
      }
      String error =
          op.equals("add")
              ? "error in add for path: '" + path + "': "
              : op.equals("move")
                  ? "error in move for path: '" + path + "': "
                  : "error while adding value during copy: ";
      list.add(index(list.size() + 1, list.size() + 1, error, true), value);
    }

    void remove(String error) throws PatchException {
      if (node instanceof Map<?, ?>) {
        if (!map().containsKey(key)) {
          throw new PatchException(
              error + "Unable to remove nonexistent key: " + key + ": missing value");
        }
        map().remove(key);
        return;
      }
      List<Object> list = list();
      list.remove(index(list.size(), list.size(), error, false));
    }

    /**
     * An index below {@code bound}; a negative one counts back from {@code size} (evanphx's
     * SupportNegativeIndices).
     */
    private int index(int bound, int size, String error, boolean adding) throws PatchException {
      int index;
      try {
        index = parseGoInt(key);
      } catch (NumberFormatException e) {
        String atoi =
            "strconv.Atoi: parsing \""
                + key
                + "\": "
                + (key.matches("[+-]?[0-9]+") ? "value out of range" : "invalid syntax");
        throw new PatchException(
            error + (adding ? "value was not a proper array index: '" + key + "': " + atoi : atoi));
      }
      if (index >= bound || index < -size) {
        throw new PatchException(
            error + "Unable to access invalid index: " + index + ": invalid index referenced");
      }
      return index < 0 ? index + size : index;
    }
  }

  /** strconv.Atoi: an optional sign and decimal digits. */
  private static int parseGoInt(String text) {
    if (!text.matches("[+-]?[0-9]+")) {
      throw new NumberFormatException(text);
    }
    return Integer.parseInt(text.startsWith("+") ? text.substring(1) : text);
  }

  // ---- values ----

  private static boolean equal(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return jsonText(x).equals(jsonText(y));
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (var entry : x.entrySet()) {
        if (!y.containsKey(entry.getKey()) || !equal(entry.getValue(), y.get(entry.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!equal(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a == null ? b == null : a.equals(b);
  }

  /**
   * A number as evanphx compares it: by its JSON text, which is Go's for numbers of the document
   * (an integral float64 has no decimal point) and as written for decimals of a JSON patch.
   */
  private static String jsonText(Number n) {
    if (n instanceof BigDecimal decimal) {
      return decimal.toString();
    }
    if (n instanceof Double || n instanceof Float) {
      double d = n.doubleValue();
      if (d == Math.rint(d) && Math.abs(d) < 1e21) {
        return new BigDecimal(d).toBigInteger().toString();
      }
      return BigDecimal.valueOf(d).stripTrailingZeros().toString();
    }
    return n.toString();
  }

  private static Object copy(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> result = new LinkedHashMap<>();
      map.forEach((k, v) -> result.put(String.valueOf(k), copy(v)));
      return result;
    }
    if (value instanceof List<?> list) {
      List<Object> result = new ArrayList<>(list.size());
      list.forEach(item -> result.add(copy(item)));
      return result;
    }
    return value;
  }

  /**
   * The value as kyaml rebuilds it from Go's JSON: numbers become float64 and go-yaml prints them
   * with the shortest 'g' format, so integers below 1e6 read back as integers and everything else
   * as floats.
   */
  static Object throughFloat64(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> result = new LinkedHashMap<>();
      map.forEach((k, v) -> result.put(String.valueOf(k), throughFloat64(v)));
      return result;
    }
    if (value instanceof List<?> list) {
      List<Object> result = new ArrayList<>(list.size());
      list.forEach(item -> result.add(throughFloat64(item)));
      return result;
    }
    if (value instanceof Number n) {
      double d =
          n instanceof BigInteger || n instanceof BigDecimal
              ? Double.parseDouble(n.toString())
              : n.doubleValue();
      if (d == Math.rint(d) && Math.abs(d) < 1e6) {
        long whole = (long) d;
        return whole == (int) whole ? (Object) (int) whole : (Object) whole;
      }
      return d;
    }
    return value;
  }
}
