package dev.strata.testing;

import dev.strata.localcluster.LocalControlPlane;

/** Injects a shared kube-apiserver + etcd: fast, for CRD, apply, status and drift tests. */
public final class ApiServerExtension extends ControlPlaneExtension {
  public ApiServerExtension() {
    super(LocalControlPlane.Mode.API_SERVER);
  }
}
