#!/usr/bin/env bash
# build.sh COMPONENT... : builds local-cluster components into .local/bin from
# the Go module proxy. Each binary has a stamp file holding the version it was
# built from; a current binary is skipped, so a second run costs nothing.
# Components: kube-apiserver kube-controller-manager kube-scheduler kubectl
#             etcd kwok kwokctl metrics-server minio   (or "all", "core")
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=versions.env
source "$here/versions.env"
bin="$root/.local/bin"
mkdir -p "$bin"
export GOFLAGS=-mod=mod GOTOOLCHAIN=local

core=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok kwokctl metrics-server minio)
want=()
for c in "$@"; do
  case "$c" in
    all) want+=("${core[@]}" kubectl) ;;
    core) want+=("${core[@]}") ;;
    *) want+=("$c") ;;
  esac
done
[ ${#want[@]} -gt 0 ] || want=("${core[@]}")

version_of() {
  case "$1" in
    kube-*|kubectl) echo "$KUBE_VERSION" ;;
    etcd) echo "$ETCD_VERSION" ;;
    kwok|kwokctl) echo "$KWOK_VERSION" ;;
    metrics-server) echo "$METRICS_SERVER_VERSION" ;;
    minio) echo "$MINIO_VERSION" ;;
    *) echo "unknown component: $1" >&2; exit 2 ;;
  esac
}

kube_ldflags() {
  local v=${KUBE_VERSION#v} p=k8s.io/component-base/version c=k8s.io/client-go/pkg/version
  local major=${v%%.*} rest=${v#*.}; local minor=${rest%%.*}
  local f="-s -w"
  for pkg in $p $c; do
    f+=" -X $pkg.gitVersion=$KUBE_VERSION -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
    f+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=2026-01-01T00:00:00Z"
  done
  echo "$f"
}

build_one() {
  local name=$1 ver; ver=$(version_of "$name")
  local stamp="$bin/.$name.version"
  if [ -x "$bin/$name" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$ver" ]; then
    return 0
  fi
  local start=$SECONDS
  echo "build: $name $ver (first build from source can take several minutes)..."
  case "$name" in
    kube-*|kubectl)
      (cd "$here/k8s" && go build -trimpath -ldflags "$(kube_ldflags)" -o "$bin/$name" "k8s.io/kubernetes/cmd/$name") ;;
    etcd)
      (cd "$here/etcd" && go build -trimpath -ldflags "-s -w" -o "$bin/etcd" .) ;;
    kwok|kwokctl)
      GOBIN="$bin" go install -trimpath -ldflags "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=$ver -X sigs.k8s.io/kwok/pkg/consts.KubeVersion=$KUBE_VERSION" "sigs.k8s.io/kwok/cmd/$name@$ver" ;;
    metrics-server)
      # Stamp the version like metrics-server's Makefile does; kwokctl reads it.
      GOBIN="$bin" go install -trimpath -ldflags "-s -w -X k8s.io/client-go/pkg/version.gitVersion=$ver" "sigs.k8s.io/metrics-server/cmd/metrics-server@$ver" ;;
    minio)
      GOBIN="$bin" go install -trimpath -ldflags "-s -w" "github.com/minio/minio@$ver" ;;
  esac
  echo "$ver" > "$stamp"
  echo "build: $name done in $((SECONDS - start))s"
}

for c in "${want[@]}"; do build_one "$c"; done
