package dev.strata;

import dev.strata.cli.BuildCommand;
import dev.strata.cli.ClusterCommands;
import dev.strata.cli.DemoCommand;
import dev.strata.cli.GetCommand;
import dev.strata.cli.HistoryCommand;
import dev.strata.cli.OperatorCommand;
import dev.strata.cli.RollbackCommand;
import dev.strata.cli.SourceCommand;
import dev.strata.cli.VersionProvider;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Dispatches the {@code strata} command line to its subcommands.
 *
 * <p>picocli reads the annotations of every subcommand it is given, which a short command such as
 * {@code strata build} should not pay for: when the first argument names a subcommand, only that
 * one is registered. {@code strata build} in its plain forms skips picocli altogether ({@link
 * BuildCommand#runDirectly}).
 */
@Command(
    name = "strata",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Keeps a Kubernetes cluster equal to a Git repository, layer by layer.")
public final class Main {

  /** The subcommands, in the order {@code strata --help} lists them. */
  static final List<String> SUBCOMMANDS =
      List.of(
          "operator",
          "source",
          "build",
          "get",
          "demo",
          "reconcile",
          "suspend",
          "resume",
          "diff",
          "history",
          "rollback",
          "check",
          "help");

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("build")) {
      OptionalInt exit = BuildCommand.runDirectly(Arrays.copyOfRange(args, 1, args.length));
      if (exit.isPresent()) {
        System.exit(exit.getAsInt());
      }
    }
    System.exit(commandLine(args).execute(args));
  }

  /** The command line, for tests that run subcommands in-process. */
  public static CommandLine commandLine() {
    return commandLine(SUBCOMMANDS);
  }

  /**
   * The command line for these arguments: with only the subcommand they start with, when they start
   * with one other than {@code help} (which lists them all), else with all of them.
   */
  static CommandLine commandLine(String[] args) {
    return args.length > 0 && !args[0].equals("help") && SUBCOMMANDS.contains(args[0])
        ? commandLine(List.of(args[0]))
        : commandLine();
  }

  private static CommandLine commandLine(List<String> names) {
    CommandLine commandLine = new CommandLine(new Main());
    for (String name : names) {
      commandLine.addSubcommand(name, subcommand(name));
    }
    return commandLine.setCaseInsensitiveEnumValuesAllowed(true);
  }

  private static Object subcommand(String name) {
    return switch (name) {
      case "operator" -> new OperatorCommand();
      case "source" -> new SourceCommand();
      case "build" -> new BuildCommand();
      case "get" -> new GetCommand();
      case "demo" -> new DemoCommand();
      case "reconcile" -> new ClusterCommands.Reconcile();
      case "suspend" -> new ClusterCommands.Suspend();
      case "resume" -> new ClusterCommands.Resume();
      case "diff" -> new ClusterCommands.Diff();
      case "history" -> new HistoryCommand();
      case "rollback" -> new RollbackCommand();
      case "check" -> new ClusterCommands.Check();
      case "help" -> new CommandLine.HelpCommand();
      default -> throw new IllegalArgumentException("no subcommand " + name);
    };
  }
}
