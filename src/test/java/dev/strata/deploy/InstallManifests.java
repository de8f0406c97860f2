package dev.strata.deploy;

import dev.strata.render.DiskTree;
import dev.strata.render.KustomizeBuilder;
import dev.strata.render.RenderException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads deploy/: its objects rendered by Strata's renderer, typed with fabric8's model. */
final class InstallManifests {

  static final Path ROOT = Path.of("").toAbsolutePath();

  /** Where deploy/ installs the operator. */
  static final String NAMESPACE = "strata-system";

  private InstallManifests() {}

  /** The objects of a kustomization directory of the repository. */
  static List<HasMetadata> render(String directory) throws IOException, RenderException {
    List<HasMetadata> objects = new ArrayList<>();
    for (var resource : new KustomizeBuilder(new DiskTree(ROOT)).build(directory, null)) {
      objects.add(Serialization.unmarshal(Serialization.asJson(resource.object())));
    }
    return objects;
  }

  /** The object of a kind and name; fails when absent. */
  static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> kind, String name) {
    return objects.stream()
        .filter(kind::isInstance)
        .map(kind::cast)
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(kind.getSimpleName() + " " + name + " not found"));
  }

  /**
   * The RBAC objects and ServiceAccounts of a directory, moved from strata-system into {@code
   * namespace}, with cluster-scoped names suffixed by it: the same rules for a fresh identity, so a
   * test can run the operator with exactly these permissions next to other tests.
   */
  static List<HasMetadata> relocatedRbac(String directory, String namespace)
      throws IOException, RenderException {
    String suffix = "-" + namespace;
    List<HasMetadata> relocated = new ArrayList<>();
    for (HasMetadata object : render(directory)) {
      if (object instanceof ClusterRole role) {
        role.getMetadata().setName(role.getMetadata().getName() + suffix);
      } else if (object instanceof ClusterRoleBinding binding) {
        binding.getMetadata().setName(binding.getMetadata().getName() + suffix);
        if (binding.getRoleRef().getName().startsWith("strata-")) {
          binding.getRoleRef().setName(binding.getRoleRef().getName() + suffix);
        }
        relocate(binding.getSubjects(), namespace);
      } else if (object instanceof RoleBinding binding) {
        binding.getMetadata().setNamespace(namespace);
        relocate(binding.getSubjects(), namespace);
      } else if (object instanceof Role
          || object instanceof io.fabric8.kubernetes.api.model.ServiceAccount) {
        object.getMetadata().setNamespace(namespace);
      } else {
        continue;
      }
      relocated.add(object);
    }
    return relocated;
  }

  private static void relocate(List<Subject> subjects, String namespace) {
    for (Subject subject : subjects) {
      if (NAMESPACE.equals(subject.getNamespace())) {
        subject.setNamespace(namespace);
      }
    }
  }
}
