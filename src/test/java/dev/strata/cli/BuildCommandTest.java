package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.Main;
import dev.strata.testing.git.GitCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void remoteResourcesAreFetchedByDefaultAndRefusedOnRequest(@TempDir Path work) throws Exception {
    Path repository = work.resolve("bases");
    Files.createDirectories(repository.resolve("base"));
    Files.writeString(repository.resolve("base/kustomization.yaml"), "resources:\n- cm.yaml\n");
    Files.writeString(
        repository.resolve("base/cm.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: remote\n");
    GitCli.git(repository, "init", "-q", "-b", "main");
    GitCli.git(repository, "add", "-A");
    GitCli.git(
        repository, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "base");
    Path overlay = work.resolve("overlay");
    Files.createDirectories(overlay);
    Files.writeString(
        overlay.resolve("kustomization.yaml"),
        "namePrefix: x-\nresources:\n- file://" + repository + "//base?ref=main\n");

    var fetched = run("build", overlay.toString(), "--root", overlay.toString());
    var refused =
        run("build", overlay.toString(), "--root", overlay.toString(), "--no-remote-resources");

    assertThat(fetched.err()).isEmpty();
    assertThat(fetched.out())
        .isEqualTo("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x-remote\n");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err())
        .startsWith(
            "Error: kustomization.yaml: remote resource 'file://"
                + repository
                + "//base?ref=main' is not allowed (--no-remote-resources)");
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
