#!/usr/bin/env bash
# Benchmark: recovery from a bad commit without a human. The operator (a process of its own) on the
# homelab example (clusters/simulated, six layers, health timeout 2m) on a simulated cluster, as
# bench/layers.sh runs it; BENCH_RECOVERY_RUNS times, a commit whose n8n Pods can never pull their
# image (kwok plays ImagePullBackOff for Pods annotated strata.dev/simulate: image-pull-error) is
# pushed and announced by a signed GitHub webhook:
#   detect_s     push -> the operator's status shows the failure (a layer Failed at that revision)
#   rollback_s   failure detected -> every layer Ready at the previous revision (Ready reason
#                RolledBack) and n8n available on its previous template
#   mttr_s       push -> recovered (detect_s + rollback_s)
# Median of the runs; a fix is committed after each run. Prints a table, then one JSON line.
# Environment: BENCH_RECOVERY_RUNS (3), BENCH_OPERATOR_JAVA_OPTS (as bench/layers.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B package -DskipTests -Dspotless.check.skip=true >&2
classpath=$(./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
exec java -Dbench.scenario=recovery -Dbench.recoveryRuns="${BENCH_RECOVERY_RUNS:-3}" \
  -Dbench.operatorJavaOpts="${BENCH_OPERATOR_JAVA_OPTS--XX:MaxRAM=768m -XX:ActiveProcessorCount=1}" \
  -cp "target/test-classes:target/classes:$classpath" dev.strata.bench.LayersBenchmark
