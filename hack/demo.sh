#!/usr/bin/env bash
# hack/demo.sh: run fdtui on the local cluster, with the local DigitalOcean
# API stand-in (hack/doapi: a few account clusters whose credentials point at
# the local cluster) and the local MinIO as the object store.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mkdir -p .local/logs
go build -o .local/bin/doapi ./hack/doapi
token=demo-do-token
.local/bin/doapi --listen 127.0.0.1:39080 --token "$token" --kubeconfig .local/kubeconfig \
  --seed default >.local/logs/doapi.log 2>&1 &
doapi=$!
trap 'kill $doapi 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  curl -fsS -o /dev/null -H "Authorization: Bearer $token" http://127.0.0.1:39080/v2/kubernetes/options && break
  sleep 0.1
done
set -a
# shellcheck source=/dev/null
source .local/minio.env
set +a
export DIGITALOCEAN_ACCESS_TOKEN=$token
bin/fdtui --kubeconfig "$root/.local/kubeconfig" --do-api-url http://127.0.0.1:39080 "$@"
