package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.Main;
import dev.strata.testing.git.GitCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
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

  @Test
  void thePlainFormsRunWithoutPicocliAsPicocliReadsThem() {
    String fifo = FIXTURES.resolve("fifo").toString();
    String root = FIXTURES.toString();
    for (String[] args :
        new String[][] {
          {},
          {fifo},
          {fifo, "--root", root},
          {"--root=" + root, fifo},
          {fifo, "--reorder", "none"},
          {"--reorder=LEGACY", fifo, "--root", root},
          {fifo, "--no-remote-resources"},
        }) {
      BuildCommand direct = BuildCommand.parseDirectly(args);
      BuildCommand picocli = parsedByPicocli(args);

      assertThat(direct).as(String.join(" ", args)).isNotNull();
      assertThat(direct.directory).isEqualTo(picocli.directory);
      assertThat(direct.reorder).isEqualTo(picocli.reorder);
      assertThat(direct.root).isEqualTo(picocli.root);
      assertThat(direct.noRemoteResources).isEqualTo(picocli.noRemoteResources);
    }
  }

  @Test
  void everythingElseIsLeftToPicocli() {
    for (String[] args :
        new String[][] {
          {"--help"},
          {"-h"},
          {"-V"},
          {"a", "b"},
          {"--reorder", "sideways"},
          {"--reorder"},
          {"--reorder", "none", "--reorder", "legacy"},
          {"--root", "--reorder", "none"},
          {"--root="},
          {"--", "dir"},
          {"@args"},
          {"--root", "@root"},
          {"--unknown", "x"},
          {"-"},
        }) {
      assertThat(BuildCommand.parseDirectly(args)).as(String.join(" ", args)).isNull();
    }
  }

  @Test
  void theDirectRunPrintsWhatPicocliPrints() throws Exception {
    String[] args = {FIXTURES.resolve("fifo").toString(), "--root", FIXTURES.toString()};
    var viaPicocli = run(prepend("build", args));

    var out = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    OptionalInt exit;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      exit = BuildCommand.runDirectly(args);
    } finally {
      System.setOut(stdout);
    }

    assertThat(exit).hasValue(0);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(viaPicocli.out());
  }

  private static BuildCommand parsedByPicocli(String[] args) {
    var parsed = Main.commandLine().parseArgs(prepend("build", args));
    return (BuildCommand) parsed.subcommand().commandSpec().userObject();
  }

  private static String[] prepend(String first, String[] rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
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
