#!/usr/bin/env bash
# hack/cluster.sh up|down|status : the local fdtui test cluster(s).
#
#   up      build what is missing (hack/localcluster/build.sh), start a kwok
#           cluster "fdtui" (etcd, kube-apiserver with RBAC,
#           kube-controller-manager, kube-scheduler, kwok, metrics-server) and
#           MinIO, create fake DOKS-like nodes, apply the simulation stages,
#           wait until all is healthy. Idempotent: a second call is quick.
#           On an existing cluster it restarts exactly the components that
#           are dead (or unhealthy for long), in dependency order, in seconds.
#           With FDTUI_CLUSTERS=N, also clusters "fdtui-2" .. "fdtui-N" (one
#           after the other, each repaired the same way); clusters beyond N
#           that run already are left alone.
#   down    stop exactly what `up` started, every cluster there is (whatever
#           FDTUI_CLUSTERS says), and remove its state (the MinIO
#           credentials in .local/minio.env are kept).
#   status  one line per component, per cluster (1 to FDTUI_CLUSTERS and any
#           other running); exit 0 all healthy, 3 all down, 1 anything else.
#
# Environment: FDTUI_WEB_NODES (default 3) = number of nodes in pool "web".
#   FDTUI_PORT_OFFSET (default 0) is added to every port, so a second clone
#   can run its own cluster beside the first (e.g. 1000: apiserver on 37443);
#   give the same offset to every up/down/status of that clone.
#   FDTUI_CLUSTERS (1 to 5, default 1): kwok clusters to run, for fdtui's
#   fleet screen. Cluster 1 is "fdtui", as above. Cluster i > 1 is
#   "fdtui-i": the same components and stages, its ports shifted by a
#   further (i-1)*100 (fdtui-2's apiserver on 36543), 2 web nodes and a db
#   node, no MinIO of its own (the one MinIO serves all).
# Outputs: .local/kubeconfig (admin, cluster 1), .local/kubeconfig-fdtui-i
#   (admin, cluster i), .local/fleet.kubeconfig (a context per running
#   cluster, named fdtui, fdtui-2, ...; current-context fdtui),
#   .local/minio.env (FDTUI_S3_*).
# Everything listens on 127.0.0.1; ports are in hack/localcluster/lib/common.sh.
#
# Simulated pods (hack/localcluster/stages): Ready after ~1-2 s, unless
#   an image contains "broken"     -> Pending, ErrImagePull/ImagePullBackOff
#   an image contains "crashloop"  -> Running, CrashLoopBackOff, restarts climb
#   annotation fdtui.dev/simulate=stuck-terminating -> never finishes deleting
#   annotations kwok.x-k8s.io/usage-cpu|usage-memory -> usage per container
#     in metrics.k8s.io (default: a share of the container's requests).
# CRDs (no controllers): cert-manager (deploy/crds) and the Gateway API
#   standard channel, pinned in hack/localcluster/versions.env.
# Edge (hack/localcluster/edge): GatewayClass local-gateway, accepted by the
#   kwok stand-in (stages/gateway-api.yaml: Gateways Programmed, HTTPRoutes
#   Accepted), and IngressClass nginx of ingress-nginx (flagged retired).
# Simulated cert-manager (stages/cert-manager.yaml): a Certificate,
#   CertificateRequest, Order or Challenge annotated fdtui.dev/simulate-tls=
#   issued|expired-ready|challenge-404|rate-limited|issuer-missing gets the
#   status cert-manager would write (internal/certsim builds such chains).
# Exec and port-forward (kwokctl.yaml: ClusterExec, ClusterPortForward): a
#   pod's commands are the stand-ins in hack/localcluster/standins (drush,
#   varnishadm, mysqldump, sh; no bash), its ports answer HTTP; a kwok Exec
#   object for one pod with env FDTUI_STANDIN_FAIL=varnishadm,... makes
#   those stand-ins fail there. Needs a cluster created with this config.
# Backup Jobs (pods labelled app.kubernetes.io/component=backup): run for
#   real on this machine by the local job runner (hack/localcluster/
#   jobrunner; log .local/logs/jobrunner.log): Secret volumes as files,
#   the stand-ins as PATH, mc uploading to the local MinIO; the pod's exit
#   codes and logs are the commands'.
# Simulated nodes: Ready, unless annotated fdtui.dev/simulate=frozen-node ->
#   no stage touches the node's status (a test writes its conditions).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
for lib in common kwok nodes minio health repair jobrunner; do
  # shellcheck source=/dev/null
  source "$here/localcluster/lib/$lib.sh"
