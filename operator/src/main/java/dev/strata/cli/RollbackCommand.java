package dev.strata.cli;

import dev.strata.api.HistoryEntry;
import dev.strata.api.Hold;
import dev.strata.api.LayeredKustomization;
import dev.strata.api.LayeredKustomizationStatus;
import dev.strata.api.Revision;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code strata rollback NAME [--to REVISION]}: applies an older healthy revision and holds the
 * LayeredKustomization there (spec.hold) until {@code strata resume}.
 */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description =
        "Apply an older revision of a LayeredKustomization and hold it there (spec.hold): new"
            + " revisions from Git are not applied until strata resume. Without --to, the newest"
            + " revision in status.history that was healthy, older than the one running. Waits"
            + " for the result.")
public final class RollbackCommand implements Callable<Integer> {

  @Parameters(index = "0", description = "The LayeredKustomization's name.")
  String name;

  @Option(
      names = "--to",
      description =
          "The revision, full (<ref>@sha1:<40 hex>) or as strata history prints it"
              + " (<ref>@sha1:<7 hex>), or a commit prefix.")
  String to;

  @Option(
      names = "--timeout",
      defaultValue = "5m",
      converter = DurationConverter.class,
      description = "How long to wait for the held revision to be applied (default 5m).")
  Duration timeout;

  @Mixin ClusterCommands.Target target;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  /** A revision that cannot be chosen, with why. */
  static final class NoRevision extends Exception {
    NoRevision(String message) {
      super(message, null, false, false);
    }
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (KubernetesClient client = target.client()) {
      String ns = target.namespace(client);
      LayeredKustomization lk = ClusterCommands.findLayers(client, ns, name, out);
      if (lk == null) {
        return 1;
      }
      if (Boolean.TRUE.equals(lk.getSpec().getSuspend())) {
        ClusterCommands.line(
            out,
            "✗ "
                + ns
                + "/"
                + name
                + " is suspended (spec.suspend), so nothing would be applied; set spec.suspend to"
                + " false first (strata resume also ends any hold)");
        return 1;
      }
      LayeredKustomizationStatus status =
          lk.getStatus() == null ? new LayeredKustomizationStatus() : lk.getStatus();
      String revision;
      try {
        revision = to == null ? previousHealthy(status) : resolve(status, to);
      } catch (NoRevision e) {
        ClusterCommands.line(out, "✗ " + e.getMessage());
        return 1;
      }
      ClusterCommands.line(out, "► rolling back " + ns + "/" + name + " to " + revision);
      return ClusterCommands.reconcile(
          client,
          LayeredKustomization.class,
          ns,
          name,
          timeout,
          out,
          r -> r.getStatus() == null ? null : r.getStatus().getLastHandledReconcileAt(),
          r -> r.getStatus() == null ? List.of() : r.getStatus().getConditions(),
          ClusterCommands::layerProgress,
          r -> {
            r.getSpec().setHold(new Hold(revision));
            return r;
          },
          "set spec.hold on");
    }
  }

  /**
   * The newest revision status.history records as healthy (Succeeded, or RolledBack to) that is
   * older than the one running (status.lastAppliedRevision).
   */
  static String previousHealthy(LayeredKustomizationStatus status) throws NoRevision {
    String running = status.getLastAppliedRevision();
    boolean pastRunning = running == null;
    for (HistoryEntry entry : status.getHistory()) {
      if (!pastRunning) {
        pastRunning = entry.getRevision().equals(running);
        continue;
      }
      if (healthy(entry) && !entry.getRevision().equals(running)) {
        return entry.getRevision();
      }
    }
    throw new NoRevision(
        "no healthy revision older than "
            + (running == null ? "the running one" : running)
            + " in status.history (strata history "
            + "lists the runs); give one with --to");
  }

  /**
   * The full revision {@code text} names: itself when it is one, else the one revision of
   * status.history (or the last applied or attempted) it abbreviates or starts.
   */
  static String resolve(LayeredKustomizationStatus status, String text) throws NoRevision {
    try {
      return Revision.parse(text).toString();
    } catch (IllegalArgumentException abbreviated) {
      // Matched against the revisions status knows below.
    }
    Set<String> known = new LinkedHashSet<>();
    status.getHistory().forEach(entry -> known.add(entry.getRevision()));
    if (status.getLastAppliedRevision() != null) {
      known.add(status.getLastAppliedRevision());
    }
    if (status.getLastAttemptedRevision() != null) {
      known.add(status.getLastAttemptedRevision());
    }
    String wanted = text.strip().toLowerCase(Locale.ROOT);
    Set<String> matches = new LinkedHashSet<>();
    for (String revision : known) {
      Revision parsed;
      try {
        parsed = Revision.parse(revision);
      } catch (IllegalArgumentException notARevision) {
        continue;
      }
      if (revision.startsWith(wanted)
          || (wanted.length() >= 4 && parsed.commit().startsWith(wanted))) {
        matches.add(revision);
      }
    }
    if (matches.size() == 1) {
      return matches.iterator().next();
    }
    if (matches.isEmpty()) {
      throw new NoRevision(
          "--to "
              + text
              + " matches no revision in status.history; give the full revision"
              + " <ref>@sha1:<40 hex digits>");
    }
    throw new NoRevision(
        "--to " + text + " matches several revisions: " + String.join(", ", matches));
  }

  private static boolean healthy(HistoryEntry entry) {
    return HistoryEntry.SUCCEEDED.equals(entry.getOutcome())
        || HistoryEntry.ROLLED_BACK.equals(entry.getOutcome());
  }
}
