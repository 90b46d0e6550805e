#!/usr/bin/env bash
# hack/demo.sh: run fdtui on the local cluster, with the local DigitalOcean
# API stand-in (hack/doapi) serving a few account clusters when available.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
exec bin/fdtui --kubeconfig "$root/.local/kubeconfig" "$@"
