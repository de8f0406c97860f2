package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The command line as a user meets it: help with defaults, clear errors for bad flags. */
class OperatorCommandTest {

  @Test
  void helpDocumentsEveryFlagWithItsDefaultAndEnvironmentVariable() {
    var out = new StringWriter();
    var commandLine = Main.commandLine().setOut(new PrintWriter(out));

    int exit = commandLine.execute("operator", "--help");

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("--embedded")
        .contains("--management-port")
        .contains("Default: 8080")
        .contains("STRATA_MANAGEMENT_PORT")
        .contains("--[no-]leader-elect")
        .contains("--log-format")
        .contains("Default: json")
        .contains("--graceful-shutdown")
        .contains("Default: 30s")
        .contains("--no-remote-resources")
        .contains("STRATA_NO_REMOTE_RESOURCES");
  }

  @Test
  void helpDocumentsTheWebhookFlags() {
    var out = new StringWriter();
    var commandLine = Main.commandLine().setOut(new PrintWriter(out));

    int exit = commandLine.execute("operator", "--help");

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("--webhook-port")
        .contains("Default: 9292")
        .contains("STRATA_WEBHOOK_PORT")
        .contains("--webhook-config")
        .contains("Default: strata-webhooks")
        .contains("--webhook-max-body")
        .contains("Default: 1048576")
        .contains("--webhook-rate")
        .contains("--webhook-burst");
  }

  @Test
  void unusableWebhookLimitsAreRefusedNamingTheFlag() {
    for (String[] flag :
        new String[][] {
          {"--webhook-rate", "0"}, {"--webhook-burst", "0"}, {"--webhook-max-body", "0"}
        }) {
      var err = new StringWriter();
      var commandLine = Main.commandLine().setErr(new PrintWriter(err));

      int exit = commandLine.execute("operator", flag[0], flag[1]);

      assertThat(exit).as(flag[0]).isEqualTo(2);
      assertThat(err.toString()).contains(flag[0]);
    }
  }

  @Test
  void badDurationIsRefusedNamingTheFlag() {
    var err = new StringWriter();
    var commandLine = Main.commandLine().setErr(new PrintWriter(err));

    int exit = commandLine.execute("operator", "--graceful-shutdown", "soon");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--graceful-shutdown").contains("'soon' is not a duration");
  }

  @Test
  void badLogFormatListsTheChoices() {
    var err = new StringWriter();
    var commandLine = Main.commandLine().setErr(new PrintWriter(err));

    int exit = commandLine.execute("operator", "--log-format", "xml");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--log-format").contains("JSON, TEXT");
  }

  @Test
  void versionIsPrinted() {
    var out = new StringWriter();
    int exit = Main.commandLine().setOut(new PrintWriter(out)).execute("--version");

    assertThat(exit).isZero();
    assertThat(out.toString()).startsWith("strata ");
  }
}
