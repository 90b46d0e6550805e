# shellcheck shell=bash
# The Kubernetes side: kwokctl runs etcd, kube-apiserver (RBAC on),
# kube-controller-manager, kube-scheduler, the kwok controller (fake
# kubelets) and metrics-server as local processes from .local/bin.

kwokctl() {
  # kwokctl shells out to kubectl (readiness checks, kustomize); give it ours.
  # Close the lock fds (8: cluster.lock, 9: hack/test.sh's test.lock): the
  # components kwokctl forks would otherwise hold the locks for their lifetime.
  PATH="$BIN:$PATH" "$BIN/kwokctl" --name "$CLUSTER_NAME" "$@" 8>&- 9>&-
}

kwok_render_config() {
  mkdir -p "$KWOK_WORKDIR"
  sed -e "s|@LC_DIR@|$LC_DIR|g" \
    -e "s|@PORT_APISERVER@|$PORT_APISERVER|g" \
    -e "s|@PORT_ETCD@|$PORT_ETCD|g" \
    -e "s|@PORT_ETCD_PEER@|$PORT_ETCD_PEER|g" \
    -e "s|@PORT_KWOK@|$PORT_KWOK|g" \
    -e "s|@PORT_CONTROLLER_MANAGER@|$PORT_CONTROLLER_MANAGER|g" \
    -e "s|@PORT_SCHEDULER@|$PORT_SCHEDULER|g" \
    -e "s|@PORT_METRICS_SERVER@|$PORT_METRICS_SERVER|g" \
    "$LC_DIR/kwokctl.yaml" >"$KWOK_RENDERED.tmp"
  if grep -q '@[A-Z_]*@' "$KWOK_RENDERED.tmp"; then
    die "kwokctl.yaml has a placeholder kwok_render_config does not fill: $(grep -o '@[A-Z_]*@' "$KWOK_RENDERED.tmp" | head -1)"
  fi
  mv "$KWOK_RENDERED.tmp" "$KWOK_RENDERED"
}

# kwok_check_ports: an existing cluster listens where this run expects it
# (it was created with the same FDTUI_PORT_OFFSET).
kwok_check_ports() {
  [ -f "$KWOK_CLUSTER_DIR/kwok.yaml" ] || return 0
  grep -q -- "--secure-port=$PORT_APISERVER\$" "$KWOK_CLUSTER_DIR/kwok.yaml" ||
    die "the cluster in $KWOK_CLUSTER_DIR was created with other ports than FDTUI_PORT_OFFSET=$PORT_OFFSET gives (apiserver :$PORT_APISERVER); use the offset it was created with (or hack/cluster.sh down first)"
}

# kwok_check_free_ports: before a cluster is created, none of its ports is
# taken (by another clone's cluster, say: with offsets 2000 apart, one's
# metrics-server port is the other's apiserver port), so the clash is named
# at once instead of a component dying at start.
kwok_check_free_ports() {
  local kv port
  for kv in "${CLUSTER_BASE_PORTS[@]}"; do
    port=PORT_${kv%%=*}
    ! port_open "${!port}" ||
      die "port ${!port} ($CLUSTER_NAME's ${kv%%=*}) is taken by another program; pick another FDTUI_PORT_OFFSET (now $PORT_OFFSET)"
  done
}

# kwok_create creates the cluster (an existing one is repaired by
# cluster_repair in repair.sh, without kwokctl). If kwokctl fails (etcd or
# the apiserver exited before it could install the CRDs, say), the half-made
# cluster is deleted and created once more.
kwok_create() {
  local try
  kwok_render_config
  for try in 1 2; do
    if kwokctl --config "$KWOK_RENDERED" create cluster \
      --kubeconfig "" \
      --timeout 5m \
      --etcd-binary "$BIN/etcd" \
      --kube-apiserver-binary "$BIN/kube-apiserver" \
      --kube-controller-manager-binary "$BIN/kube-controller-manager" \
      --kube-scheduler-binary "$BIN/kube-scheduler" \
      --kwok-controller-binary "$BIN/kwok" \
      --metrics-server-binary "$BIN/metrics-server" \
      >>"$LOCAL/logs/kwokctl.log" 2>&1; then
      return 0
    fi
    tail -n 20 "$LOCAL/logs/kwokctl.log" >&2
    [ "$try" = 1 ] || break
    log "kwokctl create cluster failed; deleting the half-made cluster and creating it once more"
    kwok_delete
  done
  die "kwokctl create cluster failed (log: .local/logs/kwokctl.log)"
}

