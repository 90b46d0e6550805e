# shellcheck shell=bash
# The local job runner (hack/localcluster/jobrunner): runs the backup
# Jobs' pods for real (kwok runs no containers), with cluster 1; built
# into .local/bin/jobrunner when missing or older than its sources; its
# per-pod directories and container logs under .local/jobrunner.

JOBRUNNER_PID="$LOCAL/jobrunner.pid"
JOBRUNNER_LOG="$LOCAL/logs/jobrunner.log"
JOBRUNNER_DIR="$LOCAL/jobrunner"

jobrunner_build() {
  local src="$LC_DIR/jobrunner"
  if [ -x "$BIN/jobrunner" ] && [ -z "$(find "$src" -name '*.go' -newer "$BIN/jobrunner" -print -quit)" ]; then
    return 0
  fi
  log "building the local job runner..."
  (cd "$ROOT" && go build -o "$BIN/jobrunner" ./hack/localcluster/jobrunner)
}

jobrunner_start() {
  if pid_alive "$JOBRUNNER_PID" jobrunner; then return 0; fi
  jobrunner_build
  mkdir -p "$JOBRUNNER_DIR" "$(dirname "$JOBRUNNER_LOG")"
  # setsid: it outlives this script; it must not inherit the lock fds.
  setsid "$BIN/jobrunner" -kubeconfig "$KUBECONFIG_OUT" -standins "$LC_DIR/standins" -dir "$JOBRUNNER_DIR" \
    </dev/null >>"$JOBRUNNER_LOG" 2>&1 8>&- 9>&- &
  echo $! >"$JOBRUNNER_PID"
}

jobrunner_stop() {
  local pid
  if pid_alive "$JOBRUNNER_PID" jobrunner; then
    pid=$(cat "$JOBRUNNER_PID")
    kill "$pid"
    wait_for 15 "jobrunner (pid $pid) to exit" test ! -e "/proc/$pid" || kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$JOBRUNNER_PID"
  rm -rf "$JOBRUNNER_DIR"
}

# jobrunner_status: a status line like print_status's; fails when the
# runner is not running (so `status` says degraded and `up` starts it).
jobrunner_status() {
  local pid=- ok=no
  if pid_alive "$JOBRUNNER_PID" jobrunner; then pid=$(cat "$JOBRUNNER_PID") ok=yes; fi
  printf '%-24s %-8s %-6s %s\n' jobrunner "$pid" - "$ok"
  [ "$ok" = yes ]
}
