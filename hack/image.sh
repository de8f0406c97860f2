#!/usr/bin/env bash
# Builds Strata's container image as an OCI tarball, target/jib-image.tar, with no Docker daemon
# and no registry: hack/image-runtime.sh cuts the Java runtime from the local JDK, then Jib
# (pom.xml) layers the application on it. Image name and tag: ghcr.io/strata-gitops/strata:<version>.
#
# Usage: hack/image.sh [extra Maven arguments, e.g. -o]
# Load it where a container engine exists: `podman load -i target/jib-image.tar`,
# `skopeo copy oci-archive:target/jib-image.tar docker://ghcr.io/...`, or `ctr images import`.
set -euo pipefail
cd "$(dirname "$0")/.."

hack/image-runtime.sh
./mvnw -q -B -DskipTests -Dspotless.check.skip=true "$@" package jib:buildTar
ls -l target/jib-image.tar | awk '{printf "image: target/jib-image.tar (%d bytes)\n", $5}'
