#!/usr/bin/env bash
# Benchmark: GitSource fetching vs C git, bytes on the wire and time, on a generated repository
# (~2,000 files, a few MiB, some history) served by git daemon through a proxy that counts bytes,
# drops the connection every 256 KiB, or caps the link at 512 kbit/s.
# Prints a table, then one JSON line. Takes about three minutes (two slow-link transfers).
# Environment: BENCH_FILES (default 2000), BENCH_FILE_BYTES (default 2000).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B test-compile -Dspotless.check.skip=true >&2
classpath=$(./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
exec java -Dbench.files="${BENCH_FILES:-2000}" -Dbench.fileBytes="${BENCH_FILE_BYTES:-2000}" \
  -cp "target/test-classes:target/classes:$classpath" dev.strata.bench.FetchBenchmark
