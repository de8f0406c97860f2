package dev.strata.render;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Orders resources as kustomize does: its legacy kind order, or input order (fifo). */
public enum Ordering {
  /** kustomize's default: Namespaces, CRDs, RBAC, ConfigMaps ... first; webhooks last. */
  LEGACY,
  /** As the kustomizations list them (--reorder none, sortOptions.order: fifo). */
  FIFO;

  // kustomize api/internal/builtins/SortOrderTransformer.go and kyaml/resid/gvk.go, v0.21.1.
  private static final List<String> ORDER_FIRST =
      List.of(
          "Namespace",
          "ResourceQuota",
          "StorageClass",
          "CustomResourceDefinition",
          "ServiceAccount",
          "PodSecurityPolicy",
          "Role",
          "ClusterRole",
          "RoleBinding",
          "ClusterRoleBinding",
          "ConfigMap",
          "Secret",
          "Endpoints",
          "Service",
          "LimitRange",
          "PriorityClass",
          "PersistentVolume",
          "PersistentVolumeClaim",
          "Deployment",
          "StatefulSet",
          "CronJob",
          "PodDisruptionBudget");
  private static final List<String> ORDER_LAST =
      List.of("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration");
  private static final Map<String, Integer> KIND_RANK = ranks(ORDER_FIRST, ORDER_LAST);

  List<Resource> sort(List<Resource> resources) {
    if (this == FIFO) {
      return resources;
    }
    return sortLegacy(resources, KIND_RANK);
  }

  /**
   * Sorts in kustomize's legacy order with the kinds of sortOptions.legacySortOptions instead of
   * the default ones.
   */
  static List<Resource> sortLegacy(
      List<Resource> resources, List<String> orderFirst, List<String> orderLast) {
    return sortLegacy(resources, ranks(orderFirst, orderLast));
  }

  private static List<Resource> sortLegacy(List<Resource> resources, Map<String, Integer> ranks) {
    List<Resource> sorted = new ArrayList<>(resources);
    sorted.sort(
        (a, b) -> {
          if (!gvkEquals(a, b)) {
            return gvkLessThan(a, b, ranks) ? -1 : gvkLessThan(b, a, ranks) ? 1 : 0;
          }
          return resIdSortString(a).compareTo(resIdSortString(b));
        });
    return sorted;
  }

  private static boolean gvkEquals(Resource a, Resource b) {
    return a.group().equals(b.group())
        && a.version().equals(b.version())
        && a.kind().equals(b.kind());
  }

  /**
   * kustomize's rank of a kind in its legacy order: negative first, zero unknown, positive last.
   */
  public static int kindRank(String kind) {
    return KIND_RANK.getOrDefault(kind, 0);
  }

  private static boolean gvkLessThan(Resource a, Resource b, Map<String, Integer> ranks) {
    int rankA = ranks.getOrDefault(a.kind(), 0);
    int rankB = ranks.getOrDefault(b.kind(), 0);
    if (rankA != rankB) {
      return rankA < rankB;
    }
    if (a.kind().equals("Namespace")
        && b.kind().equals("Namespace")
        && (a.group().isEmpty() || b.group().isEmpty())) {
      return gvkSortString(a).compareTo(gvkSortString(b)) > 0;
    }
    return gvkSortString(a).compareTo(gvkSortString(b)) < 0;
  }

  private static String gvkSortString(Resource r) {
    return or(r.group(), "~G") + "_" + or(r.version(), "~V") + "_" + or(r.kind(), "~K");
  }

  /** Gvk.String() (kind_version_group with placeholders), namespace, name. */
  private static String resIdSortString(Resource r) {
    String gvk =
        or(r.kind(), "[noKind]")
            + "_"
            + or(r.version(), "[noVer]")
            + "_"
            + or(r.group(), "[noGrp]");
    return gvk + "|" + or(r.namespace(), "~X") + "|" + or(r.name(), "~N");
  }

  private static String or(String value, String placeholder) {
    return value.isEmpty() ? placeholder : value;
  }

  private static Map<String, Integer> ranks(List<String> first, List<String> last) {
    Map<String, Integer> ranks = new HashMap<>();
    for (int i = 0; i < first.size(); i++) {
      ranks.put(first.get(i), -first.size() + i);
    }
    for (int i = 0; i < last.size(); i++) {
      ranks.put(last.get(i), 1 + i);
    }
    return ranks;
  }
}
