#!/usr/bin/env bash
# Benchmark: what a 50 MiB incompressible file that no layer reads costs a GitSource fetch, on a
# generated repository (2,000 files of 2 KB) served by git daemon through a byte-counting proxy:
# fetched whole (as before spec.ignore and spec.limits), left out with spec.ignore, and stopped by
# the default spec.limits.maxFileSize (8Mi). Bytes on the wire, store size, and the fetching JVM's
# RSS (each case in a fresh JVM). Prints one JSON line last. Takes about half a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -o test-compile -Dspotless.check.skip=true >&2
classpath=$(./mvnw -q -B -o dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
exec java -cp "target/test-classes:target/classes:$classpath" dev.strata.bench.FetchScopeBenchmark
