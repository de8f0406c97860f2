package dev.strata.health;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the REST resource (plural name and scope) that serves an apiVersion and kind, by API
 * discovery, one request per group version, cached. A kind missing from the cache is looked up
 * again, so CRDs created since are found.
 */
public final class ApiResources {

  private final KubernetesClient client;
  private final Map<String, Map<String, ResourceDefinitionContext>> byGroupVersion =
      new ConcurrentHashMap<>();

  public ApiResources(KubernetesClient client) {
    this.client = client;
  }

  /**
   * The resource serving {@code kind} in {@code apiVersion}, or empty when the API server serves no
   * such kind.
   *
   * @throws KubernetesClientException when discovery itself fails
   */
  public Optional<ResourceDefinitionContext> find(String apiVersion, String kind) {
    var cached = byGroupVersion.get(apiVersion);
    if (cached != null && cached.containsKey(kind)) {
      return Optional.of(cached.get(kind));
    }
    var fresh = discover(apiVersion);
    byGroupVersion.put(apiVersion, fresh);
    return Optional.ofNullable(fresh.get(kind));
  }

  public Optional<ResourceDefinitionContext> find(ObjectRef object) {
    return find(object.apiVersion(), object.kind());
  }

  /** Forgets what was discovered for a group version, e.g. after its CRD changed. */
  public void forget(String apiVersion) {
    byGroupVersion.remove(apiVersion);
  }

  private Map<String, ResourceDefinitionContext> discover(String apiVersion) {
    APIResourceList list;
    try {
      list = client.getApiResources(apiVersion);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return Map.of();
      }
      throw e;
    }
    Map<String, ResourceDefinitionContext> byKind = new HashMap<>();
    if (list == null || list.getResources() == null) {
      return byKind;
    }
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
    for (APIResource resource : list.getResources()) {
      if (resource.getName().contains("/")) {
        continue; // a subresource such as deployments/status
      }
      byKind.putIfAbsent(
          resource.getKind(),
          new ResourceDefinitionContext.Builder()
              .withGroup(group)
              .withVersion(version)
              .withKind(resource.getKind())
              .withPlural(resource.getName())
              .withNamespaced(Boolean.TRUE.equals(resource.getNamespaced()))
              .build());
    }
    return byKind;
  }
}
