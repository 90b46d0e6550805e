#!/usr/bin/env bash
# hack/localcluster/test-repair.sh [COMPONENT...]: for each component of the
# local cluster in turn (default: all seven), SIGKILLs it, runs
# `hack/cluster.sh up` and asserts that up exits 0 in one call, that status
# then reports every component healthy, that the killed one has a new pid and
# that nothing else was restarted (except the controller manager and the
# scheduler after etcd or the apiserver: they may exit on their own when
# they cannot renew their lease). Prints the time each repair took; ends
# with a Deployment rolled out (controller manager, scheduler, kwok at work).
# Needs a healthy cluster and disrupts it: hack/test.sh runs it after go
# test, never beside it. Honors FDTUI_PORT_OFFSET like hack/cluster.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
for lib in common kwok health minio repair; do
  # shellcheck source=/dev/null
  source "$here/lib/$lib.sh"
done
cluster="$root/hack/cluster.sh"

fail() { printf 'test-repair: FAIL: %s\n' "$*" >&2; exit 1; }
say() { printf 'test-repair: %s\n' "$*" >&2; }

components=("$@")
[ ${#components[@]} -gt 0 ] || components=("${ALL_COMPONENTS[@]}")

"$cluster" status >/dev/null 2>&1 || {
  "$cluster" status >&2 || true
  fail "the cluster is not healthy before the test (run hack/cluster.sh up)"
}

# pids: "name=pid ..." of every component.
pids() {
  local name out=""
  for name in "${ALL_COMPONENTS[@]}"; do out+="$name=$(component_pid "$name") "; done
  echo "$out"
}
pid_in() { local kv; for kv in $2; do [ "${kv%%=*}" != "$1" ] || { echo "${kv#*=}"; return; }; done; }

out=$(mktemp)
trap 'rm -f "$out" "$out.up"' EXIT
total_start=$(now_ms)
for name in "${components[@]}"; do
  component_alive "$name" || fail "$name is not running before it is killed"
  before=$(pids)
  pid=$(pid_in "$name" "$before")
  kill -KILL "$pid"
  for ((i = 0; i < 40; i++)); do component_alive "$name" || break; sleep 0.05; done
  component_alive "$name" && fail "$name (pid $pid) survived SIGKILL"

  start=$(now_ms)
  rc=0
  "$cluster" up >"$out.up" 2>&1 || rc=$?
  took=$(secs_since "$start")
  if [ $rc -ne 0 ]; then
    cat "$out.up" >&2
    fail "after killing $name, hack/cluster.sh up exited $rc after $took"
  fi
  if ! "$cluster" status >"$out" 2>&1; then
    cat "$out" >&2
    fail "after killing $name and up, status is not all healthy"
  fi
  after=$(pids)
  [ "$(pid_in "$name" "$after")" != "$pid" ] || fail "$name still has pid $pid after up"
  also=()
  for other in "${ALL_COMPONENTS[@]}"; do
    [ "$other" != "$name" ] || continue
    [ "$(pid_in "$other" "$before")" = "$(pid_in "$other" "$after")" ] && continue
    case "$name/$other" in
      etcd/kube-controller-manager | etcd/kube-scheduler | kube-apiserver/kube-controller-manager | kube-apiserver/kube-scheduler)
        also+=("$other") ;;
      *) fail "killing $name also restarted $other (pid $(pid_in "$other" "$before") -> $(pid_in "$other" "$after"))" ;;
    esac
  done
  line=$(printf '%-24s repaired in %6s' "$name" "$took")
  [ ${#also[@]} -eq 0 ] || line+=" (it also restarted ${also[*]}, which had exited)"
  say "$line"
  # What up said it did.
  grep -E 'restarting|ready|recovered|exited|waiting' "$out.up" | sed 's/^/    /' >&2 || true
done

# The repaired control plane works: a Deployment needs the controller
# manager (ReplicaSet, pod), the scheduler (binding) and kwok (Running, Ready).
ns="test-repair-$$"
smoke_start=$(now_ms)
kube create namespace "$ns" >/dev/null
kube -n "$ns" create deployment smoke --image=registry.example/smoke:1 >/dev/null
if ! kube -n "$ns" rollout status deployment/smoke --timeout=60s >"$out" 2>&1; then
  cat "$out" >&2
  kube -n "$ns" get deploy,rs,pods -o wide >&2 || true
  kube delete namespace "$ns" --wait=false >/dev/null 2>&1 || true
  fail "a Deployment did not roll out on the repaired cluster"
fi
kube delete namespace "$ns" --wait=false >/dev/null
say "a Deployment rolled out in $(secs_since "$smoke_start")"
say "ok: ${#components[@]} repairs, $(secs_since "$total_start") in all"
