package dev.strata.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads fields of an object given as maps by dotted path, as kstatus's {@code GetIntField} and
 * {@code GetStringField} do: an absent field gives the fallback, a field of the wrong type is an
 * error naming the path.
 */
final class ObjectView {

  /** One entry of {@code status.conditions}. */
  record Condition(String type, String status, String reason, String message) {
    boolean isTrue() {
      return "True".equals(status);
    }

    boolean isFalse() {
      return "False".equals(status);
    }

    /** The message, else the reason, else the type: what a person should read. */
    String explanation() {
      if (!message.isEmpty()) {
        return message;
      }
      return reason.isEmpty() ? type + " is " + status : reason;
    }
  }

  /** A field that exists but does not have the type its rule reads. */
  static final class MalformedField extends RuntimeException {
    MalformedField(String path, Object value, String expected) {
      super(path + " is " + describe(value) + ", expected " + expected);
    }

    private static String describe(Object value) {
      return value instanceof Map<?, ?>
          ? "an object"
          : value instanceof List<?> ? "a list" : "'" + value + "'";
    }
  }

  private final Map<String, Object> object;

  ObjectView(Map<String, Object> object) {
    this.object = object;
  }

  /** The object as given. */
  Map<String, Object> map() {
    return object;
  }

  String kind() {
    return string("kind", "");
  }

  /** The API group: the part of apiVersion before the slash, empty for the core group. */
  String group() {
    String apiVersion = string("apiVersion", "");
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  boolean has(String path) {
    return at(path) != null;
  }

  long integer(String path, long fallback) {
    Object value = at(path);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
      return number.longValue();
    }
    throw new MalformedField(path, value, "an integer");
  }

  boolean bool(String path, boolean fallback) {
    Object value = at(path);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean flag) {
      return flag;
    }
    throw new MalformedField(path, value, "a boolean");
  }

  String string(String path, String fallback) {
    Object value = at(path);
    if (value == null) {
      return fallback;
    }
    if (value instanceof String text) {
      return text;
    }
    throw new MalformedField(path, value, "a string");
  }

  /** status.conditions; entries without a type are ignored, as kstatus does. */
  List<Condition> conditions() {
    Object value = at("status.conditions");
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new MalformedField("status.conditions", value, "a list");
    }
    List<Condition> conditions = new ArrayList<>();
    for (Object item : list) {
      if (item instanceof Map<?, ?> map && map.get("type") instanceof String type) {
        conditions.add(
            new Condition(
                type, text(map.get("status")), text(map.get("reason")), text(map.get("message"))));
      }
    }
    return conditions;
  }

  Optional<Condition> condition(String type) {
    return conditions().stream().filter(c -> c.type().equals(type)).findFirst();
  }

  /** The list at the path; empty when absent. */
  List<?> list(String path) {
    Object value = at(path);
    if (value == null) {
      return List.of();
    }
    if (value instanceof List<?> list) {
      return list;
    }
    throw new MalformedField(path, value, "a list");
  }

  private Object at(String path) {
    Object current = object;
    for (String key : path.split("\\.")) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(key);
    }
    return current;
  }

  private static String text(Object value) {
    return value == null ? "" : String.valueOf(value);
  }
}
