package dev.strata.example;

import dev.strata.api.Layer;
import dev.strata.api.LayeredKustomization;
import dev.strata.render.DiskTree;
import dev.strata.render.KustomizeBuilder;
import dev.strata.render.RenderException;
import dev.strata.render.Resource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the example repository of this checkout (clusters/, infrastructure/, apps/): its
 * LayeredKustomizations and their layers, rendered with Strata's renderer.
 */
final class ExampleRepository {

  /** The repository root: tests run from the project directory. */
  static final Path ROOT = Path.of("").toAbsolutePath();

  /** The real cluster's entry point and the simulated cluster's. */
  static final String HOMELAB = "clusters/homelab";

  static final String SIMULATED = "clusters/simulated";

  /** The namespace every layer deploys into. */
  static final String NAMESPACE = "homelab";

  private ExampleRepository() {}

  /** The LayeredKustomization of a cluster directory (its layers.yaml). */
  static LayeredKustomization layers(String cluster) throws IOException {
    return Serialization.unmarshal(
        Files.readString(ROOT.resolve(cluster).resolve("layers.yaml")), LayeredKustomization.class);
  }

  /** The layers of a cluster directory, in order. */
  static List<Layer> layerList(String cluster) throws IOException {
    return layers(cluster).getSpec().getLayers();
  }

  private static final Map<String, List<Resource>> RENDERED = new ConcurrentHashMap<>();

  /**
   * A kustomize directory of the repository rendered by Strata, in kustomize's legacy order; once
   * per test JVM, as the tests only read the result.
   */
  static List<Resource> render(String directory) throws IOException, RenderException {
    List<Resource> rendered = RENDERED.get(directory);
    if (rendered == null) {
      rendered = List.copyOf(new KustomizeBuilder(new DiskTree(ROOT)).build(directory, null));
      RENDERED.put(directory, rendered);
    }
    return rendered;
  }

  /** The typed object of a rendered resource (Deployment, Service, ...). */
  static HasMetadata typed(Resource resource) {
    return Serialization.unmarshal(Serialization.asJson(resource.object()));
  }

  /** The pod template of a Deployment or StatefulSet. */
  static Optional<PodTemplateSpec> podTemplate(HasMetadata object) {
    if (object instanceof Deployment deployment) {
      return Optional.of(deployment.getSpec().getTemplate());
    }
    if (object instanceof StatefulSet statefulSet) {
      return Optional.of(statefulSet.getSpec().getTemplate());
    }
    return Optional.empty();
  }
}
