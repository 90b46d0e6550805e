#!/usr/bin/env bash
# hack/screenshots.sh: regenerate screenshots/*.png from the real fdtui on
# the demo cluster: tmux runs it at a fixed size, capture-pane keeps the
# colours, freeze (installed into .local/bin) renders the PNG.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
freeze=.local/bin/freeze
[ -x "$freeze" ] || GOBIN="$root/.local/bin" go install github.com/charmbracelet/freeze@v0.2.2
hack/prereqs.sh >/dev/null
hack/cluster.sh up >/dev/null
[ -x bin/fdtui ] || make --no-print-directory build
session=fdtui-shots
tmux kill-session -t "$session" 2>/dev/null || true
tmux new-session -d -s "$session" -x 150 -y 36 \
  "TERM=xterm-256color COLORTERM=truecolor bin/fdtui --kubeconfig $root/.local/kubeconfig"
trap 'tmux kill-session -t "$session" 2>/dev/null || true' EXIT

shot() { # shot NAME: capture the pane after the screen settles
  sleep "${2:-1.5}"
  tmux capture-pane -t "$session" -e -p | "$freeze" --language ansi --window=false \
    --padding 20 --font.size 13 -o "screenshots/$1.png" >/dev/null
  echo "screenshots/$1.png"
}
keys() { tmux send-keys -t "$session" "$@"; }

mkdir -p screenshots
shot sites 3
keys Enter; shot site-detail-stuck
keys u; shot rollback-confirm
keys n Escape; sleep 0.5
keys ':' 'nodes' Enter; shot nodes 4
keys ':' 'pods' Enter; shot pods
keys '?'; shot help
keys Escape Escape; sleep 0.5
keys ':' 'sites' Enter; sleep 1
keys '/' 'city-council' Enter Enter; shot site-tls-failing 2

# The fleet screen (issue 17) over both demo clusters, fdtui and fdtui-2
# (make demo or make demo-seed fills them), once fdtui has it.
if bin/fdtui --help 2>&1 | grep -q -- '--fleet'; then
  FDTUI_CLUSTERS=2 hack/cluster.sh up >/dev/null
  tmux kill-session -t "$session"
  tmux new-session -d -s "$session" -x 150 -y 36 \
    "TERM=xterm-256color COLORTERM=truecolor bin/fdtui --kubeconfig $root/.local/fleet.kubeconfig --fleet"
  shot fleet 5
else
  echo "screenshots: bin/fdtui has no --fleet: screenshots/fleet.png not made" >&2
fi
