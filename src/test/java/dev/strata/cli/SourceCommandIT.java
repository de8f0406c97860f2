package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.Main;
import dev.strata.testing.git.GitDaemon;
import dev.strata.testing.git.TestRepository;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `strata source fetch` and `strata source probe` against C git's daemon. */
class SourceCommandIT {

  @TempDir static Path served;
  private static GitDaemon daemon;
  private static TestRepository repo;

  @TempDir Path cache;

  @BeforeAll
  static void serve() throws Exception {
    repo = TestRepository.generate(served, "cli", 50, 500, 5);
    daemon = GitDaemon.serve(served);
  }

  @AfterAll
  static void stop() {
    daemon.close();
  }

  @Test
  void fetchPrintsModeBytesChunksAndTheRevisionLast() throws Exception {
    var run = run("source", "fetch", daemon.url("cli.git"), "--cache", cache.toString());

    assertThat(run.exit()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(lines.size() - 1)).isEqualTo("main@sha1:" + repo.head());
    assertThat(run.out())
        .contains("mode:      chunked")
        .contains("chunks:")
        .contains("retries:   0");

    var again = run("source", "fetch", daemon.url("cli.git"), "--cache", cache.toString());
    assertThat(again.out()).contains("mode:      unchanged").contains("received:  0 B");
  }

  @Test
  void fetchLeavesOutWhatIgnoreNames(@TempDir Path whole) throws Exception {
    var all = run("source", "fetch", daemon.url("cli.git"), "--cache", whole.toString());
    var scoped =
        run(
            "source",
            "fetch",
            daemon.url("cli.git"),
            "--cache",
            cache.toString(),
            "--ignore",
            "*",
            "--ignore",
            "!*/");

    assertThat(scoped.exit()).isZero();
    List<String> lines = scoped.out().lines().toList();
    assertThat(lines.get(lines.size() - 1)).isEqualTo("main@sha1:" + repo.head());
    // Commits and trees only: the 50 files' contents stay on the server.
    assertThat(receivedBytes(scoped.out())).isLessThan(receivedBytes(all.out()) / 2);
  }

  private static long receivedBytes(String out) {
    var matcher = java.util.regex.Pattern.compile("\\((\\d+) bytes;").matcher(out);
    assertThat(matcher.find()).as("a received line in:%n%s", out).isTrue();
    return Long.parseLong(matcher.group(1));
  }

  @Test
  void fetchFailureExitsOneWithTheReason() {
    var run =
        run("source", "fetch", daemon.url("cli.git"), "--tag", "v9", "--cache", cache.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("error: RefNotFound: tag 'v9' not found");
  }

  @Test
  void probeWalksEveryPhase() throws Exception {
    var run = run("source", "probe", daemon.url("cli.git"));

    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .containsPattern("dns +ok")
        .containsPattern("tcp +ok")
        .containsPattern("auth\\+refs +ok .*main@sha1:" + repoHead())
        .containsPattern("transfer +ok .* in \\d+ chunk\\(s\\) at .*/s \\(chunked mode")
        .contains("verdict: the remote works from here");
  }

  @Test
  void probeStopsAtTheFailingPhase() throws Exception {
    int closed;
    try (var socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    var run = run("source", "probe", "git://127.0.0.1:" + closed + "/cli.git", "--timeout", "3s");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out())
        .containsPattern("tcp +FAILED cannot connect to 127.0.0.1:" + closed)
        .doesNotContain("auth+refs");
  }

  private static String repoHead() throws Exception {
    return repo.head();
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
