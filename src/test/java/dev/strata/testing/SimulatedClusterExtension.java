package dev.strata.testing;

import dev.strata.localcluster.LocalControlPlane;

/**
 * Injects a shared simulated cluster (API server, controller-manager, scheduler, two kwok nodes)
 * where workloads really roll out and become Ready.
 */
public final class SimulatedClusterExtension extends ControlPlaneExtension {
  public SimulatedClusterExtension() {
    super(LocalControlPlane.Mode.SIMULATED_CLUSTER);
  }
}
