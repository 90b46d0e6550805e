# shellcheck shell=bash
# Per-component health, shared by `status` and `up`.

# component_port NAME
component_port() {
  case "$1" in
    etcd) echo "$PORT_ETCD" ;;
    kube-apiserver) echo "$PORT_APISERVER" ;;
    kube-controller-manager) echo "$PORT_CONTROLLER_MANAGER" ;;
    kube-scheduler) echo "$PORT_SCHEDULER" ;;
    kwok-controller) echo "$PORT_KWOK" ;;
    metrics-server) echo "$PORT_METRICS_SERVER" ;;
    minio) echo "$PORT_MINIO" ;;
  esac
}

component_binary() {
  if [ "$1" = kwok-controller ]; then echo kwok; else echo "$1"; fi
}

component_pidfile() {
  if [ "$1" = minio ]; then echo "$MINIO_PID"; else echo "$KWOK_CLUSTER_DIR/pids/$1.pid"; fi
}

# https_ok PORT PATH: the endpoint answers "ok" (these paths are readable
# without credentials in kwokctl's setup).
https_ok() { [ "$(curl -fsSk --max-time 2 "https://$HOST:$1$2" 2>/dev/null)" = ok ]; }

# component_healthy NAME: the component's own health endpoint says so.
component_healthy() {
  local port; port=$(component_port "$1")
  case "$1" in
    etcd) curl -fsS --max-time 2 "http://$HOST:$port/health" 2>/dev/null | grep -q '"health":"true"' ;;
    kube-apiserver) [ "$(kube --request-timeout=5s get --raw /readyz 2>/dev/null)" = ok ] ;;
    kube-controller-manager | kube-scheduler | metrics-server) https_ok "$port" /healthz ;;
    kwok-controller) https_ok "$port" /healthz || [ "$(curl -fsS --max-time 2 "http://$HOST:$port/healthz" 2>/dev/null)" = ok ] ;;
    minio) minio_healthy ;;
  esac
}

# ALL_COMPONENTS: the current cluster's (use_cluster in common.sh).

# print_status: one line per component; returns 0 all healthy, 3 nothing
# running, 1 anything in between. The probes run in parallel (a kubectl or
# curl each: sequential they take seconds on a busy machine).
print_status() {
  local name pid running=0 healthy=0 ok dir jobs=()
  dir=$(mktemp -d)
  for name in "${ALL_COMPONENTS[@]}"; do
    (
      if pid_alive "$(component_pidfile "$name")" "$(component_binary "$name")"; then
        cp "$(component_pidfile "$name")" "$dir/$name.pid"
        if component_healthy "$name"; then : >"$dir/$name.ok"; fi
      fi
    ) &
    jobs+=($!)
  done
  wait "${jobs[@]}" || true
  printf '%-24s %-8s %-6s %s\n' COMPONENT PID PORT HEALTHY
  for name in "${ALL_COMPONENTS[@]}"; do
    pid=-
    if [ -f "$dir/$name.pid" ]; then
      read -r pid <"$dir/$name.pid" || true
      running=$((running + 1))
    fi
    ok=no
    if [ -f "$dir/$name.ok" ]; then ok=yes; healthy=$((healthy + 1)); fi
    printf '%-24s %-8s %-6s %s\n' "$name" "$pid" "$(component_port "$name")" "$ok"
  done
  rm -rf "$dir"
  if [ $healthy -eq ${#ALL_COMPONENTS[@]} ]; then return 0; fi
  if [ $running -eq 0 ]; then return 3; fi
  return 1
}

all_healthy() { print_status >/dev/null; }
