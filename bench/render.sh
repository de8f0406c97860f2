#!/usr/bin/env bash
# Benchmark: rendering with Strata (in a warm JVM and as a process) vs the kustomize CLI, on a
# generated tree (bases with generators, an overlay with patches; BENCH_APPS apps, 7 resources
# each) and on the example repository's layers when present; then `strata build` as a process,
# through bin/strata, vs `kustomize build` on the example's layers and the renderer's fixtures
# (BENCH_RUNS runs of each per directory). Checks the output is identical. Prints tables, then one
# JSON line. Needs hack/test-binaries.sh (kustomize). BENCH_LAUNCHER runs another launcher (a path
# relative to this checkout or absolute), e.g. an older checkout's bin/strata for a comparison.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B package -DskipTests -Dspotless.check.skip=true >&2
classpath=$(./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
exec java -Dbench.apps="${BENCH_APPS:-75}" -Dbench.runs="${BENCH_RUNS:-5}" \
  -Dbench.launcher="${BENCH_LAUNCHER:-bin/strata}" \
  -cp "target/test-classes:target/classes:$classpath" dev.strata.bench.RenderBenchmark
