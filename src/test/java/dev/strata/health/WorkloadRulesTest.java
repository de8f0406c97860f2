package dev.strata.health;

import static dev.strata.health.HealthRulesTest.assertHealth;
import static dev.strata.health.HealthRulesTest.health;

import org.junit.jupiter.api.Test;

/**
 * Checks the kstatus rules of Deployments, StatefulSets, DaemonSets, ReplicaSets, Pods and Jobs.
 */
class WorkloadRulesTest {
  private Health deployment(String spec, String status) {
    return health(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, generation: 2}\n"
            + "spec: "
            + spec
            + "\nstatus: "
            + status);
  }

  @Test
  void availableWhenAllReplicasUpdatedReadyAndAvailable() {
    assertHealth(
        deployment(
            "{replicas: 3, progressDeadlineSeconds: 600}",
            """
            {observedGeneration: 2, replicas: 3, updatedReplicas: 3, readyReplicas: 3,
             availableReplicas: 3, conditions: [
               {type: Progressing, status: "True", reason: NewReplicaSetAvailable},
               {type: Available, status: "True", reason: MinimumReplicasAvailable}]}
            """),
        HealthStatus.CURRENT,
        "Deployment available, 3 replicas");
  }

  @Test
  void progressDeadlineExceededIsFailed() {
    assertHealth(
        deployment(
            "{replicas: 1, progressDeadlineSeconds: 5}",
            """
            {observedGeneration: 2, replicas: 1, updatedReplicas: 1, unavailableReplicas: 1,
             conditions: [{type: Progressing, status: "False", reason: ProgressDeadlineExceeded,
                           message: 'ReplicaSet "web-5d8" has timed out progressing.'}]}
            """),
        HealthStatus.FAILED,
        "progress deadline exceeded: ReplicaSet \"web-5d8\" has timed out progressing.");
  }

  @Test
  void reportsEachRolloutStep() {
    assertHealth(
        deployment("{replicas: 3}", "{observedGeneration: 2, replicas: 1}"),
        HealthStatus.IN_PROGRESS,
        "1 of 3 replicas created");
    assertHealth(
        deployment("{replicas: 3}", "{observedGeneration: 2, replicas: 3, updatedReplicas: 2}"),
        HealthStatus.IN_PROGRESS,
        "2 of 3 replicas updated");
    assertHealth(
        deployment("{replicas: 3}", "{observedGeneration: 2, replicas: 4, updatedReplicas: 3}"),
        HealthStatus.IN_PROGRESS,
        "1 old replicas pending termination");
    assertHealth(
        deployment(
            "{replicas: 3}",
            "{observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 1}"),
        HealthStatus.IN_PROGRESS,
        "1 of 3 replicas available");
    assertHealth(
        deployment(
            "{replicas: 3}",
            "{observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 3,"
                + " readyReplicas: 2}"),
        HealthStatus.IN_PROGRESS,
        "2 of 3 replicas ready");
  }

  @Test
  void waitsForTheControllerConditionsWhenADeadlineIsSet() {
    String counts =
        "observedGeneration: 2, replicas: 1, updatedReplicas: 1, readyReplicas: 1,"
            + " availableReplicas: 1";
    assertHealth(
        deployment(
            "{replicas: 1, progressDeadlineSeconds: 600}",
            "{"
                + counts
                + ", conditions: [{type: Progressing, status: 'True', reason:"
                + " ReplicaSetUpdated}]}"),
        HealthStatus.IN_PROGRESS,
        "new ReplicaSet not yet available");
    assertHealth(
        deployment(
            "{replicas: 1, progressDeadlineSeconds: 600}",
            "{"
                + counts
                + ", conditions: [{type: Progressing, status: 'True', reason:"
                + " NewReplicaSetAvailable}, {type: Available, status: 'False'}]}"),
        HealthStatus.IN_PROGRESS,
        "Deployment not yet available");
  }

  @Test
  void replicasDefaultToOneAndNewDeploymentsAreInProgress() {
    assertHealth(
        health("{apiVersion: apps/v1, kind: Deployment, metadata: {name: a, generation: 1}}"),
        HealthStatus.IN_PROGRESS,
        "0 of 1 replicas created");
  }

  private Health statefulSet(String spec, String status) {
    return health(
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec: "
            + spec
            + "\nstatus: "
            + status);
  }

  @Test
  void currentWhenReadyAndRevisionsMatch() {
    assertHealth(
        statefulSet(
            "{replicas: 2}",
            "{replicas: 2, readyReplicas: 2, currentReplicas: 2, updatedReplicas: 2,"
                + " currentRevision: db-1, updateRevision: db-1}"),
        HealthStatus.CURRENT,
        "StatefulSet ready, 2 replicas");
  }

  @Test
  void revisionMismatchIsInProgress() {
    assertHealth(
        statefulSet(
            "{replicas: 2}",
            "{replicas: 2, readyReplicas: 2, currentReplicas: 2, updatedReplicas: 1,"
                + " currentRevision: db-1, updateRevision: db-2}"),
        HealthStatus.IN_PROGRESS,
        "rolling out revision db-2 (current: db-1)");
  }

  @Test
  void reportsMissingReadyAndCurrentReplicas() {
    assertHealth(
        statefulSet("{replicas: 3}", "{replicas: 2}"),
        HealthStatus.IN_PROGRESS,
        "2 of 3 replicas created");
    assertHealth(
        statefulSet("{replicas: 3}", "{replicas: 3, readyReplicas: 1}"),
        HealthStatus.IN_PROGRESS,
        "1 of 3 replicas ready");
    assertHealth(
        statefulSet("{replicas: 3}", "{replicas: 3, readyReplicas: 3, currentReplicas: 2}"),
        HealthStatus.IN_PROGRESS,
        "2 of 3 replicas at the current revision");
    assertHealth(
        statefulSet("{replicas: 1}", "{replicas: 2, readyReplicas: 2}"),
        HealthStatus.IN_PROGRESS,
        "1 extra replicas pending termination");
  }

  @Test
  void partitionedRolloutCountsOnlyReplicasAboveThePartition() {
    String spec =
        "{replicas: 4, updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 2}}}";
    assertHealth(
        statefulSet(spec, "{replicas: 4, readyReplicas: 4, updatedReplicas: 1}"),
        HealthStatus.IN_PROGRESS,
        "1 of 2 replicas above the partition updated");
    assertHealth(
        statefulSet(spec, "{replicas: 4, readyReplicas: 4, updatedReplicas: 2}"),
        HealthStatus.CURRENT,
        "partitioned rollout complete");
  }

  @Test
  void onDeleteStrategyIsCurrent() {
    assertHealth(
        statefulSet("{replicas: 3, updateStrategy: {type: OnDelete}}", "{replicas: 0}"),
        HealthStatus.CURRENT,
        "OnDelete");
  }

  @Test
  void daemonSetNeedsObservedGenerationThenAllPods() {
    assertHealth(
        health("{apiVersion: apps/v1, kind: DaemonSet, metadata: {name: a, generation: 1}}"),
        HealthStatus.IN_PROGRESS,
        "not yet observed");
    assertHealth(
        health(
            """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: a, generation: 1}
            status: {observedGeneration: 1, desiredNumberScheduled: 2, currentNumberScheduled: 2,
                     updatedNumberScheduled: 2, numberAvailable: 1, numberReady: 1}
            """),
        HealthStatus.IN_PROGRESS,
        "1 of 2 pods available");
    assertHealth(
        health(
            """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: a, generation: 1}
            status: {observedGeneration: 1, desiredNumberScheduled: 2, currentNumberScheduled: 2,
                     updatedNumberScheduled: 2, numberAvailable: 2, numberReady: 2}
            """),
        HealthStatus.CURRENT,
        "DaemonSet ready, 2 pods");
  }

  @Test
  void replicaSetFailureConditionIsReported() {
    assertHealth(
        health(
            """
            apiVersion: apps/v1
            kind: ReplicaSet
            metadata: {name: a}
            spec: {replicas: 2}
            status:
              replicas: 0
              conditions: [{type: ReplicaFailure, status: "True", reason: FailedCreate,
                            message: 'pods "a-x" is forbidden: exceeded quota'}]
            """),
        HealthStatus.IN_PROGRESS,
        "replica failure: pods \"a-x\" is forbidden: exceeded quota");
    assertHealth(
        health(
            """
            apiVersion: apps/v1
            kind: ReplicaSet
            metadata: {name: a}
            spec: {replicas: 2}
            status: {replicas: 2, fullyLabeledReplicas: 2, availableReplicas: 2, readyReplicas: 2}
            """),
        HealthStatus.CURRENT,
        "ReplicaSet available");
  }

  @Test
  void readyRunningPodIsCurrent() {
    assertHealth(
        health(
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: a}
            status: {phase: Running, conditions: [{type: Ready, status: "True"}]}
            """),
        HealthStatus.CURRENT,
        "Pod ready");
  }

  @Test
  void crashLoopingContainersFail() {
    assertHealth(
        health(
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: a}
            status:
              phase: Running
              conditions: [{type: Ready, status: "False"}]
              containerStatuses:
              - {name: app, state: {waiting: {reason: CrashLoopBackOff}}}
              - {name: sidecar, state: {running: {}}}
            """),
        HealthStatus.FAILED,
        "containers in CrashLoopBackOff: app");
  }

  @Test
  void failedPodFailsAndSucceededPodIsCurrent() {
    assertHealth(
        health(
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: a}
            status: {phase: Failed, reason: Evicted, message: "node low on memory"}
            """),
        HealthStatus.FAILED,
        "Pod failed: Evicted: node low on memory");
    assertHealth(
        health("{apiVersion: v1, kind: Pod, metadata: {name: a}, status: {phase: Succeeded}}"),
        HealthStatus.CURRENT,
        "completed");
  }

  @Test
  void unschedulablePodFailsOnlyAfterTheSchedulingWindow() {
    String pod =
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: a, creationTimestamp: "%s"}
        status:
          phase: Pending
          conditions: [{type: PodScheduled, status: "False", reason: Unschedulable,
                        message: "0/2 nodes are available: 2 Insufficient cpu."}]
        """;
    assertHealth(
        health(pod.formatted(HealthRulesTest.NOW.minusSeconds(5))),
        HealthStatus.IN_PROGRESS,
        "not scheduled yet");
    assertHealth(
        health(pod.formatted(HealthRulesTest.NOW.minusSeconds(60))),
        HealthStatus.FAILED,
        "Pod cannot be scheduled: 0/2 nodes are available: 2 Insufficient cpu.");
  }

  @Test
  void podWithoutPhaseOrPendingIsInProgress() {
    assertHealth(
        health("{apiVersion: v1, kind: Pod, metadata: {name: a}}"),
        HealthStatus.IN_PROGRESS,
        "phase not reported yet");
    assertHealth(
        health("{apiVersion: v1, kind: Pod, metadata: {name: a}, status: {phase: Pending}}"),
        HealthStatus.IN_PROGRESS,
        "Pod pending");
    assertHealth(
        health("{apiVersion: v1, kind: Pod, metadata: {name: a}, status: {phase: Weird}}"),
        HealthStatus.UNKNOWN,
        "unknown Pod phase Weird");
  }

  @Test
  void completeJobIsCurrentAndRunningJobIsInProgress() {
    assertHealth(
        health(
            """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: migrate}
            spec: {completions: 1}
            status: {startTime: "2026-01-01T11:00:00Z", succeeded: 1,
                     conditions: [{type: Complete, status: "True"}]}
            """),
        HealthStatus.CURRENT,
        "Job complete, 1 of 1 succeeded");
    assertHealth(
        health(
            """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: migrate}
            status: {startTime: "2026-01-01T11:00:00Z", active: 1}
            """),
        HealthStatus.IN_PROGRESS,
        "Job running: 0 of 1 succeeded, 1 active, 0 failed");
    assertHealth(
        health("{apiVersion: batch/v1, kind: Job, metadata: {name: migrate}}"),
        HealthStatus.IN_PROGRESS,
        "Job not started yet");
  }

  @Test
  void failedConditionFailsWithItsReason() {
    assertHealth(
        health(
            """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: migrate}
            status:
              failed: 3
              conditions: [{type: Failed, status: "True", reason: BackoffLimitExceeded,
                            message: "Job has reached the specified backoff limit"}]
            """),
        HealthStatus.FAILED,
        "Job failed (3 failed pods): BackoffLimitExceeded: Job has reached the specified backoff"
            + " limit");
  }

  @Test
  void suspendedJobIsCurrentWhileItsSpecSaysSuspended() {
    assertHealth(
        health(
            """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: a}
            spec: {suspend: true}
            status: {conditions: [{type: Suspended, status: "True", reason: JobSuspended}]}
            """),
        HealthStatus.CURRENT,
        "Job suspended");
    assertHealth(
        health(
            """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: a}
            spec: {suspend: true}
            """),
        HealthStatus.IN_PROGRESS,
        "Job suspended in its spec, waiting for the Job controller");
  }

  @Test
  void resumedJobIsInProgressUntilItCompletes() {
    // spec.suspend set to false through Git; the Job controller has not cleared Suspended yet.
    String resumed =
        """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: a}
        spec: {suspend: %s}
        status: {conditions: [{type: Suspended, status: "True", reason: JobSuspended}]}
        """;
    assertHealth(
        health(resumed.formatted("false")),
        HealthStatus.IN_PROGRESS,
        "Job resumed, waiting for the Job controller to start it");
    assertHealth(health(resumed.formatted("null")), HealthStatus.IN_PROGRESS, "Job resumed");
    // The controller has handled the resume: Suspended=False, and the Job runs, then completes.
    assertHealth(
        health(
            """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: a}
            spec: {suspend: false}
            status:
              startTime: "2026-01-01T11:00:00Z"
              active: 1
              conditions: [{type: Suspended, status: "False", reason: JobResumed}]
            """),
        HealthStatus.IN_PROGRESS,
        "Job running: 0 of 1 succeeded, 1 active, 0 failed");
    assertHealth(
        health(
            """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: a}
            spec: {suspend: false, parallelism: 2}
            status:
              startTime: "2026-01-01T11:00:00Z"
              succeeded: 2
              conditions: [{type: Suspended, status: "False", reason: JobResumed},
                           {type: Complete, status: "True"}]
            """),
        HealthStatus.CURRENT,
        "Job complete, 2 of 2 succeeded");
  }

  @Test
  void malformedSuspendIsUnknown() {
    assertHealth(
        health("{apiVersion: batch/v1, kind: Job, metadata: {name: a}, spec: {suspend: \"yes\"}}"),
        HealthStatus.UNKNOWN,
        "spec.suspend");
  }

  @Test
  void cronJobIsCurrentOnceItExists() {
    assertHealth(
        health("{apiVersion: batch/v1, kind: CronJob, metadata: {name: a}}"),
        HealthStatus.CURRENT,
        "exists");
  }
}
