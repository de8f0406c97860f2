package dev.strata.render.builtin;

import dev.strata.render.Accumulator;
import dev.strata.render.RenderException;
import dev.strata.render.Resource;
import dev.strata.render.Transformer;
import dev.strata.render.fields.FieldPath;
import dev.strata.render.fields.FieldSpec;
import dev.strata.render.schema.KubernetesSchema;
import java.util.List;
import java.util.Map;

/**
 * Sets the namespace of every namespaced object, as kustomize's NamespaceTransformer with its
 * defaults: metadata.namespace (never on cluster-scoped kinds), the name of Namespace objects, the
 * configured fields (APIService and CRD webhook service namespaces), and RoleBinding subjects named
 * "default".
 */
public final class NamespaceTransformer implements Transformer {

  private final String namespace;
  private final List<FieldSpec> specs;
  private final String file;

  /**
   * @param specs the namespace field specs of the build's configuration
   * @param file the kustomization, for errors
   */
  public NamespaceTransformer(String namespace, List<FieldSpec> specs, String file) {
    this.namespace = namespace;
    this.specs = specs;
    this.file = file;
  }

  @Override
  public void transform(Accumulator resources) throws RenderException {
    for (Resource resource : resources.resources()) {
      if (resource.object().isEmpty() || isHelmGenerated(resource)) {
        continue;
      }
      resource.rememberCurrentId();
      Map<String, Object> object = resource.object();
      if (KubernetesSchema.builtin().isNamespaced(resource.group(), resource.kind())) {
        resource.setNamespace(namespace);
      }
      boolean roleBinding =
          resource.kind().equals("RoleBinding") || resource.kind().equals("ClusterRoleBinding");
      if (roleBinding) {
        setDefaultSubjects(object);
      }
      for (FieldSpec spec : specs) {
        // As kustomize: metadata/namespace was handled above; metadata/name only for the core
        // Namespace kind; RoleBinding subjects by the rule above.
        if (spec.path().equals("metadata/namespace")
            || (spec.path().equals("metadata/name") && !resource.apiVersion().equals("v1"))
            || (roleBinding && spec.path().equals("subjects/namespace"))
            || !spec.selects(resource)) {
          continue;
        }
        FieldPath.apply(object, spec, FieldPath.Create.SCALAR, slot -> slot.set(namespace));
      }
      long same =
          resources.resources().stream()
              .filter(other -> Accumulator.sameId(other.currentId(), resource.currentId()))
              .count();
      if (same != 1) {
        throw new RenderException(
            file
                + ": namespace '"
                + namespace
                + "' makes two resources the same: "
                + resource.id());
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void setDefaultSubjects(Map<String, Object> object) {
    if (!(object.get("subjects") instanceof List<?> subjects)) {
      return;
    }
    for (Object subject : subjects) {
      if (subject instanceof Map<?, ?> map && "default".equals(map.get("name"))) {
        ((Map<String, Object>) map).put("namespace", namespace);
      }
    }
  }

  private static boolean isHelmGenerated(Resource resource) {
    return "true"
        .equals(
            String.valueOf(
                resource.annotations().get("internal.config.kubernetes.io/helm-generated")));
  }
}
