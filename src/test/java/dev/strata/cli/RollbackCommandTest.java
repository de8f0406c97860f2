package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.api.HistoryEntry;
import dev.strata.api.LayeredKustomizationStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checks which revision strata rollback chooses, and how --to is read. */
class RollbackCommandTest {

  private static final String A = "main@sha1:" + "a".repeat(40);
  private static final String B = "main@sha1:" + "b".repeat(39) + "1";
  private static final String C = "main@sha1:" + "c".repeat(40);
  private static final String B2 = "main@sha1:" + "b".repeat(39) + "2";

  private static HistoryEntry entry(String revision, String outcome) {
    var entry = new HistoryEntry();
    entry.setRevision(revision);
    entry.setOutcome(outcome);
    return entry;
  }

  private static LayeredKustomizationStatus status(String running, HistoryEntry... history) {
    var status = new LayeredKustomizationStatus();
    status.setLastAppliedRevision(running);
    status.setHistory(List.of(history));
    return status;
  }

  @Test
  void defaultsToTheNewestHealthyRevisionOlderThanTheOneRunning() throws Exception {
    assertThat(
            RollbackCommand.previousHealthy(
                status(
                    C,
                    entry(C, HistoryEntry.SUCCEEDED),
                    entry(B, HistoryEntry.FAILED),
                    entry(A, HistoryEntry.SUCCEEDED))))
        .isEqualTo(A);
    // After an automated rollback to B (C failed), B runs: older than B is A.
    assertThat(
            RollbackCommand.previousHealthy(
                status(
                    B,
                    entry(B, HistoryEntry.ROLLED_BACK),
                    entry(C, HistoryEntry.FAILED),
                    entry(B, HistoryEntry.SUCCEEDED),
                    entry(A, HistoryEntry.SUCCEEDED))))
        .isEqualTo(A);
  }

  @Test
  void noOlderHealthyRevisionIsAClearError() {
    assertThatThrownBy(
            () ->
                RollbackCommand.previousHealthy(
                    status(A, entry(A, HistoryEntry.SUCCEEDED), entry(C, HistoryEntry.FAILED))))
        .hasMessage(
            "no healthy revision older than "
                + A
                + " in status.history (strata history lists the runs); give one with --to");
  }

  @Test
  void toAcceptsFullAbbreviatedAndCommitPrefixes() throws Exception {
    var status =
        status(
            C,
            entry(C, HistoryEntry.SUCCEEDED),
            entry(B, HistoryEntry.SUCCEEDED),
            entry(B2, HistoryEntry.SUCCEEDED),
            entry(A, HistoryEntry.SUCCEEDED));
    assertThat(RollbackCommand.resolve(status, A)).isEqualTo(A);
    assertThat(RollbackCommand.resolve(status, "main@sha1:aaaaaaa")).isEqualTo(A);
    assertThat(RollbackCommand.resolve(status, "cccccc")).isEqualTo(C);
    // A full revision status does not know is passed on: the operator checks its store.
    String unknown = "main@sha1:" + "d".repeat(40);
    assertThat(RollbackCommand.resolve(status, unknown)).isEqualTo(unknown);
    assertThatThrownBy(() -> RollbackCommand.resolve(status, "main@sha1:bbbbbbb"))
        .hasMessage("--to main@sha1:bbbbbbb matches several revisions: " + B + ", " + B2);
    assertThatThrownBy(() -> RollbackCommand.resolve(status, "main@sha1:1234567"))
        .hasMessage(
            "--to main@sha1:1234567 matches no revision in status.history; give the full"
                + " revision <ref>@sha1:<40 hex digits>");
  }
}
