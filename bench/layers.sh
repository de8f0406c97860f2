#!/usr/bin/env bash
# Benchmark: the operator (java -jar target/strata.jar operator, a process of its own) on the
# homelab example (clusters/simulated, six layers) served by git daemon, on a simulated cluster
# (kube-apiserver with an audit log, etcd, controller-manager, scheduler, kwok nodes):
#   overhead_per_layer_s   new revision to all six layers Ready, minus the workloads' own readiness
#   drift_heal_s           a Deployment scaled by hand until the operator has scaled it back
#   idle_requests_per_min  the operator's requests with nothing changing (audit log), watches apart
#   rss_mib                the operator process's resident memory after reconciling the example
#   apply_1000_s, kubectl_apply_1000_s   bench/apply.sh's measurement on the same cluster
# Prints tables, then one JSON line. Takes about 6 minutes. Needs hack/test-binaries.sh (kwok,
# kube-controller-manager, kube-scheduler). docs/benchmarks.md defines each figure.
# Environment: BENCH_IDLE_SECONDS (60), BENCH_DRIFT_RUNS (5), BENCH_APPLY (true: run the 1,000-object
# apply), BENCH_OBJECTS (1000), BENCH_OPERATOR_JAVA_OPTS (default: as deploy/'s
# container sizes the JVM; set it empty for the JVM's own defaults on this machine).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B package -DskipTests -Dspotless.check.skip=true >&2
classpath=$(./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
exec java -Dbench.idleSeconds="${BENCH_IDLE_SECONDS:-60}" -Dbench.driftRuns="${BENCH_DRIFT_RUNS:-5}" \
  -Dbench.apply="${BENCH_APPLY:-true}" -Dbench.objects="${BENCH_OBJECTS:-1000}" \
  -Dbench.operatorJavaOpts="${BENCH_OPERATOR_JAVA_OPTS--XX:MaxRAM=768m -XX:ActiveProcessorCount=1}" \
  -cp "target/test-classes:target/classes:$classpath" dev.strata.bench.LayersBenchmark
