#!/usr/bin/env bash
# hack/bench.sh [--cleanup | fleet] : make bench, fdtui against k9s and the floors a
# fast client could reach (issue 13), on the local cluster.
#
#   1. builds bin/fdtui, the bench programs (hack/bench/{scale,floor,
#      measure,report,readme}) and k9s v0.50.16 (go install, once:
#      .local/bin/k9s);
#   2. for each size, smallest first: starts the local cluster
#      (hack/cluster.sh up) and scales it with hack/bench/scale (nodes,
#      pods/10 site namespaces, pods, events; an already scaled cluster is
#      reused, a bigger one refused), waits until every pod is Ready, and
#      runs hack/bench/measure: BENCH_RUNS interleaved repetitions of
#      floor informer, floor LIST, fdtui on its sites screen, fdtui on
#      :pods, k9s (-A -c pods), in tmux at 200x50;
#   3. runs the Go benchmarks of internal/ui (10,000 pods, in process);
#   4. writes bench/results/YYYY-MM-DD-<commit>.md (hack/bench/report) and
#      the README's results from it (hack/bench/readme).
#
# Minutes, not seconds: scaling to 10,000 pods took ~28 min from an empty
# cluster (2026-12-04, kwok at 16 stage plays at once, kwokctl.yaml: sites
# created at ~9 pods/s with the apiserver at 100 % of a core, then Ready at
# ~25/s), and 10,000 to 30,000 another ~50 min, where from 13,000 pods kwok
# spent 1.4 cores serving metrics-server's node scrapes and made ~5 pods/s
# Ready until metrics-server was stopped. Each repetition takes ~6 min at
# 10,000 pods (k9s included), ~17 at 30,000. Never part of make test or CI.
#   --cleanup   remove the bench namespaces, nodes and volumes instead.
#
# Environment:
#   BENCH_PODS (10000)   bench pods; the sites are pods/10
#   BENCH_SCALES         sizes to run, e.g. 1000,10000,30000 (instead of
#                        BENCH_PODS); 30,000 pods take long to scale
#   BENCH_NAMESPACES     sites, for a single size (default pods/10)
#   BENCH_NODES (50)     nodes the cluster should have
#   BENCH_RUNS (3)       interleaved repetitions per size
#   BENCH_IDLE, BENCH_CHURN (30s) the CPU windows
#   BENCH_SKIP_GO=1, BENCH_SKIP_K9S=1
#   FDTUI_PORT_OFFSET    as for hack/cluster.sh (a second clone's cluster)
# A quick run: BENCH_NODES=6 BENCH_PODS=200 BENCH_RUNS=1 BENCH_IDLE=5s \
#   BENCH_CHURN=5s BENCH_SKIP_GO=1 make bench
#
# hack/bench.sh fleet : make bench-fleet, fdtui's fleet screen (issue 17).
#   Starts BENCH_FLEET_CLUSTERS (3) local clusters (FDTUI_CLUSTERS, see
#   hack/cluster.sh; no other may run), fills each with hack/bench/scale
#   (BENCH_FLEET_SITES, 1000, sites of BENCH_FLEET_PODS_PER_SITE, 2, pods
#   on BENCH_FLEET_NODES, 20, nodes; all clusters at once, the time it took
#   noted; filled clusters are reused), then runs hack/bench/measure -fleet:
#   BENCH_RUNS (3) runs of `bin/fdtui --kubeconfig .local/fleet.kubeconfig
#   --fleet` in tmux at 200x50, each timed from exec until the screen shows
#   "3/3 connected" and "3000 sites" (the fleet header once every cluster
#   is connected and every site counted), RSS after BENCH_IDLE (30s) idle;
#   gives up after BENCH_FLEET_TIMEOUT (5m) naming the text it waited for.
#   BENCH_FDTUI: another fdtui binary to measure (the results file then
#   names the commit it was built from).
#   Writes bench/results/fleet-YYYY-MM-DD-<commit>.md (hack/bench/report
#   -fleet). Filling takes ~35 min on 2 cores, whatever the pods per site
#   (~0.5 sites/s per cluster); 2 pods per site (mysql-0 and one web pod),
#   not make bench's 10, because three kwoks on 2 cores made 30,000 pods
#   Ready at ~1 pod/s (2026-12-03: 2,114 Ready 37 min in).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

