package dev.strata.apply;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import dev.strata.health.ObjectRef;
import dev.strata.render.yaml.KustomizeYaml;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides whether applying would change a live object, by comparing it with the server-side
 * dry-run's result, and shows how. As Flux's ssa library, it ignores status (apply cannot change
 * it) and the metadata the server sets: managedFields, resourceVersion, generation, uid,
 * creationTimestamp.
 */
final class LiveDiff {

  /** What a Secret's values are shown as; changed ones say so, never what they were or are. */
  static final String MASK = "***";

  static final String MASK_BEFORE = MASK + " (before)";
  static final String MASK_AFTER = MASK + " (after)";

  private static final int CONTEXT_LINES = 3;
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final List<String> SERVER_METADATA =
      List.of("managedFields", "resourceVersion", "generation", "uid", "creationTimestamp");
  private static final List<String> SECRET_VALUES = List.of("data", "stringData");
  // kubectl apply keeps the whole object here, values included.
  private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private LiveDiff() {}

  static boolean differs(GenericKubernetesResource live, GenericKubernetesResource dryRun) {
    return !comparable(live).equals(comparable(dryRun));
  }

  /**
   * A unified diff, as YAML with sorted keys, of the live object (none: {@code /dev/null}) against
   * the dry-run's result. A Secret's values are masked: {@value #MASK}, or {@value #MASK_BEFORE}
   * and {@value #MASK_AFTER} where the value changes.
   */
  static String unified(
      ObjectRef ref, GenericKubernetesResource live, GenericKubernetesResource dryRun) {
    Map<String, Object> before = live == null ? null : comparable(live);
    Map<String, Object> after = comparable(dryRun);
    if (isSecret(after)) {
      maskSecret(before, after);
    }
    List<String> original = before == null ? List.of() : lines(before);
    List<String> revised = lines(after);
    List<String> diff =
        UnifiedDiffUtils.generateUnifiedDiff(
            before == null ? "/dev/null" : "live/" + ref,
            "dry-run/" + ref,
            original,
            DiffUtils.diff(original, revised),
            CONTEXT_LINES);
    return diff.isEmpty() ? "" : String.join("\n", diff) + "\n";
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> comparable(GenericKubernetesResource object) {
    Map<String, Object> map = SERIALIZATION.convertValue(object, Map.class);
    map.remove("status");
    if (map.get("metadata") instanceof Map<?, ?> metadata) {
      SERVER_METADATA.forEach(metadata::remove);
    }
    return map;
  }

  private static List<String> lines(Map<String, Object> object) {
    return KustomizeYaml.write(object).lines().toList();
  }

  private static boolean isSecret(Map<String, Object> object) {
    return "v1".equals(object.get("apiVersion")) && "Secret".equals(object.get("kind"));
  }

  /** Replaces every value of both Secrets with a mask that says only whether it changed. */
  private static void maskSecret(Map<String, Object> before, Map<String, Object> after) {
    for (String field : SECRET_VALUES) {
      Map<String, Object> old = before == null ? null : values(before.get(field));
      Map<String, Object> now = values(after.get(field));
      if (old != null) {
        before.put(field, masked(old, now, MASK_BEFORE));
      }
      if (now != null) {
        after.put(field, masked(now, old, MASK_AFTER));
      }
    }
    maskLastApplied(before, after);
  }

  private static Map<String, Object> masked(
      Map<String, Object> values, Map<String, Object> other, String changed) {
    Map<String, Object> masked = new LinkedHashMap<>();
    values.forEach(
        (key, value) ->
            masked.put(
                key,
                other != null && other.containsKey(key) && !Objects.equals(other.get(key), value)
                    ? changed
                    : MASK));
    return masked;
  }

  private static void maskLastApplied(Map<String, Object> before, Map<String, Object> after) {
    Object old = lastApplied(before);
    Object now = lastApplied(after);
    boolean changed = old != null && now != null && !old.equals(now);
    setLastApplied(before, changed ? MASK_BEFORE : MASK);
    setLastApplied(after, changed ? MASK_AFTER : MASK);
  }

  private static Object lastApplied(Map<String, Object> object) {
    return object != null
            && object.get("metadata") instanceof Map<?, ?> metadata
            && metadata.get("annotations") instanceof Map<?, ?> annotations
        ? annotations.get(LAST_APPLIED)
        : null;
  }

  @SuppressWarnings("unchecked")
  private static void setLastApplied(Map<String, Object> object, String mask) {
    if (lastApplied(object) != null) {
      var metadata = (Map<String, Object>) object.get("metadata");
      ((Map<String, Object>) metadata.get("annotations")).put(LAST_APPLIED, mask);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> values(Object field) {
    return field instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
  }
}
