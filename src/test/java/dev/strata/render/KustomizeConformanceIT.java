package dev.strata.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.localcluster.ControlPlaneBinaries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders the project's fixtures with Strata and with the real kustomize CLI (v5.8.1, built by
 * hack/test-binaries.sh) and compares the bytes. Skips, saying why, where the CLI is absent.
 */
class KustomizeConformanceIT {

  /**
   * Every buildable fixture: each directory under src/test/resources/render with a kustomization
   * file, except the error cases and Components (which kustomize cannot build on their own).
   */
  static Stream<Arguments> fixtures() throws IOException {
    List<Arguments> arguments = new ArrayList<>();
    try (Stream<Path> paths = Files.walk(KustomizeBuilderTest.FIXTURES)) {
      for (Path path : paths.sorted().toList()) {
        String relative =
            KustomizeBuilderTest.FIXTURES.relativize(path).toString().replace('\\', '/');
        if (!Files.isDirectory(path) || relative.startsWith("errors") || relative.isEmpty()) {
          continue;
        }
        Path file =
            Kustomization.FILE_NAMES.stream()
                .map(path::resolve)
                .filter(Files::isRegularFile)
                .findFirst()
                .orElse(null);
        if (file != null && !Files.readString(file).contains("kind: Component")) {
          arguments.add(Arguments.of(relative, "legacy"));
          arguments.add(Arguments.of(relative, "none"));
        }
      }
    }
    return arguments.stream();
  }

  @ParameterizedTest(name = "{0} --reorder {1}")
  @MethodSource("fixtures")
  void outputIsByteIdenticalToKustomize(String fixture, String reorder) throws Exception {
    Path kustomize = kustomize().orElse(null);
    assumeTrue(
        kustomize != null,
        "the kustomize CLI is not provisioned (hack/test-binaries.sh builds it with Go)");

    String theirs = run(kustomize.toString(), "build", "--reorder", reorder, fixture);
    var order = reorder.equals("none") ? Ordering.FIFO : Ordering.LEGACY;
    String ours =
        KustomizeOutput.print(
            new KustomizeBuilder(new DiskTree(KustomizeBuilderTest.FIXTURES))
                .build(fixture, order));

    assertThat(ours).isEqualTo(theirs);
  }

  private static Optional<Path> kustomize() {
    return ControlPlaneBinaries.locate()
        .map(b -> b.binary("kustomize"))
        .filter(Files::isExecutable);
  }

  private static String run(String... command) throws Exception {
    Process process =
        new ProcessBuilder(command)
            .directory(KustomizeBuilderTest.FIXTURES.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("kustomize exit code").isZero();
    return output;
  }
}
