#!/usr/bin/env bash
# Runs kustomize's own end-to-end cases (../shared/conformance, v5.8.1) through `strata build`
# and prints the pass / diff / error counts. A reference, not a test: the project's own fixtures
# are in src/test/resources/render. Usage: hack/conformance.sh [--show-diff]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${STRATA_SHARED_DIR:-$root/../shared}
# bin/strata builds the jar when it is stale and starts each build quickly (C1, CDS archive).
"$root/bin/strata" --version >/dev/null
exec python3 "$shared/conformance/run.py" --cmd "$root/bin/strata build --reorder none {dir}" "$@"
