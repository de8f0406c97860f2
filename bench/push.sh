#!/usr/bin/env bash
# Benchmark: push to deploy. The operator (java -jar target/strata.jar operator, a process of its
# own, with a GitHub-type webhook receiver) reconciles the homelab example (clusters/simulated, six
# layers) served by git daemon on a simulated cluster (kube-apiserver, etcd, controller-manager,
# scheduler, kwok nodes). After the first install, BENCH_PUSH_RUNS times (3): a commit that changes
# every object of every layer (every workload rolls out) is pushed with `git push`, then delivered
# as GitHub would (POST /hook/homelab-github, X-GitHub-Event: push, X-Hub-Signature-256).
#   push_to_ready_s    from the start of `git push` to the LayeredKustomization reporting all six
#                      layers Ready at the pushed commit (the median run by overhead)
#   workload_ready_s   the workloads' own readiness in that run: along the chain of layers that
#                      finished last, from each layer's objects applied to all of them healthy
#   push_overhead_s    the difference (target: under 3 s)
# Prints tables, then one JSON line. Takes about 4 minutes. Needs hack/test-binaries.sh.
# Environment: BENCH_PUSH_RUNS (3), BENCH_OPERATOR_JAVA_OPTS (as bench/layers.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B package -DskipTests -Dspotless.check.skip=true >&2
classpath=$(./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
exec java -Dbench.scenario=push -Dbench.pushRuns="${BENCH_PUSH_RUNS:-3}" \
  -Dbench.operatorJavaOpts="${BENCH_OPERATOR_JAVA_OPTS--XX:MaxRAM=768m -XX:ActiveProcessorCount=1}" \
  -cp "target/test-classes:target/classes:$classpath" dev.strata.bench.LayersBenchmark
