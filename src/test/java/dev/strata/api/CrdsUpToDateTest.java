package dev.strata.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.crdv2.generator.CRDGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fails when the CRDs committed in crds/ differ from what the API classes generate. Run
 * hack/update-crds.sh (which sets -Dstrata.updateCrds=true) to rewrite them.
 */
class CrdsUpToDateTest {

  static final Path COMMITTED = Path.of("crds");

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

  private static List<String> fileNames(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yml") || n.endsWith(".yaml"))
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
