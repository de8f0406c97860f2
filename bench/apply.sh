#!/usr/bin/env bash
# Benchmark: applying 1,000 objects (ConfigMaps, Secrets, ServiceAccounts, Roles; one file each)
# with Strata's LayerApplier vs `kubectl apply --server-side` of the same files, on a local
# kube-apiserver; then a second apply with nothing changed (Strata sends no writes).
# Prints a table, then one JSON line. Takes about a minute.
# Environment: BENCH_OBJECTS (default 1000), BENCH_CONCURRENCY (default: LayerApplier's).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B test-compile -Dspotless.check.skip=true >&2
classpath=$(./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
concurrency=()
if [[ -n "${BENCH_CONCURRENCY:-}" ]]; then
  concurrency=(-Dbench.concurrency="$BENCH_CONCURRENCY")
fi
exec java -Dbench.objects="${BENCH_OBJECTS:-1000}" "${concurrency[@]}" \
  -cp "target/test-classes:target/classes:$classpath" dev.strata.bench.ApplyBenchmark
