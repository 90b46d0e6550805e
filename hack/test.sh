#!/usr/bin/env bash
# hack/test.sh [go test args...]: `make test`. Runs every package's tests,
# integration tests included, against the local cluster: brings it up if it
# was not running (and takes it down again afterwards, also on failure or
# Ctrl-C), exports FDTUI_KUBECONFIG and FDTUI_S3_* for internal/testenv, and
# exits with go test's status (the race detector is on: every UI test
# drives goroutines). Extra arguments replace the default package
# pattern and flags, e.g. hack/test.sh -run TestCluster ./internal/testenv/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# Several runs may share the cluster (parallel engineers, editors): each
# holds .local/test.lock shared; the run that started the cluster stops it
# only if no other run holds the lock by then, else leaves it running.
mkdir -p .local
exec 9>.local/test.lock
flock -s 9

started=no
cleanup() {
  [ "$started" = yes ] || return 0
  if flock -n -x 9; then
    hack/cluster.sh down || true
  else
    echo "test: other test runs are using the cluster; leaving it running" >&2
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# status: 0 healthy, 3 down (ours to start and stop), else degraded (repair
# it with up, but leave it running as we found it).
was=0
hack/cluster.sh status >/dev/null 2>&1 || was=$?
if [ $was -ne 0 ]; then
  [ $was -ne 3 ] || started=yes
  hack/cluster.sh up
fi

export FDTUI_KUBECONFIG="$root/.local/kubeconfig"
set -a
# shellcheck source=/dev/null
source "$root/.local/minio.env"
set +a

args=("$@")
[ ${#args[@]} -gt 0 ] || args=(-count=1 -race -timeout 15m ./...)
status=0
go test "${args[@]}" || status=$?
exit $status
