package dev.strata.apply;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reports that a layer could not be applied or pruned: in which phase, every object that failed
 * with its file and the API server's message, and what had been done before the failure; or that
 * the layer's timeout elapsed first, naming the objects still unanswered.
 */
public final class ApplyException extends Exception {

  /** Says where in the apply the failure happened. */
  public enum Phase {
    /** The server-side dry-run (or resolving kinds and namespaces) rejected objects. */
    VALIDATION("validation failed", "apply (server-side dry-run)"),
    /** Validated objects could not be applied. */
    APPLY("apply failed", "apply"),
    /** CustomResourceDefinitions or Namespaces did not become ready. */
    DEFINITIONS(
        "waiting for CustomResourceDefinitions and Namespaces failed",
        "apply (waiting for CustomResourceDefinitions and Namespaces)"),
    /** Objects that left Git could not be deleted. */
    PRUNE("prune failed", "prune");

    private final String description;
    private final String step;

    Phase(String description, String step) {
      this.description = description;
      this.step = step;
    }

    public String description() {
      return description;
    }

    /** What was going on, for a timeout: "apply (server-side dry-run)". */
    public String step() {
      return step;
    }
  }

  private final Phase phase;
  private final List<ObjectFailure> failures;
  private final ChangeSet done;
  private final Duration timeout;

  public ApplyException(Phase phase, List<ObjectFailure> failures, ChangeSet done) {
    this(phase, failures, done, null);
  }

  private ApplyException(
      Phase phase, List<ObjectFailure> failures, ChangeSet done, Duration timeout) {
    super(message(phase, failures, done, timeout));
    this.phase = phase;
    this.failures = List.copyOf(failures);
    this.done = done;
    this.timeout = timeout;
  }

  /**
   * The layer's {@code timeout} elapsed in {@code phase}: {@code failures} names the objects left
   * unanswered, and those that failed before.
   */
  public static ApplyException timedOut(
      Phase phase, Duration timeout, List<ObjectFailure> failures, ChangeSet done) {
    return new ApplyException(phase, failures, done, timeout);
  }

  public Phase phase() {
    return phase;
  }

  /** Whether the layer's timeout elapsed before the phase could end. */
  public boolean timedOut() {
    return timeout != null;
  }

  public List<ObjectFailure> failures() {
    return failures;
  }

  /** What was applied or deleted before the failure; empty when validation failed. */
  public ChangeSet done() {
    return done;
  }

  private static String message(
      Phase phase, List<ObjectFailure> failures, ChangeSet done, Duration timeout) {
    String what = failures.size() == 1 ? "1 object" : failures.size() + " objects";
    String before = done.changed() == 0 ? "nothing was changed" : "before it: " + done.summary();
    String failed =
        timeout == null
            ? phase.description()
            : "timeout of " + Deadline.seconds(timeout) + " elapsed during " + phase.step();
    return failed
        + " for "
        + what
        + " ("
        + before
        + "):\n"
        + failures.stream().map(f -> "  " + f).collect(Collectors.joining("\n"));
  }
}
