package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** `strata build` as a user runs it: YAML on stdout, errors on stderr with exit code 1. */
class BuildCommandTest {

  private static final Path FIXTURES = Path.of("src/test/resources/render");

  @Test
  void printsTheRenderedYaml() {
    var run = run("build", FIXTURES.resolve("fifo").toString(), "--root", FIXTURES.toString());

    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .startsWith("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: b\n")
        .contains("---\napiVersion: v1\nkind: Namespace\n");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void errorsGoToStandardErrorWithExitCodeOne() {
    var run =
        run(
            "build",
            FIXTURES.resolve("errors/unknown-field").toString(),
            "--root",
            FIXTURES.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .startsWith("Error: errors/unknown-field/kustomization.yaml: unknown field 'resourcez'");
  }

  @Test
  void aDirectoryOutsideTheRootIsRefused() {
    var run =
        run(
            "build",
            FIXTURES.resolve("fifo").toString(),
            "--root",
            FIXTURES.resolve("basic").toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("is outside the root");
  }

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int exit =
        Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    return new Run(exit, out.toString(), err.toString());
  }
}
