package dev.strata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The top-level command registers only the subcommand it is asked for, to start quickly. */
class MainTest {

  @Test
  void aSubcommandIsRegisteredAlone() {
    assertThat(Main.commandLine(new String[] {"get", "x"}).getSubcommands())
        .containsOnlyKeys("get");
  }

  @Test
  void helpAndNoSubcommandRegisterThemAll() {
    String[] all = Main.SUBCOMMANDS.toArray(String[]::new);
    assertThat(Main.commandLine(new String[] {}).getSubcommands()).containsOnlyKeys(all);
    assertThat(Main.commandLine(new String[] {"--help"}).getSubcommands()).containsOnlyKeys(all);
    assertThat(Main.commandLine(new String[] {"help", "build"}).getSubcommands())
        .containsOnlyKeys(all);
    assertThat(Main.commandLine(new String[] {"nosuch"}).getSubcommands()).containsOnlyKeys(all);
  }

  @Test
  void aSubcommandsHelpIsTheSameAlone() {
    for (String name : Main.SUBCOMMANDS) {
      if (name.equals("help")) {
        continue;
      }
      assertThat(help(Main.commandLine(new String[] {name}), name))
          .isEqualTo(help(Main.commandLine(), name));
    }
  }

  @Test
  void theTopLevelHelpListsEverySubcommand() {
    var out = new StringWriter();
    Main.commandLine().setOut(new PrintWriter(out)).execute("--help");

    for (String name : Main.SUBCOMMANDS) {
      assertThat(out.toString()).contains("  " + name + " ");
    }
  }

  private static String help(picocli.CommandLine commandLine, String name) {
    var out = new StringWriter();
    commandLine.setOut(new PrintWriter(out)).execute(name, "--help");
    return out.toString();
  }
}