K9S_VERSION=v0.50.16
KUBECONFIG_LOCAL=$root/.local/kubeconfig
BENCH_DIR=$root/.local/bench
BIN=$BENCH_DIR/bin
RESULTS=bench/results

log() { echo "bench: $*" >&2; }

usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
  exit 2
}

install_k9s() {
  if [ -x .local/bin/k9s ] && go version -m .local/bin/k9s 2>/dev/null |
    grep -Eq "mod[[:space:]]+github.com/derailed/k9s[[:space:]]+$K9S_VERSION([[:space:]]|$)"; then
    return 0
  fi
  log "installing k9s $K9S_VERSION from the Go module proxy (a large build: several minutes, once)"
  GOBIN=$root/.local/bin go install "github.com/derailed/k9s@$K9S_VERSION"
}

build() {
  log "building fdtui and the bench programs"
  mkdir -p "$BIN"
  make --no-print-directory build # with the shipped build tags
  go build -o "$BIN/" ./hack/bench/scale ./hack/bench/floor ./hack/bench/measure ./hack/bench/report ./hack/bench/readme
  [ "${BENCH_SKIP_K9S:-}" = 1 ] || install_k9s
}

# sizes prints the pod counts to run, smallest first: a cluster can grow
# between sizes, not shrink.
sizes() {
  local list=${BENCH_SCALES:-${BENCH_PODS:-10000}}
  tr ', ' '\n\n' <<<"$list" | grep -v '^$' | sort -n | uniq
}

scale() {
  local pods=$1 sites=$(($1 / 10))
  if [ -n "${BENCH_NAMESPACES:-}" ]; then
    [ "$(sizes | wc -l)" = 1 ] || { log "BENCH_NAMESPACES is for one size; with BENCH_SCALES the sites are pods/10"; exit 2; }
    sites=$BENCH_NAMESPACES
  fi
  hack/cluster.sh up
  warn_old_metrics
  "$BIN/scale" --kubeconfig "$KUBECONFIG_LOCAL" --nodes "${BENCH_NODES:-50}" \
    --namespaces "$sites" --pods "$pods" --exact
}

# warn_old_metrics: a cluster created before 907c877 still has kwok serve
# the pod-level metric series metrics-server never reads (kwokctl.yaml),
# which cost 34 % of a core at 10,000 idle pods against 20-23 % without:
# its figures are not comparable with a new cluster's.
warn_old_metrics() {
  if grep -qs pod_cpu_usage_seconds_total "$(cluster_value 1 KWOK_CLUSTER_DIR)/kwok.yaml"; then
    log "note: the local cluster was created before kwok stopped serving pod-level metrics (hack/localcluster/kwokctl.yaml), so kwok spends more CPU on each scrape than a new cluster's would; for figures comparable with later results: hack/cluster.sh down, then make bench"
  fi
}

measure() {
  local pods=$1 skip=()
  [ "${BENCH_SKIP_K9S:-}" = 1 ] && skip=(--skip-k9s)
  log "measuring at $pods bench pods (${BENCH_RUNS:-3} interleaved runs)"
  "$BIN/measure" --kubeconfig "$KUBECONFIG_LOCAL" --fdtui bin/fdtui --k9s .local/bin/k9s \
    --floor "$BIN/floor" --k9s-dir "$BENCH_DIR/k9s" --runs "${BENCH_RUNS:-3}" --requested "$pods" \
    --idle "${BENCH_IDLE:-30s}" --churn "${BENCH_CHURN:-30s}" --out "$BENCH_DIR/size-$pods.json" "${skip[@]}"
}