kwok_delete() {
  [ -d "$KWOK_CLUSTER_DIR" ] || return 0
  kwokctl delete cluster >>"$LOCAL/logs/kwokctl.log" 2>&1 ||
    log "kwokctl delete cluster failed (log: .local/logs/kwokctl.log)"
}

# write_kubeconfig: a self-contained admin kubeconfig (certificates inline),
# so it works from any directory; mode 0600 since it holds a client key.
write_kubeconfig() {
  (
    umask 077
    "$KUBECTL" config view --raw --flatten \
      --kubeconfig "$KWOK_CLUSTER_DIR/kubeconfig.yaml" >"$KUBECONFIG_OUT.tmp"
  )
  mv "$KUBECONFIG_OUT.tmp" "$KUBECONFIG_OUT"
}

apply_stages() {
  kube apply -f "$LC_DIR/stages/" >/dev/null
}

# apply_edge: the local GatewayClass and IngressClass (edge/edge.yaml);
# after apply_crds (GatewayClass is a Gateway API kind).
apply_edge() {
  kube apply -f "$LC_DIR/edge/" >/dev/null
}

# module_dir MODULE VERSION: the module's source directory in the Go module
# cache, downloaded from the module proxy on first use (outside any module,
# so no go.mod is touched).
module_dir() {
  local dir
  dir=$(cd / && GOFLAGS=-mod=mod GOTOOLCHAIN=local go mod download -json "$1@$2" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -d "$dir" ] || die "go mod download $1@$2 gave no source directory"
  echo "$dir"
}

# apply_crds: cert-manager's own CRDs (its module's deploy/crds) and the
# Gateway API standard channel (config/crd/standard: CRDs plus its
# safe-upgrades admission policy, as its standard-install.yaml), versions
# pinned in versions.env. No controller runs: kwok stages (stages/) drive
# their status. Server-side apply: the HTTPRoute CRD is too large for
# client-side apply's last-applied annotation. Before apply_stages: kwok
# starts a stage's controller only when the stage's kind is served.
apply_crds() {
  local cm gw want
  # shellcheck source=../versions.env
  source "$LC_DIR/versions.env"
  # The versions applied last are noted on the Certificate CRD (cert-manager's
  # CRDs carry no version of their own): a second `up` skips the ~15 s apply.
  want="cert-manager-$CERT_MANAGER_VERSION,gateway-api-$GATEWAY_API_VERSION"
  [ "$(kube get crd certificates.cert-manager.io \
    -o jsonpath='{.metadata.annotations.fdtui\.dev/crds}' 2>/dev/null)" != "$want" ] || return 0
  cm=$(module_dir github.com/cert-manager/cert-manager "$CERT_MANAGER_VERSION")
  gw=$(module_dir sigs.k8s.io/gateway-api "$GATEWAY_API_VERSION")
  kube apply --server-side --force-conflicts --field-manager=fdtui-cluster \
    -f "$cm/deploy/crds/" -f "$gw/config/crd/standard/" >/dev/null
  kube wait --for=condition=Established --timeout=60s \
    crd/certificates.cert-manager.io crd/certificaterequests.cert-manager.io \
    crd/issuers.cert-manager.io crd/clusterissuers.cert-manager.io \
    crd/orders.acme.cert-manager.io crd/challenges.acme.cert-manager.io \
    crd/gatewayclasses.gateway.networking.k8s.io crd/gateways.gateway.networking.k8s.io \
    crd/httproutes.gateway.networking.k8s.io >/dev/null
  kube annotate --overwrite crd/certificates.cert-manager.io "fdtui.dev/crds=$want" >/dev/null
}

metrics_api_available() {
  [ "$(kube get apiservice v1beta1.metrics.k8s.io \
    -o jsonpath='{.status.conditions[?(@.type=="Available")].status}' 2>/dev/null)" = True ]
}

# node_metrics_ready: metrics-server has scraped every node at least once.
node_metrics_ready() {
  local want=$1 got
  got=$(kube get --raw /apis/metrics.k8s.io/v1beta1/nodes 2>/dev/null | grep -o '"name":"[^"]*"' | wc -l || true)
  [ "$got" -ge "$want" ]
}

nodes_ready() {
  local want=$1 ready
  ready=$(kube get nodes -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' 2>/dev/null | grep -c True || true)
  [ "$ready" -ge "$want" ]
}
