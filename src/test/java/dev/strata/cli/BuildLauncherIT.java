package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/strata build} as users run it, with the launcher's class-data sharing archive: the
 * first run records it (saying so on standard error), later runs map the render classes from it, a
 * jar newer than the archive gets a new one, and standard output is the rendered YAML each time.
 */
class BuildLauncherIT {

  private static final String FIXTURE = "src/test/resources/render/names/overlay";
  private static final String RECORDING = "recording a class-data sharing archive";

  @Test
  void recordsTheArchiveOnceThenLoadsTheRendererFromIt(@TempDir Path cds) throws Exception {
    String expected = renderedInProcess();

    Run first = build(Map.of("STRATA_CDS_DIR", cds.toString()));
    assertThat(first.exit()).isZero();
    assertThat(first.out()).isEqualTo(expected);
    assertThat(first.err()).contains(RECORDING);
    Path archive = archive(cds);

    Path classes = cds.resolve("classes.log");
    Run second =
        build(
            Map.of(
                "STRATA_CDS_DIR",
                cds.toString(),
                "STRATA_JAVA_OPTS",
                "-Xlog:class+load:file=" + classes));
    assertThat(second.exit()).isZero();
    assertThat(second.out()).isEqualTo(expected);
    assertThat(second.err()).isEmpty();
    assertThat(Files.readString(classes))
        .contains("dev.strata.render.KustomizeBuilder source: shared objects file (top)");
    assertThat(archive(cds)).isEqualTo(archive);
  }

  @Test
  void anArchiveOlderThanTheJarIsRecordedAgain(@TempDir Path cds) throws Exception {
    String expected = renderedInProcess();
    assertThat(build(Map.of("STRATA_CDS_DIR", cds.toString())).exit()).isZero();
    Path archive = archive(cds);
    FileTime jar = Files.getLastModifiedTime(Path.of("target/strata.jar"));
    Files.setLastModifiedTime(archive, FileTime.fromMillis(jar.toMillis() - 60_000));

    Run run = build(Map.of("STRATA_CDS_DIR", cds.toString()));

    assertThat(run.out()).isEqualTo(expected);
    assertThat(run.err()).contains(RECORDING);
    assertThat(Files.getLastModifiedTime(archive(cds))).isGreaterThan(jar);
  }

  @Test
  void noArchiveWhenTurnedOff(@TempDir Path cds) throws Exception {
    Run run = build(Map.of("STRATA_CDS_DIR", cds.toString(), "STRATA_CDS", "false"));

    assertThat(run.out()).isEqualTo(renderedInProcess());
    assertThat(run.err()).isEmpty();
    try (Stream<Path> files = Files.list(cds)) {
      assertThat(files).isEmpty();
    }
  }

  private static Path archive(Path cds) throws Exception {
    try (Stream<Path> files = Files.list(cds)) {
      List<Path> archives = files.filter(f -> f.toString().endsWith(".jsa")).toList();
      assertThat(archives).hasSize(1);
      return archives.get(0);
    }
  }

  private static String renderedInProcess() throws Exception {
    var out = new StringWriter();
    var err = new StringWriter();
    int exit =
        BuildCommand.render(
            Path.of(FIXTURE), null, null, new PrintWriter(out), new PrintWriter(err));
    assertThat(exit).as(err.toString()).isZero();
    return out.toString();
  }

  private record Run(int exit, String out, String err) {}

  private static Run build(Map<String, String> environment) throws Exception {
    var builder = new ProcessBuilder("bin/strata", "build", FIXTURE);
    builder.environment().remove("STRATA_JAVA_OPTS");
    builder.environment().putAll(environment);
    Process process = builder.start();
    var err =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), out, err.get());
  }
}
