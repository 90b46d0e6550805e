#!/usr/bin/env bash
# hack/cluster.sh up|down|status : the local fdtui test cluster.
#
#   up      build what is missing (hack/localcluster/build.sh), start a kwok
#           cluster "fdtui" (etcd, kube-apiserver with RBAC,
#           kube-controller-manager, kube-scheduler, kwok, metrics-server) and
#           MinIO, create fake DOKS-like nodes, apply the simulation stages,
#           wait until all is healthy. Idempotent: a second call is quick.
#           On an existing cluster it restarts exactly the components that
#           are dead (or unhealthy for long), in dependency order, in seconds.
#   down    stop exactly what `up` started and remove its state (the MinIO
#           credentials in .local/minio.env are kept).
#   status  one line per component; exit 0 all healthy, 3 down, 1 degraded.
#
# Environment: FDTUI_WEB_NODES (default 3) = number of nodes in pool "web".
#   FDTUI_PORT_OFFSET (default 0) is added to every port, so a second clone
#   can run its own cluster beside the first (e.g. 1000: apiserver on 37443);
#   give the same offset to every up/down/status of that clone.
# Outputs: .local/kubeconfig (admin), .local/minio.env (FDTUI_S3_*).
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
# Simulated nodes: Ready, unless annotated fdtui.dev/simulate=frozen-node ->
#   no stage touches the node's status (a test writes its conditions).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
for lib in common kwok nodes minio health repair; do
  # shellcheck source=/dev/null
  source "$here/localcluster/lib/$lib.sh"
done

usage() {
  # The comment block at the top of this file.
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
  exit 2
}

print_access() {
  echo "kubeconfig: $KUBECONFIG_OUT"
  echo "s3 env:     $MINIO_ENV"
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
    wait_repairing 30 "MinIO /minio/health/live" minio_healthy &&
    wait_repairing 30 "every component healthy" all_healthy; then
    return 0
  fi
  print_status >&2 || true
  return 1
}

cmd_up() {
  local start=$SECONDS
  lock_cluster
  kwok_check_ports
  mkdir -p "$LOCAL/logs"
  "$LC_DIR/build.sh" core kubectl
  # (A dead component skips the health probes: with etcd gone the
  # apiserver's /readyz alone takes seconds to fail.)
  if [ -s "$KUBECONFIG_OUT" ] && ! any_component_dead && all_healthy; then
    sync_cluster_objects
    log "already running ($((SECONDS - start))s)"
    print_access
    return 0
  fi
  if [ -f "$KWOK_CONFIG" ]; then
    log "repairing the cluster (not every component is healthy)..."
  else
    log "starting MinIO and creating the kwok cluster '$CLUSTER_NAME'..."
    minio_start
    kwok_create
  fi
  write_kubeconfig
  # Also right after kwokctl created the cluster: it starts every
  # component at once, and one that gave up waiting for the apiserver
  # (metrics-server) stays dead.
  cluster_repair
  sync_cluster_objects
  wait_healthy || die "cluster did not become healthy; logs in .local/logs and $KWOK_CLUSTER_DIR/logs"
  log "up in $((SECONDS - start))s"
  print_access
}

cmd_down() {
  local start=$SECONDS
  lock_cluster
  mkdir -p "$LOCAL/logs"
  kwok_delete
  minio_stop
  rm -rf "$KWOK_WORKDIR" "$MINIO_DIR" "$KUBECONFIG_OUT"
  log "down in $((SECONDS - start))s"
}

cmd_status() {
  local rc=0
  kwok_check_ports
  print_status || rc=$?
  [ $rc -ne 0 ] || print_access
  return $rc
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  *) usage ;;
esac
