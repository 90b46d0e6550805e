#!/usr/bin/env bash
# hack/prereqs.sh: installs the Debian packages the local cluster and its
# scripts use (openssl, tmux, curl), only those missing; apt-get update runs
# at most once.
set -euo pipefail

missing=()
for tool in openssl tmux curl; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "prereqs: all present (openssl tmux curl)"
  exit 0
fi

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
echo "prereqs: installing ${missing[*]}"
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
