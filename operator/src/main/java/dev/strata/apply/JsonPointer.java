package dev.strata.apply;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * RFC 6901 JSON pointers over objects read as maps and lists: {@code /spec/replicas}, {@code
 * /metadata/annotations/example.com~1key} ({@code ~1} is {@code /}, {@code ~0} is {@code ~}).
 */
final class JsonPointer {

  private JsonPointer() {}

  /** The pointer's reference tokens, unescaped. */
  static List<String> parse(String pointer) {
    if (pointer == null || !pointer.startsWith("/") || pointer.length() < 2) {
      throw new IllegalArgumentException(
          "JSON pointer '" + pointer + "' must start with / and name a field, e.g. /spec/replicas");
    }
    List<String> tokens = new ArrayList<>();
    for (String raw : pointer.substring(1).split("/", -1)) {
      tokens.add(raw.replace("~1", "/").replace("~0", "~"));
    }
    return tokens;
  }

  /** The value the pointer names, if the object has it. */
  static Optional<Object> get(Object root, String pointer) {
    Object node = root;
    for (String token : parse(pointer)) {
      node = child(node, token);
      if (node == null) {
        return Optional.empty();
      }
    }
    return Optional.of(node);
  }

  /** Removes what the pointer names; true when there was something to remove. */
  static boolean remove(Object root, String pointer) {
    List<String> tokens = parse(pointer);
    Object parent = root;
    for (String token : tokens.subList(0, tokens.size() - 1)) {
      parent = child(parent, token);
      if (parent == null) {
        return false;
      }
    }
    String last = tokens.get(tokens.size() - 1);
    if (parent instanceof Map<?, ?> map) {
      if (map.containsKey(last)) {
        map.remove(last);
        return true;
      }
      return false;
    }
    if (parent instanceof List<?> list) {
      int index = index(last);
      if (index >= 0 && index < list.size()) {
        list.remove(index);
        return true;
      }
    }
    return false;
  }

  /**
   * Sets what the pointer names, creating the maps on the way; false when the way goes through a
   * list element that does not exist or something that is not a map or list.
   */
  @SuppressWarnings("unchecked")
  static boolean set(Object root, String pointer, Object value) {
    List<String> tokens = parse(pointer);
    Object parent = root;
    for (String token : tokens.subList(0, tokens.size() - 1)) {
      Object next = child(parent, token);
      if (next == null && parent instanceof Map<?, ?> map) {
        next = new java.util.LinkedHashMap<String, Object>();
        ((Map<String, Object>) map).put(token, next);
      }
      if (next == null) {
        return false;
      }
      parent = next;
    }
    String last = tokens.get(tokens.size() - 1);
    if (parent instanceof Map<?, ?> map) {
      ((Map<String, Object>) map).put(last, value);
      return true;
    }
    if (parent instanceof List<?> list) {
      int index = index(last);
      if (index >= 0 && index < list.size()) {
        ((List<Object>) list).set(index, value);
        return true;
      }
    }
    return false;
  }

  private static Object child(Object node, String token) {
    if (node instanceof Map<?, ?> map) {
      return map.get(token);
    }
    if (node instanceof List<?> list) {
      int index = index(token);
      return index >= 0 && index < list.size() ? list.get(index) : null;
    }
    return null;
  }

  private static int index(String token) {
    try {
      return Integer.parseInt(token);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