go_benchmarks() {
  if [ "${BENCH_SKIP_GO:-}" = 1 ]; then
    : >"$BENCH_DIR/go-bench.txt"
    return 0
  fi
  log "Go benchmarks (internal/ui at 10,000 pods)"
  go test -run '^$' -bench . -benchmem -timeout 30m ./internal/ui/... | tee "$BENCH_DIR/go-bench.txt"
}

knobs() {
  knobs_of BENCH_PODS BENCH_SCALES BENCH_NAMESPACES BENCH_NODES BENCH_RUNS BENCH_IDLE BENCH_CHURN BENCH_SKIP_GO BENCH_SKIP_K9S FDTUI_PORT_OFFSET
}

# knobs_of NAME...: "NAME=value ..." of those set.
knobs_of() {
  local k out=()
  for k in "$@"; do
    [ -n "${!k:-}" ] && out+=("$k=${!k}")
  done
  echo "${out[*]:-(defaults)}"
}

report() {
  local commit k9s=() files=()
  commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
  [ -z "$(git status --porcelain --untracked-files=no 2>/dev/null)" ] || commit+=-dirty
  [ "${BENCH_SKIP_K9S:-}" = 1 ] || k9s=(--k9s .local/bin/k9s)
  for pods in $(sizes); do files+=("$BENCH_DIR/size-$pods.json"); done
  local command=hack/bench.sh
  [ -z "${MAKELEVEL:-}" ] || command="make bench"
  local out
  out=$("$BIN/report" --out-dir "$RESULTS" --go-bench "$BENCH_DIR/go-bench.txt" --commit "$commit" \
    --fdtui-version "$(git describe --always --dirty 2>/dev/null || echo dev)" --fdtui bin/fdtui "${k9s[@]}" \
    --command "$command" --knobs "$(knobs)" --start-load "$START_LOAD" "${files[@]}")
  "$BIN/readme" --results "$RESULTS" --readme README.md
  log "results written to $out (commit it with README.md)"
}

# cluster_value I NAME: the value hack/localcluster/lib/common.sh gives
# NAME for local cluster I (its paths: KUBECONFIG_OUT, KWOK_CLUSTER_DIR).
cluster_value() {
  (
    # shellcheck source=/dev/null
    source hack/localcluster/lib/common.sh
    use_cluster "$1"
    echo "${!2}"
  )
}

# cluster_kubeconfig I: the admin kubeconfig of local cluster I.
cluster_kubeconfig() { cluster_value "$1" KUBECONFIG_OUT; }

# fleet_fill: every fleet cluster filled by hack/bench/scale at once;
# prints what was done and how long it took.
fleet_fill() {
  local n=$1 sites=$2 per=$3 nodes=$4 i pids=() start=$SECONDS made=0 failed=0 created
  for ((i = 1; i <= n; i++)); do
    "$BIN/scale" --kubeconfig "$(cluster_kubeconfig "$i")" --nodes "$nodes" --namespaces "$sites" \
      --pods $((sites * per)) --exact --ready-timeout 10m >"$BENCH_DIR/fleet-scale-$i.log" 2>&1 &
    pids+=($!)
  done
  log "filling $n clusters with $sites sites of $per pods each (logs: $BENCH_DIR/fleet-scale-*.log)"
  for ((i = 1; i <= n; i++)); do
    if ! wait "${pids[$((i - 1))]}"; then
      log "hack/bench/scale failed on cluster $i:"
      tail -n 5 "$BENCH_DIR/fleet-scale-$i.log" >&2
      failed=1
    fi
    created=$(sed -n 's/^scale: .* wanted, \([0-9]*\) to create$/\1/p' "$BENCH_DIR/fleet-scale-$i.log")
    made=$((made + ${created:-0}))
  done
  [ $failed = 0 ] || exit 1
  local took=$((SECONDS - start))
  if [ $made = 0 ]; then
    echo "$n × $(thousands "$sites") sites of $per pods on $nodes nodes each, by hack/bench/scale, reused from an earlier run (checked in ${took}s)"
  else
    echo "$n × $(thousands "$sites") sites of $per pods on $nodes nodes each, by hack/bench/scale on all clusters at once: $made sites made in $((took / 60)) min $((took % 60)) s (until every pod Ready)"
  fi
}

