package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.Main;
import dev.strata.localcluster.ControlPlaneBinaries;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code strata demo --once} as README shows it: its own simulated cluster, the example served
 * by a local Git daemon, the operator; all six layers Ready, then a clean exit.
 */
class DemoCommandIT {

  @TempDir Path directory;

  @Test
  void bringsTheSixLayersToReadyAndExits() {
    assumeTrue(
        ControlPlaneBinaries.locate().map(ControlPlaneBinaries::hasSimulatedCluster).orElse(false),
        "the simulated-cluster binaries are not provisioned (hack/test-binaries.sh builds them)");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));

    int exit =
        commandLine.execute(
            "demo", "--once", "--dir", directory.toString(), "--example", ".", "--timeout", "4m");

    assertThat(exit).as("exit code; stderr: %s; stdout: %s", err, out).isZero();
    assertThat(out.toString())
        .contains("6 layers Ready")
        .contains("└── infrastructure   READY")
        .contains("/hook/demo");
  }
}
