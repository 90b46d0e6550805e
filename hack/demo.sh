#!/usr/bin/env bash
# hack/demo.sh [fdtui flags...]: run fdtui on the local clusters, with the
# local DigitalOcean API stand-in (hack/doapi: a few account clusters whose
# credentials point at the local cluster "fdtui") and the local MinIO as the
# object store. fdtui gets .local/fleet.kubeconfig (hack/cluster.sh: a
# context per running cluster, fdtui current), so the fleet screen (:fleet)
# sees every cluster `make demo` started. FDTUI_PORT_OFFSET moves the
# stand-in's port (39080) like the clusters'.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mkdir -p .local/logs
go build -o .local/bin/doapi ./hack/doapi
token=demo-do-token
doapi_url=http://127.0.0.1:$((39080 + ${FDTUI_PORT_OFFSET:-0}))
.local/bin/doapi --listen "${doapi_url#http://}" --token "$token" --kubeconfig .local/kubeconfig \
  --seed default >.local/logs/doapi.log 2>&1 &
doapi=$!
trap 'kill $doapi 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  curl -fsS -o /dev/null -H "Authorization: Bearer $token" "$doapi_url/v2/kubernetes/options" && break
  sleep 0.1
done
kubeconfig=$root/.local/fleet.kubeconfig
[ -s "$kubeconfig" ] || kubeconfig=$root/.local/kubeconfig # a cluster started before the fleet file existed
set -a
# shellcheck source=/dev/null
source .local/minio.env
set +a
export DIGITALOCEAN_ACCESS_TOKEN=$token
bin/fdtui --kubeconfig "$kubeconfig" --do-api-url "$doapi_url" "$@"
