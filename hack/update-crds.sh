#!/usr/bin/env bash
# Regenerates crds/ from the API classes in operator/src/main/java/dev/strata/api.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -Dspotless.check.skip=true -Dtest=CrdsUpToDateTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dstrata.updateCrds=true test
ls crds/
