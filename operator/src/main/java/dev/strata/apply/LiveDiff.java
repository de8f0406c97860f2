package dev.strata.apply;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;

/**
 * Decides whether applying would change a live object, by comparing it with the server-side
 * dry-run's result. As Flux's ssa library, it ignores status (apply cannot change it) and the
 * metadata every write touches: managedFields, resourceVersion and generation.
 */
final class LiveDiff {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final List<String> VOLATILE_METADATA =
      List.of("managedFields", "resourceVersion", "generation");

  private LiveDiff() {}

  static boolean differs(GenericKubernetesResource live, GenericKubernetesResource dryRun) {
    return !comparable(live).equals(comparable(dryRun));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> comparable(GenericKubernetesResource object) {
    Map<String, Object> map = SERIALIZATION.convertValue(object, Map.class);
    map.remove("status");
    if (map.get("metadata") instanceof Map<?, ?> metadata) {
      VOLATILE_METADATA.forEach(metadata::remove);
    }
    return map;
  }
}
