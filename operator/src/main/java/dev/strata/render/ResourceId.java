package dev.strata.render;

/**
 * The identity of a resource during a build: group, version, kind, namespace and name, as
 * kustomize's {@code ResId}.
 */
public record ResourceId(String group, String version, String kind, String namespace, String name) {

  /** The namespace kustomize compares: "default" for an unset namespace. */
  public String effectiveNamespace() {
    return namespace.isEmpty() ? "default" : namespace;
  }

  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** Kind/namespace/name, as errors and status name objects. */
  @Override
  public String toString() {
    return kind + "/" + (namespace.isEmpty() ? "" : namespace + "/") + name;
  }
}
