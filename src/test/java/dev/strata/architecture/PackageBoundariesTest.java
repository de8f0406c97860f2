package dev.strata.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keeps the libraries libraries: what DEVELOPMENT.md promises about each package's dependencies,
 * checked on the imports of every source file, so that a controller type or a JOSDK type creeping
 * into {@code layers} fails a test rather than a review.
 */
class PackageBoundariesTest {

  private static final Path SOURCES = Path.of("operator/src/main/java/dev/strata");

  @ParameterizedTest
  @ValueSource(
      strings = {"api", "source", "render", "apply", "health", "layers", "webhook", "notify"})
  void librariesUseNeitherJosdkNorTheOperatorsOwnWiring(String library) {
    assertThat(importsOf(library, "io.javaoperatorsdk", "dev.strata.controller", "dev.strata.cli"))
        .as("imports of JOSDK, controller or cli in dev.strata.%s", library)
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"source", "render"})
  void fetchingAndRenderingNeedNoKubernetesClient(String library) {
    assertThat(importsOf(library, "io.fabric8.kubernetes.client"))
        .as("imports of the Kubernetes client in dev.strata.%s", library)
        .isEmpty();
  }

  /** Lines {@code file: import ...} of the package's sources that import any of the prefixes. */
  private static List<String> importsOf(String library, String... prefixes) {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SOURCES.resolve(library))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        for (String line : Files.readAllLines(file)) {
          for (String prefix : prefixes) {
            if (line.startsWith("import " + prefix) || line.startsWith("import static " + prefix)) {
              found.add(SOURCES.relativize(file) + ": " + line);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }
}
