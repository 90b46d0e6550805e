#!/usr/bin/env bash
# hack/bench.sh [--cleanup] : make bench, the 10,000-pod benchmark of issue 7.
#
#   1. builds bin/fdtui, the bench programs (hack/bench/{scale,floor,measure})
#      and k9s v0.50.16 (go install, once: .local/bin/k9s);
#   2. starts the local cluster (hack/cluster.sh up) and scales it with
#      hack/bench/scale: 50 nodes, 1,000 site namespaces, 10,000 pods, events;
#      an already scaled cluster is reused; waits until every pod is Ready;
#   3. runs the Go benchmarks of internal/ui (view-models, View(), filter,
#      informer batches at 10,000 pods);
#   4. runs fdtui, then k9s, in tmux at 200x50 and measures both next to the
#      floor (hack/bench/measure), prints the table and writes bench-results.md.
#
# Minutes, not seconds: the first scale takes ~5 min (kwok makes ~40 pods/s
# Ready on 2 cores), the measurements ~3 min. Never part of make test or CI.
#   --cleanup   remove the bench namespaces, nodes and volumes instead.
#
# Environment: BENCH_NODES (50), BENCH_NAMESPACES (1000), BENCH_PODS (10000),
# BENCH_IDLE and BENCH_CHURN (30s windows), BENCH_SKIP_GO=1, BENCH_SKIP_K9S=1.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

K9S_VERSION=v0.50.16
KUBECONFIG_LOCAL=$root/.local/kubeconfig
BENCH_DIR=$root/.local/bench
BIN=$BENCH_DIR/bin

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
  go build -o bin/fdtui ./cmd/fdtui
  go build -o "$BIN/" ./hack/bench/scale ./hack/bench/floor ./hack/bench/measure
  [ "${BENCH_SKIP_K9S:-}" = 1 ] || install_k9s
}

scale() {
  hack/cluster.sh up
  "$BIN/scale" --kubeconfig "$KUBECONFIG_LOCAL" --nodes "${BENCH_NODES:-50}" \
    --namespaces "${BENCH_NAMESPACES:-1000}" --pods "${BENCH_PODS:-10000}"
}

go_benchmarks() {
  if [ "${BENCH_SKIP_GO:-}" = 1 ]; then
    : >"$BENCH_DIR/go-bench.txt"
    return 0
  fi
  log "Go benchmarks (internal/ui at 10,000 pods)"
  go test -run '^$' -bench . -benchmem -timeout 30m ./internal/ui/... | tee "$BENCH_DIR/go-bench.txt"
}

measure() {
  local skip=()
  [ "${BENCH_SKIP_K9S:-}" = 1 ] && skip=(--skip-k9s)
  "$BIN/measure" --kubeconfig "$KUBECONFIG_LOCAL" --fdtui bin/fdtui --k9s .local/bin/k9s \
    --floor "$BIN/floor" --k9s-dir "$BENCH_DIR/k9s" --go-bench "$BENCH_DIR/go-bench.txt" \
    --idle "${BENCH_IDLE:-30s}" --churn "${BENCH_CHURN:-30s}" \
    --fdtui-version "$(git describe --always --dirty 2>/dev/null || echo dev)" \
    --k9s-version "$K9S_VERSION" --out "$root/bench-results.md" "${skip[@]}"
  log "results written to bench-results.md"
}

main() {
  command -v tmux >/dev/null || hack/prereqs.sh
  case "${1:-}" in
    "") build && scale && go_benchmarks && measure ;;
    --cleanup)
      mkdir -p "$BIN" && go build -o "$BIN/" ./hack/bench/scale
      "$BIN/scale" --kubeconfig "$KUBECONFIG_LOCAL" --cleanup
      ;;
    *) usage ;;
  esac
}

main "$@"
