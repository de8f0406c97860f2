package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strata.testing.Kubectl;
import dev.strata.testing.ProcessOutput;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs README's operator command, {@code bin/strata operator --embedded}, as a separate process:
 * the embedded control plane comes up with the CRDs, the operator answers /readyz, kubectl works
 * with the printed kubeconfig, and SIGTERM shuts everything down gracefully.
 */
class LauncherIT {

  private static final Pattern PORT =
      Pattern.compile("serving /healthz, /readyz and /metrics on port (\\d+)");
  private static final Pattern WEBHOOK_PORT =
      Pattern.compile("serving webhook receivers at /hook/<name> on port (\\d+)");
  private static final Pattern KUBECONFIG = Pattern.compile("kubeconfig: (\\S+)");

  private List<String> output = List.of();
  private Process process;

  @AfterEach
  void killLeftovers() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }

  @Test
  void helpNeverProvisionsAControlPlane(@TempDir Path home) throws Exception {
    // No kubeconfig means "embedded" to the launcher; --help must still only print help.
    var builder =
        new ProcessBuilder("bin/strata", "operator", "--embedded", "--help")
            .redirectErrorStream(true);
    builder.environment().put("HOME", home.toString());
    builder.environment().remove("KUBECONFIG");
    builder.environment().put("STRATA_BIN_CACHE", home.resolve("bin-cache").toString());
    Process help = builder.start();
    String output = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(help.waitFor()).isZero();
    assertThat(output).contains("Usage: strata operator").doesNotContain("test-binaries");
    assertThat(home.resolve("bin-cache")).doesNotExist();
  }

  @Test
  void embeddedOperatorStartsServesAndShutsDownGracefully(@TempDir Path embeddedDir)
      throws Exception {
    process =
        new ProcessBuilder(
                "bin/strata",
                "operator",
                "--embedded",
                "--embedded-dir=" + embeddedDir,
                "--management-port=0",
                "--webhook-port=0",
                "--log-format=text")
            .redirectErrorStream(true)
            .start();
    output = ProcessOutput.collect(process, "strata");

    int port =
        Integer.parseInt(
            await().atMost(Duration.ofSeconds(120)).until(() -> find(PORT), v -> v != null));
    Path kubeconfig =
        Path.of(
            await().atMost(Duration.ofSeconds(5)).until(() -> find(KUBECONFIG), v -> v != null));
    var http = HttpClient.newHttpClient();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                http.send(
                            HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + port + "/readyz"))
                                .build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    == 200);

    // The webhook receivers are up; with no ConfigMap there are none to deliver to.
    int webhookPort =
        Integer.parseInt(
            await().atMost(Duration.ofSeconds(30)).until(() -> find(WEBHOOK_PORT), v -> v != null));
    assertThat(
            http.send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + webhookPort + "/hook/homelab"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode())
        .isEqualTo(404);

    assertThat(Files.exists(kubeconfig)).isTrue();
    assertThat(new Kubectl(kubeconfig).run("get", "strata", "--all-namespaces"))
        .contains("No resources found");

    // strata check finds the embedded operator's Lease wherever --embedded put it.
    var checkCommand =
        new ProcessBuilder("java", "-jar", "target/strata.jar", "check").redirectErrorStream(true);
    checkCommand.environment().put("KUBECONFIG", kubeconfig.toString());
    Process check = checkCommand.start();
    String checked = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor()).as(checked).isZero();
    assertThat(checked).contains("✔ operator", "✔ all checks passed");

    // SIGTERM, as Kubernetes sends. (Process.destroy() would also close our end of its output.)
    process.toHandle().destroy();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exits within 60 s of SIGTERM").isTrue();
    assertThat(output)
        .anyMatch(l -> l.contains("shutting down"))
        .anyMatch(l -> l.contains("stopped"));
  }

  private String find(Pattern pattern) {
    if (!process.isAlive()) {
      throw new AssertionError("strata exited early:\n" + String.join("\n", output));
    }
    for (String line : output) {
      var matcher = pattern.matcher(line);
      if (matcher.find()) {
        return matcher.group(1);
      }
    }
    return null;
  }
}
