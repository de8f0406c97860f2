package dev.strata;

import dev.strata.cli.BuildCommand;
import dev.strata.cli.ClusterCommands;
import dev.strata.cli.DemoCommand;
import dev.strata.cli.GetCommand;
import dev.strata.cli.OperatorCommand;
import dev.strata.cli.SourceCommand;
import dev.strata.cli.VersionProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Dispatches the {@code strata} command line to its subcommands. */
@Command(
    name = "strata",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Keeps a Kubernetes cluster equal to a Git repository, layer by layer.",
    subcommands = {
      OperatorCommand.class,
      SourceCommand.class,
      BuildCommand.class,
      GetCommand.class,
      DemoCommand.class,
      ClusterCommands.Reconcile.class,
      ClusterCommands.Suspend.class,
      ClusterCommands.Resume.class,
      ClusterCommands.Diff.class,
      ClusterCommands.Check.class,
      CommandLine.HelpCommand.class
    })
public final class Main {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line, for tests that run subcommands in-process. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
  }
}
