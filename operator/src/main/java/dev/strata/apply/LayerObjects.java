package dev.strata.apply;

import dev.strata.health.ApiResources;
import dev.strata.health.ObjectRef;
import dev.strata.render.Resource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a layer's rendered resources into objects ready to send: finds the REST resource of each
 * kind (by discovery, or from a CRD of the same layer), defaults or removes namespaces by scope,
 * adds owner labels, and rejects what cannot be sent, naming the object and its file.
 */
final class LayerObjects {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** The objects that can be sent, and a failure for each that cannot. */
  record Prepared(List<PreparedObject> objects, List<ObjectFailure> failures) {}

  private final ApiResources apiResources;
  private final ApplyOptions options;

  LayerObjects(ApiResources apiResources, ApplyOptions options) {
    this.apiResources = apiResources;
    this.options = options;
  }

  Prepared prepare(List<Resource> resources) {
    Map<String, ResourceDefinitionContext> layerKinds = kindsDefinedBy(resources);
    List<PreparedObject> objects = new ArrayList<>();
    List<ObjectFailure> failures = new ArrayList<>();
    Map<String, PreparedObject> byIdentity = new HashMap<>();
    for (int i = 0; i < resources.size(); i++) {
      Resource resource = resources.get(i);
      Map<String, Object> object = Resource.deepCopy(resource.object());
      ObjectRef ref = ObjectRef.of(object);
      String missing = missingFields(ref);
      if (!missing.isEmpty()) {
        failures.add(new ObjectFailure(ref, resource.origin(), missing + " missing"));
        continue;
      }
      ResourceDefinitionContext context;
      boolean fromLayer = false;
      try {
        Optional<ResourceDefinitionContext> served =
            apiResources.find(ref.apiVersion(), ref.kind());
        context = served.orElse(layerKinds.get(key(ref.apiVersion(), ref.kind())));
        fromLayer = served.isEmpty();
      } catch (KubernetesClientException e) {
        failures.add(
            new ObjectFailure(
                ref, resource.origin(), "API discovery failed: " + ApiErrors.describe(e)));
        continue;
      }
      if (context == null) {
        failures.add(
            new ObjectFailure(
                ref,
                resource.origin(),
                "the API server serves no kind "
                    + ref.kind()
                    + " in "
                    + ref.apiVersion()
                    + ", and no CustomResourceDefinition in this layer defines it"));
        continue;
      }
      String namespace = namespace(ref, context);
      if (namespace == null) {
        failures.add(
            new ObjectFailure(
                ref,
                resource.origin(),
                ref.kind()
                    + " is namespaced but metadata.namespace is not set, and no default namespace"
                    + " is configured"));
        continue;
      }
      metadata(object).put("namespace", namespace);
      if (namespace.isEmpty()) {
        metadata(object).remove("namespace");
      }
      ApplyPolicy policy;
      try {
        policy =
            ApplyPolicy.of(
                stringMap(metadata(object).get("annotations")),
                stringMap(metadata(object).get("labels")));
      } catch (ApplyPolicy.InvalidPolicy e) {
        failures.add(new ObjectFailure(ref, resource.origin(), e.getMessage()));
        continue;
      }
      // Fields another controller owns leave the body, so Strata's field manager does not claim
      // them; LayerApplier keeps the live value where Strata owned it before.
      List<String> ignored =
          IgnoreRule.pointers(
              options.ignoreRules(),
              ref.withNamespace(namespace),
              stringMap(metadata(object).get("labels")),
              stringMap(metadata(object).get("annotations")));
      ignored.forEach(pointer -> JsonPointer.remove(object, pointer));
      if (!options.ownerLabels().isEmpty()) {
        labels(object).putAll(options.ownerLabels());
      }
      var prepared =
          new PreparedObject(
              i,
              ref.withNamespace(namespace),
              resource.origin(),
              SERIALIZATION.convertValue(object, GenericKubernetesResource.class),
              context,
              fromLayer,
              policy,
              ignored);
      var earlier = byIdentity.putIfAbsent(prepared.ref().identity(), prepared);
      if (earlier != null) {
        failures.add(
            prepared.failure("rendered twice, also from " + earlier.origin() + "; keep one"));
        continue;
      }
      objects.add(prepared);
    }
    return new Prepared(objects, failures);
  }

  /** The namespace to send: defaulted when namespaced, empty when cluster-scoped; null if none. */
  private String namespace(ObjectRef ref, ResourceDefinitionContext context) {
    if (!context.isNamespaceScoped()) {
      return "";
    }
    if (!ref.namespace().isEmpty()) {
      return ref.namespace();
    }
    return options.defaultNamespace();
  }

  private static String missingFields(ObjectRef ref) {
    List<String> missing = new ArrayList<>();
    if (ref.version().isEmpty()) {
      missing.add("apiVersion");
    }
    if (ref.kind().isEmpty()) {
      missing.add("kind");
    }
    if (ref.name().isEmpty()) {
      missing.add("metadata.name");
    }
    return String.join(", ", missing);
  }

  /** The kinds the layer's CustomResourceDefinitions define, by apiVersion and kind. */
  private static Map<String, ResourceDefinitionContext> kindsDefinedBy(List<Resource> resources) {
    Map<String, ResourceDefinitionContext> kinds = new LinkedHashMap<>();
    for (Resource resource : resources) {
      if (!resource.group().equals(PreparedObject.CRD_GROUP)
          || !resource.kind().equals("CustomResourceDefinition")
          || !(resource.object().get("spec") instanceof Map<?, ?> spec)
          || !(spec.get("names") instanceof Map<?, ?> names)
          || !(spec.get("versions") instanceof List<?> versions)) {
        continue;
      }
      String group = String.valueOf(spec.get("group"));
      String kind = String.valueOf(names.get("kind"));
      for (Object item : versions) {
        if (item instanceof Map<?, ?> version && !Boolean.FALSE.equals(version.get("served"))) {
          String name = String.valueOf(version.get("name"));
          kinds.put(
              key(group + "/" + name, kind),
              new ResourceDefinitionContext.Builder()
                  .withGroup(group)
                  .withVersion(name)
                  .withKind(kind)
                  .withPlural(String.valueOf(names.get("plural")))
                  .withNamespaced("Namespaced".equals(spec.get("scope")))
                  .build());
        }
      }
    }
    return kinds;
  }

  private static String key(String apiVersion, String kind) {
    return apiVersion + "|" + kind;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> metadata(Map<String, Object> object) {
    return (Map<String, Object>) object.computeIfAbsent("metadata", k -> new LinkedHashMap<>());
  }

  /** Labels or annotations as strings; empty when absent. */
  private static Map<String, String> stringMap(Object value) {
    Map<String, String> strings = new LinkedHashMap<>();
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> strings.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
    }
    return strings;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> labels(Map<String, Object> object) {
    Object labels = metadata(object).get("labels");
    if (labels instanceof Map<?, ?>) {
      return (Map<String, Object>) labels;
    }
    Map<String, Object> created = new LinkedHashMap<>();
    metadata(object).put("labels", created);
    return created;
  }
}
