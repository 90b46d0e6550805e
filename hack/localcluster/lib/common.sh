# shellcheck shell=bash
# Shared paths, ports and helpers for hack/cluster.sh. Sourced, never run.
# Everything listens on 127.0.0.1 on high ports chosen to clash with nothing
# standard (each mirrors the component's usual port: 2379 -> 32379, ...),
# shifted by FDTUI_PORT_OFFSET, and for clusters 2..5 by (i-1)*100 more.

LC_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROOT=$(cd "$LC_DIR/../.." && pwd)
LOCAL="$ROOT/.local"
BIN="$LOCAL/bin"
KUBECTL="$BIN/kubectl"
# One kubeconfig with a context per running cluster (fdtui, fdtui-2, ...).
FLEET_KUBECONFIG="$LOCAL/fleet.kubeconfig"

# kwokctl keeps its clusters (pids, logs, pki, etcd data) under KWOK_WORKDIR.
export KWOK_WORKDIR="$LOCAL/kwok"
# kubectl (ours and the one kwokctl runs) caches discovery here, not in ~/.kube.
export KUBECACHEDIR="$LOCAL/kube-cache"

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
# MinIO's console address is PORT_MINIO + 1 (the console is turned off).
# One MinIO serves every cluster; it runs with cluster 1.
PORT_MINIO=$((39000 + PORT_OFFSET))

# Several kwok clusters can run side by side (FDTUI_CLUSTERS=N, for fdtui's
# fleet screen): cluster 1 is "fdtui" (the one everything else uses), and
# cluster i > 1 is "fdtui-i", its ports shifted by a further
# (i-1) * CLUSTER_PORT_STEP, its admin kubeconfig .local/kubeconfig-fdtui-i.
CLUSTERS_MAX=5
CLUSTER_PORT_STEP=100
# The ports of one cluster before any shift (name=port, as use_cluster sets
# PORT_<name>); the step keeps them apart across clusters (no two differ by
# a multiple of it up to (CLUSTERS_MAX-1) * step: check_port_plan).
CLUSTER_BASE_PORTS=(ETCD=32379 ETCD_PEER=32380 APISERVER=36443 KWOK=36247
  CONTROLLER_MANAGER=36257 SCHEDULER=36259 METRICS_SERVER=34443)

# cluster_name I: the kwok cluster name of cluster I.
cluster_name() { if [ "$1" = 1 ]; then echo fdtui; else echo "fdtui-$1"; fi; }

# clusters_wanted: FDTUI_CLUSTERS (default 1), validated.
clusters_wanted() {
  local n=${FDTUI_CLUSTERS:-1}
  case "$n" in
    '' | *[!0-9]* | 0*) printf 'cluster: error: FDTUI_CLUSTERS must be a number from 1 to %s, got %s\n' "$CLUSTERS_MAX" "'$n'" >&2; exit 2 ;;
  esac
  [ "$n" -le "$CLUSTERS_MAX" ] || { printf 'cluster: error: FDTUI_CLUSTERS must be a number from 1 to %s, got %s\n' "$CLUSTERS_MAX" "$n" >&2; exit 2; }
  echo "$n"
}

# cluster_exists I: cluster I was created (kwokctl's state is there).
cluster_exists() { [ -d "$KWOK_WORKDIR/clusters/$(cluster_name "$1")" ]; }

# use_cluster I: points every function of these libraries at cluster I:
# its name, state directory, kubeconfig, ports, components and web nodes.
# Cluster 1 runs MinIO too and has FDTUI_WEB_NODES (default 3) web nodes;
# the others have 2 (a small second cluster; the bench adds its own nodes).
use_cluster() {
  local kv shift=$((($1 - 1) * CLUSTER_PORT_STEP))
  CLUSTER_INDEX=$1
  CLUSTER_NAME=$(cluster_name "$1")
  KWOK_CLUSTER_DIR="$KWOK_WORKDIR/clusters/$CLUSTER_NAME"
  KWOK_CONFIG="$KWOK_CLUSTER_DIR/kwok.yaml"
  for kv in "${CLUSTER_BASE_PORTS[@]}"; do
    printf -v "PORT_${kv%%=*}" '%s' $((${kv#*=} + PORT_OFFSET + shift))
  done
  if [ "$1" = 1 ]; then
    KUBECONFIG_OUT="$LOCAL/kubeconfig"
    KWOK_RENDERED="$KWOK_WORKDIR/kwokctl.yaml"
    ALL_COMPONENTS=("${KWOK_COMPONENTS[@]}" minio)
    WEB_NODES=${FDTUI_WEB_NODES:-3}
    LOG_PREFIX=cluster
  else
    KUBECONFIG_OUT="$LOCAL/kubeconfig-$CLUSTER_NAME"
    KWOK_RENDERED="$KWOK_WORKDIR/kwokctl-$CLUSTER_NAME.yaml"
    ALL_COMPONENTS=("${KWOK_COMPONENTS[@]}")
    WEB_NODES=2
    LOG_PREFIX="cluster $CLUSTER_NAME"
  fi
}

# check_port_plan: no port of any cluster is another's (nor MinIO's).
check_port_plan() {
  local i kv port seen=" $PORT_MINIO $((PORT_MINIO + 1)) "
  for ((i = 1; i <= CLUSTERS_MAX; i++)); do
    for kv in "${CLUSTER_BASE_PORTS[@]}"; do
      port=$((${kv#*=} + PORT_OFFSET + (i - 1) * CLUSTER_PORT_STEP))
      [[ $seen != *" $port "* ]] || die "port plan: $(cluster_name "$i")'s ${kv%%=*} port $port is taken by another component"
      seen+="$port "
    done
  done
}

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

log() { printf '%s\n' "${LOG_PREFIX:-cluster}: $*" >&2; }
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

use_cluster 1
