#!/usr/bin/env bash
# hack/test.sh [go test args...]: `make test`. Runs every package's tests,
# integration tests included, against the local cluster: brings it up if it
# was not running (and takes it down again afterwards, also on failure or
# Ctrl-C), exports FDTUI_KUBECONFIG and FDTUI_S3_* for internal/testenv, and
# exits with go test's status (the race detector is on: every UI test
# drives goroutines). FDTUI_REQUIRE_INTEGRATION=1 makes an integration test
# that cannot reach the cluster or MinIO fail instead of skip. With the
# default arguments, go test is followed by the cluster's repair test
# (hack/localcluster/test-repair.sh: kills each component in turn and checks
# that `hack/cluster.sh up` repairs it), run alone on the cluster since it
# disrupts it; its failure fails the run too. Extra arguments replace the
# default package pattern and flags (and skip the repair test), e.g.
# hack/test.sh -run TestCluster ./internal/testenv/.
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
export FDTUI_REQUIRE_INTEGRATION=1
set -a
# shellcheck source=/dev/null
source "$root/.local/minio.env"
set +a

args=("$@")
[ ${#args[@]} -gt 0 ] || args=(-count=1 -race -timeout 15m ./...)
status=0
go test "${args[@]}" || status=$?

if [ $# -eq 0 ]; then
  # The repair test kills components: it needs the cluster to itself, so
  # it waits until no other run shares it (their shared locks), and holds
  # the lock exclusively meanwhile (a run starting then waits for it).
  if ! flock -n -x 9; then
    echo "test: waiting for the other test runs on the cluster to finish before the repair test" >&2
    flock -x -w 1800 9 || { echo "test: FAIL: the cluster stayed in use for 30 minutes; repair test not run" >&2; exit 1; }
  fi
  hack/localcluster/test-repair.sh || { [ $status -ne 0 ] || status=1; }
fi
exit $status
