package dev.strata.runtime;

import java.time.Duration;
import java.util.Set;

/**
 * Holds how the operator process runs: what it watches, how it elects a leader, where it serves.
 *
 * @param watchNamespaces namespaces whose resources are reconciled; empty means all
 * @param leaderElection whether to take a Lease before reconciling (one active replica)
 * @param leaseName name of the Lease
 * @param leaseNamespace namespace of the Lease
 * @param identity this replica's identity in the Lease
 * @param managementPort port of /healthz, /readyz and /metrics; 0 picks a free port
 * @param gracefulShutdown how long running reconciliations may take to finish on shutdown
 */
public record OperatorSettings(
    Set<String> watchNamespaces,
    boolean leaderElection,
    String leaseName,
    String leaseNamespace,
    String identity,
    int managementPort,
    Duration gracefulShutdown) {}
