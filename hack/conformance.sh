#!/usr/bin/env bash
# Runs kustomize's own end-to-end cases (../shared/conformance, v5.8.1) through `strata build`
# and prints the pass / diff / error counts. A reference, not a test: the project's own fixtures
# are in src/test/resources/render. Usage: hack/conformance.sh [--show-diff]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${STRATA_SHARED_DIR:-$root/../shared}
if [[ ! -f "$root/target/strata.jar" || -n "$(find "$root/operator/src" -newer "$root/target/strata.jar" -print -quit)" ]]; then
  (cd "$root" && ./mvnw -q -B package -DskipTests -Dspotless.check.skip=true)
fi
exec python3 "$shared/conformance/run.py" --cmd "java -jar $root/target/strata.jar build --reorder none {dir}" "$@"
