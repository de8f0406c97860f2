package dev.strata.api;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * A namespaced resource's key, {@code namespace/name}: how logs, metrics and the drift watch name a
 * LayeredKustomization, and the key of a GitSource's object store.
 */
public final class ResourceKey {

  private ResourceKey() {}

  public static String of(HasMetadata resource) {
    return of(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
  }

  public static String of(String namespace, String name) {
    return namespace + "/" + name;
  }
}
