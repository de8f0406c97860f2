package dev.strata.cli;

import dev.strata.api.HistoryEntry;
import dev.strata.api.LayeredKustomization;
import dev.strata.api.Revision;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strata history NAME}: the last runs of a LayeredKustomization, newest first. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description =
        "Show a LayeredKustomization's last runs, newest first: revision, outcome (Succeeded,"
            + " Failed, RolledBack), when, how long, and what happened.")
public final class HistoryCommand implements Callable<Integer> {

  @Parameters(index = "0", description = "The LayeredKustomization's name.")
  String name;

  @Mixin ClusterCommands.Target target;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (KubernetesClient client = target.client()) {
      String namespace = target.namespace(client);
      LayeredKustomization lk = ClusterCommands.findLayers(client, namespace, name, out);
      if (lk == null) {
        out.flush();
        return 1;
      }
      out.print(table(lk.getStatus() == null ? List.of() : lk.getStatus().getHistory()));
      out.flush();
      return 0;
    }
  }

  /** The history as a table, one run per line. */
  public static String table(List<HistoryEntry> history) {
    if (history.isEmpty()) {
      return "no runs recorded yet\n";
    }
    StringBuilder table = new StringBuilder();
    table.append(
        String.format(
            "%-24s %-11s %-20s %8s  %s%n", "REVISION", "OUTCOME", "STARTED", "TOOK", "MESSAGE"));
    for (HistoryEntry entry : history) {
      table.append(
          String.format(
              "%-24s %-11s %-20s %8s  %s%n",
              Revision.abbreviate(entry.getRevision()),
              entry.getOutcome(),
              entry.getStartedAt(),
              took(entry),
              entry.getMessage()));
    }
    return table.toString();
  }

  private static String took(HistoryEntry entry) {
    try {
      long seconds =
          Duration.between(
                  Instant.parse(entry.getStartedAt()), Instant.parse(entry.getFinishedAt()))
              .toSeconds();
      return seconds + "s";
    } catch (RuntimeException unparsable) {
      return "-";
    }
  }
}
