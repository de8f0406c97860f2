package dev.strata.health;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Objects;

/**
 * Identifies one Kubernetes object by group, version, kind, namespace and name; the namespace is
 * empty for cluster-scoped objects and the group is empty for the core group.
 *
 * <p>Two references name the same object when they differ only in version: see {@link #identity()}.
 */
public record ObjectRef(String group, String version, String kind, String namespace, String name) {

  private static final String SEPARATOR = "_";

  public ObjectRef {
    group = Objects.requireNonNullElse(group, "");
    version = Objects.requireNonNullElse(version, "");
    kind = Objects.requireNonNullElse(kind, "");
    namespace = Objects.requireNonNullElse(namespace, "");
    name = Objects.requireNonNullElse(name, "");
  }

  /** Builds a reference from an apiVersion ({@code group/version} or {@code version}). */
  public static ObjectRef of(String apiVersion, String kind, String namespace, String name) {
    String value = Objects.requireNonNullElse(apiVersion, "");
    int slash = value.indexOf('/');
    return slash < 0
        ? new ObjectRef("", value, kind, namespace, name)
        : new ObjectRef(
            value.substring(0, slash), value.substring(slash + 1), kind, namespace, name);
  }

  /** The reference of an object given as maps (apiVersion, kind, metadata.namespace/name). */
  public static ObjectRef of(Map<String, Object> object) {
    var metadata = object.get("metadata") instanceof Map<?, ?> map ? map : Map.of();
    return of(
        string(object.get("apiVersion")),
        string(object.get("kind")),
        string(metadata.get("namespace")),
        string(metadata.get("name")));
  }

  public static ObjectRef of(HasMetadata object) {
    return of(
        object.getApiVersion(),
        object.getKind(),
        object.getMetadata() == null ? "" : object.getMetadata().getNamespace(),
        object.getMetadata() == null ? "" : object.getMetadata().getName());
  }

  /**
   * Parses an inventory entry written by {@link #inventoryEntry()}: {@code
   * namespace_name_group_Kind_version}.
   *
   * @throws IllegalArgumentException naming the entry when it does not have that form
   */
  public static ObjectRef fromInventoryEntry(String entry) {
    String[] parts = entry == null ? new String[0] : entry.split(SEPARATOR, -1);
    if (parts.length != 5 || parts[1].isEmpty() || parts[3].isEmpty() || parts[4].isEmpty()) {
      throw new IllegalArgumentException(
          "inventory entry '"
              + entry
              + "' is not of the form namespace_name_group_Kind_version (namespace and group"
              + " empty when cluster-scoped or core)");
    }
    return new ObjectRef(parts[2], parts[4], parts[3], parts[0], parts[1]);
  }

  /**
   * The inventory form: {@code namespace_name_group_Kind_version}, Flux's object id with the
   * version appended. No part can contain an underscore: names, namespaces and groups are DNS
   * names, kinds and versions are alphanumeric.
   */
  public String inventoryEntry() {
    return identity() + SEPARATOR + version;
  }

  /** Flux's object id, {@code namespace_name_group_Kind}: equal for every version of an object. */
  public String identity() {
    return String.join(SEPARATOR, namespace, name, group, kind);
  }

  /** Whether both name the same object, whatever their versions. */
  public boolean sameObject(ObjectRef other) {
    return identity().equals(other.identity());
  }

  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  public boolean isClusterScoped() {
    return namespace.isEmpty();
  }

  public ObjectRef withNamespace(String newNamespace) {
    return new ObjectRef(group, version, kind, newNamespace, name);
  }

  /** Kind/namespace/name, or Kind/name when cluster-scoped: how status and errors name objects. */
  @Override
  public String toString() {
    return kind + "/" + (namespace.isEmpty() ? "" : namespace + "/") + name;
  }

  private static String string(Object value) {
    return value == null ? "" : String.valueOf(value);
  }
}
