#!/usr/bin/env bash
# Runs the image built by hack/image.sh without a container engine: unpacks its layers from the
# OCI tarball into a root file system and runs its entrypoint there with chroot, as the image's
# user, checking that `strata --version` reports the project's version and that `strata build`
# renders a directory of this checkout exactly like the shaded jar does.
# Needs root (chroot and bind mounts of /proc and /dev); says so and exits 0 elsewhere.
#
# Usage: hack/image-smoke.sh [target/jib-image.tar]
set -euo pipefail
cd "$(dirname "$0")/.."
tarball=${1:-target/jib-image.tar}

if [[ $(id -u) != 0 ]]; then
  echo "image-smoke: skipped: needs root for chroot and bind mounts"
  exit 0
fi

work=$(mktemp -d)
rootfs="$work/rootfs"
cleanup() {
  for m in work dev proc; do umount "$rootfs/$m" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/oci" "$rootfs"
tar -xf "$tarball" -C "$work/oci"
# The manifest named by the index, its layers in order, and the config's user and entrypoint.
read -r user entrypoint < <(python3 - "$work/oci" "$rootfs" <<'PY'
import json, os, subprocess, sys
oci, rootfs = sys.argv[1], sys.argv[2]
blob = lambda d: os.path.join(oci, "blobs", *d.split(":"))
index = json.load(open(os.path.join(oci, "index.json")))
manifest = json.load(open(blob(index["manifests"][0]["digest"])))
for layer in manifest["layers"]:
    subprocess.run(["tar", "--warning=no-unknown-keyword", "-xzpf", blob(layer["digest"]), "-C", rootfs], check=True)
config = json.load(open(blob(manifest["config"]["digest"])))["config"]
print(config["User"], json.dumps(config["Entrypoint"]))
PY
)
mapfile -t command < <(python3 -c 'import json,sys; print("\n".join(json.loads(sys.argv[1])))' "$entrypoint")
command[0]=/opt/java/bin/${command[0]}   # the image's PATH, resolved

mkdir -p "$rootfs/proc" "$rootfs/dev" "$rootfs/work"
mount --bind /proc "$rootfs/proc"
mount --bind /dev "$rootfs/dev"
mount --bind -o ro "$PWD" "$rootfs/work"

version=$(awk -F'[<>]' '/<artifactId>strata<\/artifactId>/ {getline; print $3; exit}' pom.xml)
reported=$(chroot --userspec="$user" "$rootfs" "${command[@]}" --version | head -1)
[[ "$reported" == "strata $version" ]] || { echo "image-smoke: --version said '$reported', expected 'strata $version'" >&2; exit 1; }

ours=$(chroot --userspec="$user" "$rootfs" "${command[@]}" build --root /work /work/infrastructure/data | sha256sum)
jar=$(java -jar target/strata.jar build infrastructure/data | sha256sum)
[[ "$ours" == "$jar" ]] || { echo "image-smoke: strata build in the image differs from the jar's" >&2; exit 1; }

echo "image-smoke: $reported runs as $user from $(basename "$tarball"); strata build matches the jar"
