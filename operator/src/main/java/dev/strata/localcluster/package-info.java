/**
 * Runs a local Kubernetes control plane from real binaries, for tests and for {@code strata
 * operator --embedded}: kube-apiserver and etcd (through fabric8's kube-api-test), plus, for a
 * simulated cluster, kube-controller-manager, kube-scheduler and kwok, which stands in for kubelets
 * so that Deployments and StatefulSets really become Ready. {@code hack/test-binaries.sh}
 * provisions the binaries.
 */
package dev.strata.localcluster;