done

usage() {
  # The comment block at the top of this file.
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
  exit 2
}

print_access() {
  local i
  for ((i = 1; i <= CLUSTERS_MAX; i++)); do
    cluster_exists "$i" || continue
    use_cluster "$i"
    [ -s "$KUBECONFIG_OUT" ] && printf 'kubeconfig: %s (%s)\n' "$KUBECONFIG_OUT" "$CLUSTER_NAME"
  done
  [ -s "$FLEET_KUBECONFIG" ] && echo "fleet:      $FLEET_KUBECONFIG (a context per cluster)"
  echo "s3 env:     $MINIO_ENV"
  use_cluster 1
  echo "try:        $KUBECTL --kubeconfig $KUBECONFIG_OUT get nodes"
}

sync_cluster_objects() {
  apply_crds
  apply_stages
  apply_edge
  sync_nodes
}

# wait_healthy: what tests need, each wait restarting a component that
# exits meanwhile (lib/repair.sh).
wait_healthy() {
  local nodes; nodes=$(wanted_node_count)
  if wait_repairing 60 "kube-apiserver /readyz" component_healthy kube-apiserver &&
    wait_repairing 60 "$nodes nodes Ready" nodes_ready "$nodes" &&
    wait_repairing 60 "APIService v1beta1.metrics.k8s.io Available" metrics_api_available &&
    wait_repairing 60 "metrics of all $nodes nodes" node_metrics_ready "$nodes" &&
    { [ "$CLUSTER_INDEX" != 1 ] || wait_repairing 30 "MinIO /minio/health/live" minio_healthy; } &&
    wait_repairing 30 "every component healthy" all_healthy; then
    return 0
  fi
  print_status >&2 || true
  return 1
}

# cluster_up: brings the current cluster (use_cluster) up or repairs it.
cluster_up() {
  local start=$SECONDS
  WAIT_REPAIRS=0
  # (A dead component skips the health probes: with etcd gone the
  # apiserver's /readyz alone takes seconds to fail.)
  if [ -s "$KUBECONFIG_OUT" ] && ! any_component_dead && all_healthy; then
    sync_cluster_objects
    [ "$CLUSTER_INDEX" != 1 ] || jobrunner_start
    log "already running ($((SECONDS - start))s)"
    return 0
  fi
  if [ -f "$KWOK_CONFIG" ]; then
    log "repairing the cluster (not every component is healthy)..."
  elif [ "$CLUSTER_INDEX" = 1 ]; then
    kwok_check_free_ports
    log "starting MinIO and creating the kwok cluster '$CLUSTER_NAME'..."
    minio_start
    kwok_create
  else
    kwok_check_free_ports
    log "creating the kwok cluster '$CLUSTER_NAME' (apiserver on :$PORT_APISERVER)..."
    kwok_create
  fi
  write_kubeconfig
  # Also right after kwokctl created the cluster: it starts every
  # component at once, and one that gave up waiting for the apiserver
  # (metrics-server) stays dead.
  cluster_repair
  sync_cluster_objects
  wait_healthy || die "cluster did not become healthy; logs in .local/logs and $KWOK_CLUSTER_DIR/logs"
  [ "$CLUSTER_INDEX" != 1 ] || jobrunner_start
  log "up in $((SECONDS - start))s"
}

