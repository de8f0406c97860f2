#!/usr/bin/env bash
# Regenerates operator/src/main/resources/dev/strata/render/schema/kubernetes-schema.json from
# the /openapi/v2 document of the kube-apiserver that hack/test-binaries.sh provides (v1.33.13):
# kinds with their scope, and the definitions strategic merge reads.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -o -Dspotless.check.skip=true -Dstrata.updateKubernetesSchema=true \
  -Dit.test=KubernetesSchemaUpToDateIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false verify
ls -l operator/src/main/resources/dev/strata/render/schema/
