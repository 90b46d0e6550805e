# shellcheck shell=bash
# Fake worker nodes shaped like a DigitalOcean Kubernetes (DOKS) cluster in
# nyc3: WEB_NODES nodes in pool "web" (s-2vcpu-4gb; see use_cluster) and
# one in pool "db" (s-4vcpu-8gb), with the capacity/allocatable DOKS reports.
# kwok (annotation kwok.x-k8s.io/node=fake) plays their kubelets; the
# InternalIP is 127.0.0.1 because that is where kwok serves each node's
# kubelet endpoints (metrics-server scrapes /metrics/resource there).

DOKS_VERSION=1.36.3-do.0

# node_suffix POOL INDEX: a stable 5-character suffix, like DOKS' random one
# (one of its own in each cluster).
node_suffix() { printf '%s/%s/%s' "$CLUSTER_NAME" "$1" "$2" | sha1sum | cut -c1-5; }

# fake_uuid SEED: a stable UUID-shaped id (DOKS labels carry UUIDs).
fake_uuid() {
  local h; h=$(printf '%s' "$1" | sha1sum)
  echo "${h:0:8}-${h:8:4}-${h:12:4}-${h:16:4}-${h:20:12}"
}

node_names() {
  local pool=$1 count=$2 i
  for ((i = 1; i <= count; i++)); do echo "$pool-$(node_suffix "$pool" "$i")"; done
}

# node_manifest NAME POOL SIZE INDEX CPU_CAP MEM_CAP CPU_ALLOC MEM_ALLOC
node_manifest() {
  local name=$1 pool=$2 size=$3 index=$4
  local droplet=$((420000000 + index))
  cat <<YAML
---
apiVersion: v1
kind: Node
metadata:
  name: $name
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
    metrics.k8s.io/resource-metrics-path: /metrics/nodes/$name/metrics/resource
    csi.volume.kubernetes.io/nodeid: '{"dobs.csi.digitalocean.com":"$droplet"}'
  labels:
    beta.kubernetes.io/arch: amd64
    beta.kubernetes.io/instance-type: $size
    beta.kubernetes.io/os: linux
    doks.digitalocean.com/managed: "true"
    doks.digitalocean.com/node-id: $(fake_uuid "node/$name")
    doks.digitalocean.com/node-pool: $pool
    doks.digitalocean.com/node-pool-id: $(fake_uuid "pool/$pool")
    doks.digitalocean.com/version: $DOKS_VERSION
    failure-domain.beta.kubernetes.io/region: nyc3
    kubernetes.io/arch: amd64
    kubernetes.io/hostname: $name
    kubernetes.io/os: linux
    node.kubernetes.io/instance-type: $size
    region: nyc3
    topology.kubernetes.io/region: nyc3
    type: kwok
spec:
  providerID: digitalocean://$droplet
  podCIDR: 10.244.$index.0/25
  podCIDRs:
  - 10.244.$index.0/25
status:
  addresses:
  - type: InternalIP
    address: 127.0.0.1
  - type: Hostname
    address: $name
  capacity:
    cpu: "$5"
    memory: $6
    ephemeral-storage: 82517840Ki
    pods: "110"
  allocatable:
    cpu: $7
    memory: $8
    ephemeral-storage: 76048441Ki
    pods: "110"
  nodeInfo:
    architecture: amd64
    operatingSystem: linux
    osImage: Debian GNU/Linux 12 (bookworm)
    kernelVersion: 6.1.0-31-amd64
    containerRuntimeVersion: containerd://1.7.27
    kubeletVersion: v1.36.3
    kubeProxyVersion: v1.36.3
YAML
}

nodes_manifest() {
  local web=$1 i=0 name
  while read -r name; do
    i=$((i + 1))
    node_manifest "$name" web s-2vcpu-4gb "$i" 2 4008972Ki 1900m 3328Mi
  done < <(node_names web "$web")
  name=$(node_names db 1)
  node_manifest "$name" db s-4vcpu-8gb 100 4 8148236Ki 3900m 6656Mi
}

# sync_nodes: creates the wanted nodes and removes web nodes beyond
# WEB_NODES (FDTUI_WEB_NODES on cluster 1, so the knob also scales a
# running cluster down; see use_cluster).
sync_nodes() {
  local web=$WEB_NODES wanted existing
  [[ $web =~ ^[0-9]+$ ]] || die "FDTUI_WEB_NODES must be a number, got '$web'"
  nodes_manifest "$web" | kube apply -f - >/dev/null
  wanted=$(node_names web "$web")
  for existing in $(kube get nodes -l doks.digitalocean.com/node-pool=web -o name); do
    grep -qx "${existing#node/}" <<<"$wanted" || kube delete "$existing" --wait=false >/dev/null
  done
}

wanted_node_count() { echo $((WEB_NODES + 1)); }
