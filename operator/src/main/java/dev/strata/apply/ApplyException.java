package dev.strata.apply;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Reports that a layer could not be applied or pruned: in which phase, every object that failed
 * with its file and the API server's message, and what had been done before the failure.
 */
public final class ApplyException extends Exception {

  /** Says where in the apply the failure happened. */
  public enum Phase {
    /** The server-side dry-run (or resolving kinds and namespaces) rejected objects. */
    VALIDATION("validation failed"),
    /** Validated objects could not be applied. */
    APPLY("apply failed"),
    /** CustomResourceDefinitions or Namespaces did not become ready. */
    DEFINITIONS("waiting for CustomResourceDefinitions and Namespaces failed"),
    /** Objects that left Git could not be deleted. */
    PRUNE("prune failed");

    private final String description;

    Phase(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  private final Phase phase;
  private final List<ObjectFailure> failures;
  private final ChangeSet done;

  public ApplyException(Phase phase, List<ObjectFailure> failures, ChangeSet done) {
    super(message(phase, failures, done));
    this.phase = phase;
    this.failures = List.copyOf(failures);
    this.done = done;
  }

  public Phase phase() {
    return phase;
  }

  public List<ObjectFailure> failures() {
    return failures;
  }

  /** What was applied or deleted before the failure; empty when validation failed. */
  public ChangeSet done() {
    return done;
  }

  private static String message(Phase phase, List<ObjectFailure> failures, ChangeSet done) {
    String what = failures.size() == 1 ? "1 object" : failures.size() + " objects";
    String before = done.changed() == 0 ? "nothing was changed" : "before it: " + done.summary();
    return phase.description()
        + " for "
        + what
        + " ("
        + before
        + "):\n"
        + failures.stream().map(f -> "  " + f).collect(Collectors.joining("\n"));
  }
}