# binary_commit BIN: the short commit a Go binary was built from
# (vcs.revision, -dirty when vcs.modified), or "unknown".
binary_commit() {
  local info rev
  info=$(go version -m "$1" 2>/dev/null || true)
  rev=$(sed -n 's/^[[:space:]]*build[[:space:]]*vcs.revision=\(.\{7\}\).*/\1/p' <<<"$info")
  [ -n "$rev" ] || { echo unknown; return; }
  grep -q 'vcs.modified=true' <<<"$info" && rev+=-dirty
  echo "$rev"
}

thousands() { printf "%'d" "$1" 2>/dev/null || echo "$1"; }

fleet() {
  local n=${BENCH_FLEET_CLUSTERS:-3} sites=${BENCH_FLEET_SITES:-1000} per=${BENCH_FLEET_PODS_PER_SITE:-2}
  local nodes=${BENCH_FLEET_NODES:-20} fdtui=${BENCH_FDTUI:-bin/fdtui} i seeded commit
  START_LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
  BENCH_SKIP_K9S=1 build
  FDTUI_CLUSTERS=$n hack/cluster.sh up
  for ((i = n + 1; i <= 5; i++)); do
    [ ! -s "$(cluster_kubeconfig "$i")" ] || { log "cluster $i runs too: the fleet would have more than $n clusters (hack/cluster.sh down first)"; exit 1; }
  done
  seeded=$(fleet_fill "$n" "$sites" "$per" "$nodes")
  log "$seeded"
  log "measuring fdtui --fleet (${BENCH_RUNS:-3} runs)"
  if ! "$BIN/measure" --fleet --kubeconfig "$root/.local/fleet.kubeconfig" --fdtui "$fdtui" --runs "${BENCH_RUNS:-3}" \
    --idle "${BENCH_IDLE:-30s}" --timeout "${BENCH_FLEET_TIMEOUT:-5m}" --out "$BENCH_DIR/fleet.json"; then
    log "FAIL: no fleet results (raw runs in $BENCH_DIR/fleet.json)"
    exit 1
  fi
  commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
  [ -z "$(git status --porcelain --untracked-files=no 2>/dev/null)" ] || commit+=-dirty
  local version
  version=$(git describe --always --dirty 2>/dev/null || echo dev)
  if [ -n "${BENCH_FDTUI:-}" ]; then # the commit it was built from
    commit=$(binary_commit "$fdtui")
    version=$commit
  fi
  local command="hack/bench.sh fleet"
  [ -z "${MAKELEVEL:-}" ] || command="make bench-fleet"
  local out
  out=$("$BIN/report" --fleet "$BENCH_DIR/fleet.json" --seeded "$seeded" --out-dir "$RESULTS" --commit "$commit" \
    --fdtui-version "$version" --fdtui "$fdtui" --command "$command" --start-load "$START_LOAD" \
    --knobs "$(knobs_of BENCH_FDTUI BENCH_FLEET_CLUSTERS BENCH_FLEET_SITES BENCH_FLEET_PODS_PER_SITE BENCH_FLEET_NODES BENCH_RUNS BENCH_IDLE BENCH_FLEET_TIMEOUT FDTUI_PORT_OFFSET)")
  log "results written to $out (commit it)"
}

main() {
  command -v tmux >/dev/null || hack/prereqs.sh
  case "${1:-}" in
    fleet) fleet ;;
    "")
      START_LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
      build
      for pods in $(sizes); do
        scale "$pods"
        measure "$pods"
      done
      go_benchmarks
      report
      ;;
    --cleanup)
      mkdir -p "$BIN" && go build -o "$BIN/" ./hack/bench/scale
      "$BIN/scale" --kubeconfig "$KUBECONFIG_LOCAL" --cleanup
      ;;
    *) usage ;;
  esac
}

main "$@"
