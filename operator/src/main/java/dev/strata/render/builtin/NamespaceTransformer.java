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
 * Sets the namespace of every namespaced object, as kustomize's NamespaceTransformer:
 * metadata.namespace (never on cluster-scoped kinds), the name of Namespace objects, the configured
 * fields (APIService and CRD webhook service namespaces), and RoleBinding subjects named "default"
 * (or as {@link Subjects} says).
 */
public final class NamespaceTransformer implements Transformer {

  /** kustomize's RoleBindingSubjectMode: which RoleBinding subjects get the namespace. */
  public enum Subjects {
    /** Subjects named "default" (kustomize's defaultOnly, the default). */
    DEFAULT_ONLY,
    /** Subjects of kind ServiceAccount (allServiceAccounts). */
    ALL_SERVICE_ACCOUNTS,
    /** None (none). */
    NONE
  }

  private final String namespace;
  private final List<FieldSpec> specs;
  private final boolean unsetOnly;
  private final Subjects subjects;
  private final String file;

  /**
   * @param specs the namespace field specs of the build's configuration
   * @param file the kustomization, for errors
   */
  public NamespaceTransformer(String namespace, List<FieldSpec> specs, String file) {
    this(namespace, specs, false, Subjects.DEFAULT_ONLY, file);
  }

  /**
   * @param unsetOnly sets only fields that are absent or empty
   * @param file the kustomization or plugin config, for errors
   */
  public NamespaceTransformer(
      String namespace, List<FieldSpec> specs, boolean unsetOnly, Subjects subjects, String file) {
    this.namespace = namespace;
    this.specs = specs;
    this.unsetOnly = unsetOnly;
    this.subjects = subjects;
    this.file = file;
  }

  @Override
  public void transform(Accumulator resources) throws RenderException {
    if (namespace.isEmpty()) {
      return;
    }
    for (Resource resource : resources.resources()) {
      if (resource.object().isEmpty() || isHelmGenerated(resource)) {
        continue;
      }
      resource.rememberCurrentId();
      filter(resource);
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

  /**
   * Sets the namespace in one object, as kustomize's namespace filter, with no id bookkeeping
   * (ValueAddTransformer uses it so for metadata/namespace).
   */
  public void filter(Resource resource) throws RenderException {
    Map<String, Object> object = resource.object();
    if (KubernetesSchema.builtin().isNamespaced(resource.group(), resource.kind())
        && !(unsetOnly && !resource.namespace().isEmpty())) {
      resource.setNamespace(namespace);
    }
    boolean roleBinding = isRoleBinding(resource.kind());
    if (roleBinding) {
      setSubjects(object);
    }
    for (FieldSpec spec : specs) {
      // As kustomize: metadata/namespace was handled above; metadata/name only for the core
      // Namespace kind; RoleBinding subject specs give way to the subjects rule above.
      if (spec.path().equals("metadata/namespace")
          || (spec.path().equals("metadata/name") && !resource.apiVersion().equals("v1"))
          || (roleBinding && isRoleBinding(spec.kind()) && spec.path().equals("subjects/namespace"))
          || !spec.selects(resource)) {
        continue;
      }
      FieldPath.apply(
          object,
          spec,
          FieldPath.Create.SCALAR,
          slot -> {
            if (!(unsetOnly && isSet(slot.get()))) {
              slot.set(namespace);
            }
          });
    }
  }

  @SuppressWarnings("unchecked")
  private void setSubjects(Map<String, Object> object) {
    if (subjects == Subjects.NONE || !(object.get("subjects") instanceof List<?> list)) {
      return;
    }
    for (Object subject : list) {
      if (!(subject instanceof Map<?, ?> map)) {
        continue;
      }
      boolean selected =
          subjects == Subjects.DEFAULT_ONLY
              ? "default".equals(map.get("name"))
              : "ServiceAccount".equals(map.get("kind"));
      if (selected && !(unsetOnly && isSet(map.get("namespace")))) {
        ((Map<String, Object>) map).put("namespace", namespace);
      }
    }
  }

  /** kustomize's hasExistingValue: a value whose text is not empty. */
  private static boolean isSet(Object value) {
    return value != null && !String.valueOf(value).isEmpty();
  }

  private static boolean isRoleBinding(String kind) {
    return kind.equals("RoleBinding") || kind.equals("ClusterRoleBinding");
  }

  private static boolean isHelmGenerated(Resource resource) {
    return "true"
        .equals(
            String.valueOf(
                resource.annotations().get("internal.config.kubernetes.io/helm-generated")));
  }
}
