# shellcheck shell=bash
# Shared paths, ports and helpers for hack/cluster.sh. Sourced, never run.
# Everything listens on 127.0.0.1 on high ports chosen to clash with nothing
# standard (each mirrors the component's usual port: 2379 -> 32379, ...),
# shifted by FDTUI_PORT_OFFSET.

LC_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROOT=$(cd "$LC_DIR/../.." && pwd)
LOCAL="$ROOT/.local"
BIN="$LOCAL/bin"
KUBECTL="$BIN/kubectl"
KUBECONFIG_OUT="$LOCAL/kubeconfig"

CLUSTER_NAME=fdtui
# kwokctl keeps its clusters (pids, logs, pki, etcd data) under KWOK_WORKDIR.
export KWOK_WORKDIR="$LOCAL/kwok"
# kubectl (ours and the one kwokctl runs) caches discovery here, not in ~/.kube.
export KUBECACHEDIR="$LOCAL/kube-cache"
KWOK_CLUSTER_DIR="$KWOK_WORKDIR/clusters/$CLUSTER_NAME"

HOST=127.0.0.1
# FDTUI_PORT_OFFSET (default 0) is added to every port, so a second cluster
# (another clone of the repository) can run beside the first on this machine,
# e.g. FDTUI_PORT_OFFSET=1000 hack/cluster.sh up. Use the same offset for
# every up/down/status of that clone: a running cluster keeps the ports it
# was created with.
PORT_OFFSET=${FDTUI_PORT_OFFSET:-0}
case "$PORT_OFFSET" in
  '' | *[!0-9]*) printf 'cluster: error: FDTUI_PORT_OFFSET must be a number, got %s\n' "'$PORT_OFFSET'" >&2; exit 2 ;;
esac
PORT_OFFSET=$((10#$PORT_OFFSET))
[ "$PORT_OFFSET" -le 25000 ] || { echo "cluster: error: FDTUI_PORT_OFFSET must be at most 25000 (ports end at 65535)" >&2; exit 2; }
PORT_ETCD=$((32379 + PORT_OFFSET))
PORT_ETCD_PEER=$((32380 + PORT_OFFSET))
PORT_APISERVER=$((36443 + PORT_OFFSET))
PORT_KWOK=$((36247 + PORT_OFFSET))
PORT_CONTROLLER_MANAGER=$((36257 + PORT_OFFSET))
PORT_SCHEDULER=$((36259 + PORT_OFFSET))
PORT_METRICS_SERVER=$((34443 + PORT_OFFSET))
# MinIO's console address is PORT_MINIO + 1 (the console is turned off).
PORT_MINIO=$((39000 + PORT_OFFSET))

MINIO_DIR="$LOCAL/minio"
MINIO_ENV="$LOCAL/minio.env"
MINIO_PID="$LOCAL/minio.pid"
MINIO_LOG="$LOCAL/logs/minio.log"

# Components kwokctl runs for us, as named by their pid files.
KWOK_COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok-controller metrics-server)

# up/down hold this lock (flock(1)) so concurrent calls serialize.
CLUSTER_LOCK="$LOCAL/cluster.lock"

# lock_cluster: serialize with any other up/down (fd 8 stays open, and the
# lock held, until the script exits).
lock_cluster() {
  mkdir -p "$LOCAL"
  exec 8>"$CLUSTER_LOCK"
  flock -w 600 8 || die "another hack/cluster.sh up/down is still running"
}

log() { printf '%s\n' "cluster: $*" >&2; }
die() { log "error: $*"; exit 1; }

kube() { "$KUBECTL" --kubeconfig "$KUBECONFIG_OUT" "$@"; }

# pid_alive PIDFILE BINARY: the pid in PIDFILE runs .local/bin/BINARY
# (guards against a recycled pid; a binary rebuilt meanwhile shows as
# "(deleted)" but is still ours).
pid_alive() {
  local pid exe
  pid=$(cat "$1" 2>/dev/null) || return 1
  exe=$(readlink "/proc/${pid:-0}/exe" 2>/dev/null) || return 1
  [ "${exe% (deleted)}" = "$BIN/$2" ]
}

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND every 0.25 s.
wait_for() {
  local limit=$1 what=$2; shift 2
  local deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || { log "timed out after ${limit}s waiting for $what"; return 1; }
    sleep 0.25
  done
}
