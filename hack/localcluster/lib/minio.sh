# shellcheck shell=bash
# MinIO, the local S3: its own process (never linked into fdtui), data in
# .local/minio, root credentials generated once into .local/minio.env.

minio_url() { echo "http://$HOST:$PORT_MINIO"; }

minio_healthy() { curl -fsS -o /dev/null --max-time 2 "$(minio_url)/minio/health/live"; }

# random_alnum N: N random letters/digits, without an early-closing pipe
# (which would trip pipefail).
random_alnum() {
  local raw
  raw=$(head -c 1024 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9')
  echo "${raw:0:$1}"
}

minio_ensure_credentials() {
  if [ -s "$MINIO_ENV" ]; then
    # Kept credentials, but the endpoint follows FDTUI_PORT_OFFSET.
    if ! grep -qx "FDTUI_S3_ENDPOINT=$HOST:$PORT_MINIO" "$MINIO_ENV"; then
      sed -i "s|^FDTUI_S3_ENDPOINT=.*|FDTUI_S3_ENDPOINT=$HOST:$PORT_MINIO|" "$MINIO_ENV"
    fi
    return 0
  fi
  (
    umask 077
    {
      echo "FDTUI_S3_ENDPOINT=$HOST:$PORT_MINIO"
      echo "FDTUI_S3_ACCESS_KEY=fdtui$(random_alnum 15)"
      echo "FDTUI_S3_SECRET_KEY=$(random_alnum 40)"
    } >"$MINIO_ENV"
  )
  chmod 600 "$MINIO_ENV"
  log "generated MinIO root credentials in $MINIO_ENV"
}

minio_start() {
  if pid_alive "$MINIO_PID" minio; then return 0; fi
  minio_ensure_credentials
  mkdir -p "$MINIO_DIR" "$(dirname "$MINIO_LOG")"
  (
    # shellcheck disable=SC1090
    set -a && source "$MINIO_ENV" && set +a
    export MINIO_ROOT_USER=$FDTUI_S3_ACCESS_KEY MINIO_ROOT_PASSWORD=$FDTUI_S3_SECRET_KEY
    export MINIO_BROWSER=off MINIO_UPDATE=off
    # setsid: the server must outlive this script and its terminal; it must
    # not inherit the lock fds (see kwokctl() in kwok.sh).
    setsid "$BIN/minio" server --quiet --address "$HOST:$PORT_MINIO" \
      --console-address "$HOST:$((PORT_MINIO + 1))" "$MINIO_DIR" \
      </dev/null >>"$MINIO_LOG" 2>&1 8>&- 9>&- &
    echo $! >"$MINIO_PID"
  )
}

minio_stop() {
  local pid
  if pid_alive "$MINIO_PID" minio; then
    pid=$(cat "$MINIO_PID")
    kill "$pid"
    wait_for 15 "minio (pid $pid) to exit" test ! -e "/proc/$pid" || kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$MINIO_PID"
}