# write_fleet_kubeconfig: .local/fleet.kubeconfig, the admin kubeconfigs of
# every running cluster in one file, each context named after its cluster
# (fdtui, fdtui-2, ...), current-context fdtui; removed when none runs.
write_fleet_kubeconfig() {
  local i files=() names=() current
  for ((i = 1; i <= CLUSTERS_MAX; i++)); do
    cluster_exists "$i" || continue
    use_cluster "$i"
    [ -s "$KUBECONFIG_OUT" ] || continue
    files+=("$KUBECONFIG_OUT") names+=("$CLUSTER_NAME")
  done
  use_cluster 1
  if [ ${#files[@]} -eq 0 ]; then
    rm -f "$FLEET_KUBECONFIG"
    return 0
  fi
  (
    umask 077
    KUBECONFIG=$(IFS=:; echo "${files[*]}") "$KUBECTL" config view --raw --flatten >"$FLEET_KUBECONFIG.tmp"
  )
  for i in "${!files[@]}"; do
    current=$("$KUBECTL" config current-context --kubeconfig "${files[$i]}")
    [ "$current" = "${names[$i]}" ] ||
      "$KUBECTL" config rename-context "$current" "${names[$i]}" --kubeconfig "$FLEET_KUBECONFIG.tmp" >/dev/null
  done
  "$KUBECTL" config use-context "${names[0]}" --kubeconfig "$FLEET_KUBECONFIG.tmp" >/dev/null
  mv "$FLEET_KUBECONFIG.tmp" "$FLEET_KUBECONFIG"
}

cmd_up() {
  local start=$SECONDS n i
  n=$(clusters_wanted)
  check_port_plan
  lock_cluster
  for ((i = 1; i <= n; i++)); do use_cluster "$i" && kwok_check_ports; done
  mkdir -p "$LOCAL/logs"
  "$LC_DIR/build.sh" core kubectl
  for ((i = 1; i <= n; i++)); do
    use_cluster "$i"
    cluster_up
  done
  use_cluster 1
  write_fleet_kubeconfig
  for ((i = n + 1; i <= CLUSTERS_MAX; i++)); do
    ! cluster_exists "$i" || log "$(cluster_name "$i") is running too (FDTUI_CLUSTERS=$n leaves it alone; down stops it)"
  done
  [ "$n" = 1 ] || log "$n clusters up in $((SECONDS - start))s"
  print_access
}

# cmd_down: every cluster there is, whatever FDTUI_CLUSTERS says.
cmd_down() {
  local start=$SECONDS i
  lock_cluster
  mkdir -p "$LOCAL/logs"
  for ((i = CLUSTERS_MAX; i >= 1; i--)); do
    cluster_exists "$i" || continue
    use_cluster "$i"
    kwok_delete
    rm -f "$KUBECONFIG_OUT" "$KWOK_RENDERED"
  done
  use_cluster 1
  jobrunner_stop
  minio_stop
  rm -rf "$KWOK_WORKDIR" "$MINIO_DIR" "$KUBECONFIG_OUT" "$FLEET_KUBECONFIG"
  log "down in $((SECONDS - start))s"
}

# cmd_status: clusters 1 to FDTUI_CLUSTERS and any other there is (a
# heading each when more than one); exit 0 when all are healthy, 3 when
# nothing runs, else 1.
cmd_status() {
  local n i rc shown=() codes=" "
  n=$(clusters_wanted)
  for ((i = 1; i <= CLUSTERS_MAX; i++)); do
    if [ "$i" -le "$n" ] || cluster_exists "$i"; then shown+=("$i"); fi
  done
  for i in "${shown[@]}"; do
    use_cluster "$i"
    kwok_check_ports
    if [ ${#shown[@]} -gt 1 ]; then
      [ "$i" = 1 ] || echo
      echo "== cluster $CLUSTER_NAME (apiserver :$PORT_APISERVER)"
    fi
    rc=0
    print_status || rc=$?
    if [ "$i" = 1 ] && [ $rc -ne 3 ]; then jobrunner_status || rc=1; fi
    codes+="$rc "
  done
  use_cluster 1
  case "$codes" in
    *" 1 "* | *" 0 "*" 3 "* | *" 3 "*" 0 "*) rc=1 ;;
    *" 3 "*) rc=3 ;;
    *) rc=0 ;;
  esac
  [ $rc -ne 0 ] || print_access
  return $rc
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  *) usage ;;
esac
