package dev.strata.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.crdv2.generator.CRDGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Fails when the CRDs committed in crds/ differ from what the API classes generate. Run
 * hack/update-crds.sh (which sets -Dstrata.updateCrds=true) to rewrite them.
 */
class CrdsUpToDateTest {

  static final Path COMMITTED = Path.of("crds");
  private static final String KUSTOMIZATION = "kustomization.yaml";

  @Test
  void committedCrdsMatchTheApiClasses(@TempDir Path generated) throws IOException {
    new CRDGenerator()
        .customResourceClasses(GitSource.class, LayeredKustomization.class)
        .forCRDVersions("v1")
        .withPostProcessor(new CrdPostProcessor(GitSource.class, LayeredKustomization.class))
        .inOutputDir(generated.toFile())
        .generate();

    if (Boolean.getBoolean("strata.updateCrds")) {
      copyAll(generated, COMMITTED);
    }

    assertThat(fileNames(COMMITTED))
        .as("CRD files in crds/ (regenerate with hack/update-crds.sh)")
        .isEqualTo(fileNames(generated));
    for (String name : fileNames(generated)) {
      assertThat(Files.readString(COMMITTED.resolve(name)))
          .as("crds/%s is stale: regenerate with hack/update-crds.sh", name)
          .isEqualTo(Files.readString(generated.resolve(name)));
    }
  }

  @Test
  void kustomizationListsEveryCrd() throws IOException {
    var kustomization =
        (Map<?, ?>)
            new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(COMMITTED.resolve(KUSTOMIZATION)));

    assertThat(kustomization.get("resources"))
        .as("crds/%s lists every CRD file (deploy/ installs them from there)", KUSTOMIZATION)
        .isEqualTo(fileNames(COMMITTED));
  }

  /** The CRD files of a directory, sorted; crds/kustomization.yaml is not one of them. */
  private static List<String> fileNames(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yml") || n.endsWith(".yaml"))
          .filter(n -> !n.equals(KUSTOMIZATION))
          .sorted()
          .toList();
    }
  }

  private static void copyAll(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    for (String name : fileNames(to)) {
      Files.delete(to.resolve(name));
    }
    for (String name : fileNames(from)) {
      Files.copy(from.resolve(name), to.resolve(name));
    }
  }
}
