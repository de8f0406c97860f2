package dev.strata.render;

import java.util.Map;

/**
 * One Kubernetes object being rendered, with where it came from.
 *
 * @param object the object, as maps, lists and scalars
 * @param origin the file it was read from
 */
public record Resource(Map<String, Object> object, String origin) {

  public String apiVersion() {
    return string(object.get("apiVersion"));
  }

  public String kind() {
    return string(object.get("kind"));
  }

  public String group() {
    String apiVersion = apiVersion();
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  public String version() {
    String apiVersion = apiVersion();
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
  }

  public String name() {
    return string(metadata().get("name"));
  }

  public String namespace() {
    return string(metadata().get("namespace"));
  }

  /** Kind/namespace/name, as errors and status name objects. */
  public String id() {
    return kind() + "/" + (namespace().isEmpty() ? "" : namespace() + "/") + name();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> metadata() {
    Object metadata = object.get("metadata");
    return metadata instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  private static String string(Object value) {
    return value == null ? "" : String.valueOf(value);
  }
}
