package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.localcluster.ControlPlaneBinaries;
import dev.strata.testing.ProcessOutput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code strata demo} as README shows it, as its own process: its own simulated cluster, the
 * example served by a local Git daemon, the operator; all six layers Ready, {@code strata check}
 * finds the demo's operator, and SIGTERM stops every process the demo started.
 */
class DemoCommandIT {

  @TempDir Path directory;
  private List<String> output = List.of();
  private Process demo;

  @AfterEach
  void killLeftovers() {
    if (demo != null) {
      demo.descendants().forEach(ProcessHandle::destroyForcibly);
      demo.destroyForcibly();
    }
  }

  @Test
  void bringsTheSixLayersToReadyAndStopsEverythingOnSigterm() throws Exception {
    assumeTrue(
        ControlPlaneBinaries.locate().map(ControlPlaneBinaries::hasSimulatedCluster).orElse(false),
        "the simulated-cluster binaries are not provisioned (hack/test-binaries.sh builds them)");
    demo =
        new ProcessBuilder(
                "java",
                "-jar",
                "target/strata.jar",
                "demo",
                "--dir",
                directory.toString(),
                "--example",
                ".",
                "--timeout",
                "4m")
            .redirectErrorStream(true)
            .start();
    output = ProcessOutput.collect(demo, "demo");

    await()
        .atMost(Duration.ofMinutes(5))
        .until(() -> output.contains("running; Ctrl-C stops the demo") || !demo.isAlive());
    String printed = String.join("\n", output);
    assertThat(printed)
        .contains("6 layers Ready")
        .contains("└── infrastructure   READY")
        .contains("/hook/demo");

    var checkCommand =
        new ProcessBuilder("java", "-jar", "target/strata.jar", "check").redirectErrorStream(true);
    checkCommand
        .environment()
        .put("KUBECONFIG", directory.resolve("cluster/kubeconfig").toString());
    Process check = checkCommand.start();
    String checked = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor()).as(checked).isZero();

    List<ProcessHandle> children = demo.descendants().toList();
    assertThat(children).as("etcd, kube-apiserver, controllers, kwok, git daemon").isNotEmpty();
    demo.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its output
    assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as(String.join("\n", output)).isTrue();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(children)
                    .as("processes the demo started, after SIGTERM")
                    .noneMatch(ProcessHandle::isAlive));
    // The output reader may still be draining what the process wrote last.
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> assertThat(output).contains("the demo's cluster and Git server are stopped"));
  }
}
