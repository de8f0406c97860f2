package dev.strata.render;

import dev.strata.render.schema.KubernetesSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Shows a resource's build state the way kustomize keeps it during a build: as annotations in
 * metadata.annotations, removed before output. Patches see them there (a JSON patch may add to
 * {@code /metadata/annotations} only when that map exists), so patching works on this view.
 */
final class BuildAnnotations {

  private static final String DOMAIN = "internal.config.kubernetes.io/";

  /** kustomize's resource.BuildAnnotations: every key it removes before output. */
  static final Set<String> KEYS =
      Set.of(
          DOMAIN + "previousKinds",
          DOMAIN + "previousNames",
          DOMAIN + "prefixes",
          DOMAIN + "suffixes",
          DOMAIN + "previousNamespaces",
          DOMAIN + "allowNameChange",
          DOMAIN + "allowKindChange",
          DOMAIN + "refBy",
          DOMAIN + "generatorBehavior",
          DOMAIN + "needsHashSuffix",
          "internal.config.kubernetes.io/path",
          "internal.config.kubernetes.io/index",
          "internal.config.kubernetes.io/seqindent",
          "internal.config.kubernetes.io/id",
          "internal.config.kubernetes.io/annotations-migration-resource-id",
          "config.kubernetes.io/path",
          "config.kubernetes.io/index",
          "config.k8s.io/id",
          "kustomize.config.k8s.io/helm-generated");

  private BuildAnnotations() {}

  /** The build annotations kustomize would have on this resource now. */
  static Map<String, String> of(Resource resource) {
    Map<String, String> annotations = new LinkedHashMap<>();
    List<ResourceId> previous = resource.previousIds();
    if (!previous.isEmpty()) {
      annotations.put(DOMAIN + "previousKinds", csv(previous, ResourceId::kind));
      annotations.put(DOMAIN + "previousNames", csv(previous, ResourceId::name));
      annotations.put(
          DOMAIN + "previousNamespaces", csv(previous, BuildAnnotations::storedNamespace));
    }
    if (!resource.namePrefixes().isEmpty()) {
      annotations.put(DOMAIN + "prefixes", String.join(",", resource.namePrefixes()));
    }
    if (!resource.nameSuffixes().isEmpty()) {
      annotations.put(DOMAIN + "suffixes", String.join(",", resource.nameSuffixes()));
    }
    if (resource.needsHashSuffix()) {
      annotations.put(DOMAIN + "needsHashSuffix", "enabled");
    }
    if (!resource.generatorBehavior().isEmpty()) {
      annotations.put(DOMAIN + "generatorBehavior", resource.generatorBehavior());
    }
    return annotations;
  }

  /** kustomize stores a previous id's effective namespace. */
  private static String storedNamespace(ResourceId id) {
    if (!KubernetesSchema.builtin().isNamespaced(id.group(), id.kind())) {
      return "_non_namespaceable_";
    }
    return id.effectiveNamespace();
  }

  private static String csv(List<ResourceId> ids, Function<ResourceId, String> part) {
    StringBuilder result = new StringBuilder();
    for (ResourceId id : ids) {
      if (!part.apply(id).isEmpty()) {
        result.append(result.length() == 0 ? "" : ",").append(part.apply(id));
      }
    }
    return result.toString();
  }

  /** A copy of the object with the build annotations added to metadata.annotations. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> withAnnotations(Resource resource, Map<String, String> build) {
    Map<String, Object> view = Resource.deepCopy(resource.object());
    if (build.isEmpty()) {
      return view;
    }
    Object metadata = view.computeIfAbsent("metadata", k -> new LinkedHashMap<String, Object>());
    if (!(metadata instanceof Map<?, ?>)) {
      return view;
    }
    Map<String, Object> meta = (Map<String, Object>) metadata;
    Object existing = meta.get("annotations");
    Map<String, Object> annotations =
        existing instanceof Map<?, ?> map
            ? (Map<String, Object>) map
            : new LinkedHashMap<String, Object>();
    annotations.putAll(build);
    meta.put("annotations", annotations);
    return view;
  }

  /** Removes every build annotation from an object's metadata.annotations. */
  @SuppressWarnings("unchecked")
  static void strip(Map<String, Object> object) {
    if (object.get("metadata") instanceof Map<?, ?> metadata
        && metadata.get("annotations") instanceof Map<?, ?> annotations) {
      ((Map<String, Object>) annotations).keySet().removeAll(KEYS);
    }
  }
}
