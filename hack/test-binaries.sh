#!/usr/bin/env bash
# Provisions the binaries the integration tests run: kube-apiserver, etcd, kubectl (where
# fabric8's kube-api-test looks for them), plus kube-controller-manager, kube-scheduler, kwok
# and kustomize for the simulated cluster and the renderer's conformance tests.
#
# With Go on the PATH, everything is built from Go modules at the pinned versions below and
# cached, so a warm run only checks that the files are there. Without Go, nothing is built:
# kube-api-test downloads kube-apiserver/etcd/kubectl itself, and the tests that need the
# simulated cluster or kustomize report themselves skipped.
#
# Usage: hack/test-binaries.sh [--print-dir]
#   --print-dir   print the directory holding the binaries and exit (builds nothing)
# Environment:
#   STRATA_BIN_CACHE  build cache (default ~/.cache/strata/bin)
#   KUBE_API_TEST_DIR   kube-api-test's directory (default ~/.kubeapitest)
set -euo pipefail

K8S_VERSION=1.33.13
ETCD_VERSION=3.5.35 # pinned in hack/binaries/etcd/go.mod
KWOK_VERSION=0.7.0
KUSTOMIZE_VERSION=5.8.1
KUBECTL_MINOR=1.33 # the Debian kubectl package ships one binary per minor

here=$(cd "$(dirname "$0")" && pwd)
cache=${STRATA_BIN_CACHE:-$HOME/.cache/strata/bin}/k8s-$K8S_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION-kustomize-$KUSTOMIZE_VERSION
target=${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/$K8S_VERSION-linux-amd64

if [[ "${1:-}" == "--print-dir" ]]; then
  echo "$target"
  exit 0
fi

log() { echo "test-binaries: $*" >&2; }

if ! command -v go >/dev/null 2>&1; then
  log "no Go toolchain: kube-api-test will download its binaries; simulated-cluster and kustomize tests will skip"
  exit 0
fi

mkdir -p "$cache"
export GOFLAGS="${GOFLAGS:-} -trimpath"

# Two runs at once (CI and a launcher, two test JVMs) would build into the same files: the second
# waits for the first, then finds everything built.
exec 9>"$cache/.lock"
if ! flock -n 9; then
  log "waiting for another hack/test-binaries.sh to finish"
  flock 9
fi

stamp_flags() {
  local version=v$K8S_VERSION minor=${K8S_VERSION#1.}
  minor=${minor%%.*}
  local flags="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    flags+=" -X $pkg.gitVersion=$version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    flags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  echo "$flags"
}

build_kubernetes() {
  local missing=()
  for cmd in kube-apiserver kube-controller-manager kube-scheduler; do
    [[ -x "$cache/$cmd" ]] || missing+=("$cmd")
  done
  [[ ${#missing[@]} -eq 0 ]] && return
  for cmd in "${missing[@]}"; do
    log "building $cmd v$K8S_VERSION from Go modules (first run only; several minutes)"
    (cd "$here/binaries/kubernetes" &&
      CGO_ENABLED=0 go build -ldflags "$(stamp_flags)" -o "$cache/$cmd.tmp.$$" "k8s.io/kubernetes/cmd/$cmd")
    mv "$cache/$cmd.tmp.$$" "$cache/$cmd"
  done
}

build_etcd() {
  [[ -x "$cache/etcd" ]] && return
  log "building etcd v$ETCD_VERSION from Go modules"
  (cd "$here/binaries/etcd" && CGO_ENABLED=0 go build -ldflags "-s -w" -o "$cache/etcd.tmp.$$" .)
  mv "$cache/etcd.tmp.$$" "$cache/etcd"
}

install_tool() { # name, module@version
  [[ -x "$cache/$1" ]] && return
  log "installing $2"
  GOBIN="$cache/gobin.$$" CGO_ENABLED=0 go install "$2"
  mv "$cache/gobin.$$/$1" "$cache/$1"
  rmdir "$cache/gobin.$$"
}

build_yaml_oracle() {
  # Rebuilt when its sources change: the cache directory is keyed by tool versions only.
  local src="$here/binaries/yaml-oracle" bin="$cache/strata-yaml-oracle"
  [[ -x "$bin" && "$bin" -nt "$src/main.go" && "$bin" -nt "$src/go.mod" && "$bin" -nt "$src/go.sum" ]] && return
  log "building strata-yaml-oracle (sigs.k8s.io/yaml JSONToYAML, as kustomize prints)"
  (cd "$src" && CGO_ENABLED=0 go build -ldflags "-s -w" -o "$bin.tmp.$$" .)
  mv "$bin.tmp.$$" "$bin"
}

find_kubectl() {
  local candidate
  for candidate in /usr/lib/google-cloud-sdk/bin/kubectl.$KUBECTL_MINOR \
    "$(command -v "kubectl.$KUBECTL_MINOR" 2>/dev/null || true)" \
    "$(command -v kubectl 2>/dev/null || true)"; do
    [[ -n "$candidate" && -x "$candidate" ]] && { echo "$candidate"; return; }
  done
  # No preinstalled kubectl: build it like the rest (k8s.io/kubectl is a staging module).
  if [[ ! -x "$cache/kubectl" ]]; then
    log "building kubectl v$K8S_VERSION from Go modules"
    (cd "$here/binaries/kubernetes" &&
      CGO_ENABLED=0 go build -ldflags "$(stamp_flags)" -o "$cache/kubectl" k8s.io/kubernetes/cmd/kubectl)
  fi
  echo "$cache/kubectl"
}

build_etcd
build_kubernetes
install_tool kwok "sigs.k8s.io/kwok/cmd/kwok@v$KWOK_VERSION"
install_tool kustomize "sigs.k8s.io/kustomize/kustomize/v5@v$KUSTOMIZE_VERSION"
build_yaml_oracle

# The target directory appears only once it is complete: kube-api-test picks any directory there.
mkdir -p "$target"
for cmd in kube-apiserver kube-controller-manager kube-scheduler kwok kustomize strata-yaml-oracle; do
  ln -sf "$cache/$cmd" "$target/$cmd"
done
# kube-api-test starts etcd listening on 0.0.0.0 with no TLS and no authentication: on a LAN that
# would expose the local cluster's storage, Secrets included. This wrapper narrows every address
# it is given to loopback (kube-apiserver gets --bind-address=127.0.0.1 from LocalControlPlane;
# SimulatedClusterIT checks every listening socket).
printf '#!/usr/bin/env bash\nexec %q "${@//0.0.0.0/127.0.0.1}"\n' "$cache/etcd" >"$target/etcd.tmp.$$"
chmod +x "$target/etcd.tmp.$$"
mv -f "$target/etcd.tmp.$$" "$target/etcd"
ln -sf "$(find_kubectl)" "$target/kubectl"
log "binaries ready in $target"
