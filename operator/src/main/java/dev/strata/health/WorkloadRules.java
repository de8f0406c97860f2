package dev.strata.health;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Computes the health of workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, Pod, Job) from
 * their status, as kstatus's {@code core.go} does, with three deliberate differences: a Job that
 * has started but not completed is InProgress (kstatus calls it Current; a layer must wait for its
 * Jobs, e.g. migrations, to complete); a Job whose {@code Suspended} condition is True but whose
 * {@code spec.suspend} is not is InProgress (kstatus calls it Current; it was resumed and the Job
 * controller has not caught up); and a failed Pod is Failed (kstatus calls it Current, because the
 * Pods it sees are usually a Job's; a Pod applied from Git that fails is a failure).
 */
final class WorkloadRules {

  /** How long a Pod may be unschedulable before it counts as Failed, as kstatus. */
  static final Duration SCHEDULE_WINDOW = Duration.ofSeconds(15);

  /** The value Kubernetes treats as "no progress deadline". */
  private static final long NO_PROGRESS_DEADLINE = Integer.MAX_VALUE;

  private WorkloadRules() {}

  static Health deployment(ObjectView o) {
    boolean progressing =
        o.integer("spec.progressDeadlineSeconds", NO_PROGRESS_DEADLINE) == NO_PROGRESS_DEADLINE;
    boolean available = false;
    for (var condition : o.conditions()) {
      if (condition.type().equals("Progressing")) {
        if (condition.reason().equals("ProgressDeadlineExceeded")) {
          return Health.failed("progress deadline exceeded: " + condition.explanation());
        }
        if (condition.isTrue() && condition.reason().equals("NewReplicaSetAvailable")) {
          progressing = true;
        }
      } else if (condition.type().equals("Available") && condition.isTrue()) {
        available = true;
      }
    }
    long spec = o.integer("spec.replicas", 1);
    long replicas = o.integer("status.replicas", 0);
    long updated = o.integer("status.updatedReplicas", 0);
    long ready = o.integer("status.readyReplicas", 0);
    long availableReplicas = o.integer("status.availableReplicas", 0);
    if (spec > replicas) {
      return Health.inProgress(replicas + " of " + spec + " replicas created");
    }
    if (spec > updated) {
      return Health.inProgress(updated + " of " + spec + " replicas updated");
    }
    if (replicas > spec) {
      return Health.inProgress((replicas - spec) + " old replicas pending termination");
    }
    if (updated > availableReplicas) {
      return Health.inProgress(availableReplicas + " of " + updated + " replicas available");
    }
    if (spec > ready) {
      return Health.inProgress(ready + " of " + spec + " replicas ready");
    }
    if (!progressing) {
      return Health.inProgress("new ReplicaSet not yet available");
    }
    if (!available) {
      return Health.inProgress("Deployment not yet available");
    }
    return Health.current("Deployment available, " + replicas + " replicas");
  }

  static Health statefulSet(ObjectView o) {
    if (o.string("spec.updateStrategy.type", "").equals("OnDelete")) {
      return Health.current("StatefulSet uses the OnDelete update strategy");
    }
    long spec = o.integer("spec.replicas", 1);
    long ready = o.integer("status.readyReplicas", 0);
    long current = o.integer("status.currentReplicas", 0);
    long updated = o.integer("status.updatedReplicas", 0);
    long replicas = o.integer("status.replicas", 0);
    long partition = o.integer("spec.updateStrategy.rollingUpdate.partition", -1);
    if (spec > replicas) {
      return Health.inProgress(replicas + " of " + spec + " replicas created");
    }
    if (spec > ready) {
      return Health.inProgress(ready + " of " + spec + " replicas ready");
    }
    if (replicas > spec) {
      return Health.inProgress((replicas - spec) + " extra replicas pending termination");
    }
    if (partition != -1) {
      if (updated < spec - partition) {
        return Health.inProgress(
            updated + " of " + (spec - partition) + " replicas above the partition updated");
      }
      return Health.current("partitioned rollout complete, " + updated + " replicas updated");
    }
    if (spec > current) {
      return Health.inProgress(current + " of " + spec + " replicas at the current revision");
    }
    String currentRevision = o.string("status.currentRevision", "");
    String updateRevision = o.string("status.updateRevision", "");
    if (!currentRevision.equals(updateRevision)) {
      return Health.inProgress(
          "rolling out revision " + updateRevision + " (current: " + currentRevision + ")");
    }
    return Health.current("StatefulSet ready, " + replicas + " replicas");
  }

  static Health daemonSet(ObjectView o) {
    // The controller always sets these once it has seen the object; until then it has not.
    if (!o.has("metadata.generation")) {
      return Health.inProgress("metadata.generation not set yet");
    }
    if (!o.has("status.observedGeneration")) {
      return Health.inProgress("not yet observed by the DaemonSet controller");
    }
    long desired = o.integer("status.desiredNumberScheduled", -1);
    long scheduled = o.integer("status.currentNumberScheduled", 0);
    long updated = o.integer("status.updatedNumberScheduled", 0);
    long available = o.integer("status.numberAvailable", 0);
    long ready = o.integer("status.numberReady", 0);
    if (desired == -1) {
      return Health.inProgress("status.desiredNumberScheduled not reported yet");
    }
    if (desired > scheduled) {
      return Health.inProgress(scheduled + " of " + desired + " pods scheduled");
    }
    if (desired > updated) {
      return Health.inProgress(updated + " of " + desired + " pods updated");
    }
    if (desired > available) {
      return Health.inProgress(available + " of " + desired + " pods available");
    }
    if (desired > ready) {
      return Health.inProgress(ready + " of " + desired + " pods ready");
    }
    return Health.current("DaemonSet ready, " + desired + " pods");
  }

  static Health replicaSet(ObjectView o) {
    for (var condition : o.conditions()) {
      if (condition.type().equals("ReplicaFailure") && condition.isTrue()) {
        return Health.inProgress("replica failure: " + condition.explanation());
      }
    }
    long spec = o.integer("spec.replicas", 1);
    long replicas = o.integer("status.replicas", 0);
    long ready = o.integer("status.readyReplicas", 0);
    long available = o.integer("status.availableReplicas", 0);
    long labelled = o.integer("status.fullyLabeledReplicas", 0);
    if (spec > labelled) {
      return Health.inProgress(labelled + " of " + spec + " replicas labelled");
    }
    if (spec > available) {
      return Health.inProgress(available + " of " + spec + " replicas available");
    }
    if (spec > ready) {
      return Health.inProgress(ready + " of " + spec + " replicas ready");
    }
    if (replicas > spec) {
      return Health.inProgress((replicas - spec) + " extra replicas pending termination");
    }
    return Health.current("ReplicaSet available, " + replicas + " replicas");
  }

  static Health pod(ObjectView o, Instant now) {
    String phase = o.string("status.phase", "");
    switch (phase) {
      case "Succeeded":
        return Health.current("Pod completed successfully");
      case "Failed":
        return Health.failed(
            "Pod failed" + suffix(o.string("status.reason", ""), o.string("status.message", "")));
      case "Running":
        if (o.condition("Ready").map(ObjectView.Condition::isTrue).orElse(false)) {
          return Health.current("Pod ready");
        }
        List<String> crashLooping = crashLoopingContainers(o);
        if (!crashLooping.isEmpty()) {
          return Health.failed(
              "containers in CrashLoopBackOff: " + String.join(", ", crashLooping));
        }
        return Health.inProgress("Pod running but not ready");
      case "Pending":
        var cannotStart = PodFailures.of(o.map());
        if (cannotStart.isPresent()) {
          return Health.failed(cannotStart.get().describe());
        }
        var scheduled = o.condition("PodScheduled");
        if (scheduled.isPresent()
            && scheduled.get().isFalse()
            && scheduled.get().reason().equals("Unschedulable")) {
          Instant created = creationTimestamp(o);
          if (created != null && now.minus(SCHEDULE_WINDOW).isBefore(created)) {
            return Health.inProgress("Pod not scheduled yet");
          }
          return Health.failed("Pod cannot be scheduled: " + scheduled.get().explanation());
        }
        return Health.inProgress("Pod pending");
      case "":
        return Health.inProgress("Pod phase not reported yet");
      default:
        return new Health(HealthStatus.UNKNOWN, "unknown Pod phase " + phase);
    }
  }

  /**
   * kstatus's jobConditions (cli-utils {@code pkg/kstatus/status/core.go}): the first True {@code
   * Complete}, {@code Failed} or {@code Suspended} condition decides; else a Job without {@code
   * status.startTime} has not started. Beyond kstatus, a {@code Suspended=True} condition counts as
   * Current only while {@code spec.suspend} is true: a Job resumed through Git keeps the condition
   * until the Job controller handles the resume, and until then it has not reached its spec.
   */
  static Health job(ObjectView o) {
    boolean suspend = o.bool("spec.suspend", false);
    long parallelism = o.integer("spec.parallelism", 1);
    long completions = o.integer("spec.completions", parallelism);
    long succeeded = o.integer("status.succeeded", 0);
    long active = o.integer("status.active", 0);
    long failed = o.integer("status.failed", 0);
    for (var condition : o.conditions()) {
      if (!condition.isTrue()) {
        continue;
      }
      switch (condition.type()) {
        case "Complete":
          return Health.current("Job complete, " + succeeded + " of " + completions + " succeeded");
        case "Failed":
          return Health.failed(
              "Job failed ("
                  + failed
                  + " failed pods)"
                  + suffix(condition.reason(), condition.message()));
        case "Suspended":
          return suspend
              ? Health.current("Job suspended")
              : Health.inProgress("Job resumed, waiting for the Job controller to start it");
        default:
          break;
      }
    }
    if (suspend) {
      return Health.inProgress("Job suspended in its spec, waiting for the Job controller");
    }
    if (o.string("status.startTime", "").isEmpty()) {
      return Health.inProgress("Job not started yet");
    }
    return Health.inProgress(
        "Job running: "
            + succeeded
            + " of "
            + completions
            + " succeeded, "
            + active
            + " active, "
            + failed
            + " failed");
  }

  private static List<String> crashLoopingContainers(ObjectView o) {
    List<String> names = new ArrayList<>();
    for (Object item : o.list("status.containerStatuses")) {
      if (item instanceof Map<?, ?> status
          && status.get("state") instanceof Map<?, ?> state
          && state.get("waiting") instanceof Map<?, ?> waiting
          && "CrashLoopBackOff".equals(waiting.get("reason"))) {
        names.add(String.valueOf(status.get("name")));
      }
    }
    return names;
  }

  private static Instant creationTimestamp(ObjectView o) {
    String value = o.string("metadata.creationTimestamp", "");
    try {
      return value.isEmpty() ? null : Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new ObjectView.MalformedField(
          "metadata.creationTimestamp", value, "an RFC 3339 timestamp");
    }
  }

  /** ": reason: message", leaving out empty parts. */
  private static String suffix(String reason, String message) {
    String text = reason.isEmpty() ? message : message.isEmpty() ? reason : reason + ": " + message;
    return text.isEmpty() ? "" : ": " + text;
  }
}
