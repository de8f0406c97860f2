package dev.strata.render;

import dev.strata.render.schema.KubernetesSchema;

/**
 * The identity of a resource during a build: group, version, kind, namespace and name, as
 * kustomize's {@code ResId}.
 */
public record ResourceId(String group, String version, String kind, String namespace, String name) {

  /** kustomize's stand-in namespace for cluster-scoped objects. */
  public static final String NOT_NAMESPACED = "_non_namespaceable_";

  /**
   * The namespace kustomize compares: "default" for an unset namespace, a stand-in for
   * cluster-scoped kinds.
   */
  public String effectiveNamespace() {
    if (isClusterScoped()) {
      return NOT_NAMESPACED;
    }
    return namespace.isEmpty() ? "default" : namespace;
  }

  /** Whether the kind is cluster-scoped (unknown kinds are namespaced, as in kustomize). */
  public boolean isClusterScoped() {
    return !KubernetesSchema.builtin().isNamespaced(group, kind);
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
