# shellcheck shell=bash
# Repair in place: `up` on an existing cluster restarts exactly the
# components that are dead (or alive but unhealthy for too long), in
# dependency order (etcd and MinIO, then kube-apiserver, then the rest),
# from the specs kwokctl wrote into kwok.yaml (binary, args, workDir), the
# way kwokctl starts them: detached (setsid), output appended to the
# component's log, pid in its pid file. kwokctl itself is not involved: its
# `start cluster` takes a pid that is alive for a running component (an
# apiserver in its 60 s graceful shutdown after a plain kill, say), never
# restarts what dies while it waits, and waits 2 minutes before it says so.

# KWOK_CONFIG: the current cluster's kwok.yaml (use_cluster in common.sh).

# Seconds a component we started may take to become healthy (a cold
# apiserver on 2 busy cores takes 10-30 s); past that it is started again,
# at most REPAIR_MAX_STARTS times in one pass.
startup_limit() { if [ "$1" = kube-apiserver ]; then echo 90; else echo 45; fi; }
REPAIR_MAX_STARTS=3
# Seconds a component that was already running may stay unhealthy before it
# is restarted (it may be catching up after etcd or the apiserver returned).
UNHEALTHY_GRACE=15
# Seconds after which a component must at least listen on its port (the
# apiserver does after ~5 s, the others at once): one that is alive but not
# listening then is shutting down or stuck, and is restarted at once.
LISTEN_LIMIT=30

# kwok_component_spec NAME: NAME's spec from kwok.yaml, one field a line:
# "binary<TAB>PATH", "workdir<TAB>DIR", "arg<TAB>ARG" (in order),
# "env<TAB>KEY=VALUE"; "error<TAB>WHY" for what this parser does not handle.
# kwok.yaml is written by kwokctl (sigs.k8s.io/yaml, keys sorted): a
# top-level "components:" list whose items hold args (a list of scalars),
# binary, envs (name/value pairs), name, user and workDir among other keys.
kwok_component_spec() {
  [ -f "$KWOK_CONFIG" ] || { printf 'error\tno %s\n' "$KWOK_CONFIG"; return 0; }
  awk -v want="$1" '
    function scalar(v) {
      if (v ~ /^\047.*\047$/) { v = substr(v, 2, length(v) - 2); gsub(/\047\047/, "\047", v); return v }
      if (v ~ /^".*"$/) {
        v = substr(v, 2, length(v) - 2)
        if (index(v, "\\") > 0) bad = "a double-quoted value with escapes: " v
        return v
      }
      if (v ~ /^[|>]/) bad = "a block scalar: " v
      return v
    }
    function flush(   i) {
      if (name == want) {
        found = 1
        if (bad != "") { print "error\t" bad; exit }
        if (user != "") { print "error\tuser: " user; exit }
        print "binary\t" binary
        print "workdir\t" workdir
        for (i = 0; i < nargs; i++) print "arg\t" args[i]
        for (i = 0; i < nenvs; i++) print "env\t" envs[i]
        exit
      }
      name = ""; binary = ""; workdir = ""; user = ""; bad = ""; nargs = 0; nenvs = 0; key = ""
    }
    /^components:/ { in_list = 1; next }
    !in_list { next }
    /^[^ -]/ { flush(); exit }                      # the next top-level key
    /^- / { flush(); $0 = "  " substr($0, 3) }      # a new item; its first key follows
    /^  [A-Za-z][A-Za-z0-9]*:/ {
      key = $0; sub(/^  /, "", key); sub(/:.*/, "", key)
      val = $0; sub(/^  [A-Za-z0-9]*:[ ]*/, "", val)
      if (key == "name") name = scalar(val)
      else if (key == "binary") binary = scalar(val)
      else if (key == "workDir") workdir = scalar(val)
      else if (key == "user") user = scalar(val)
      else if ((key == "args" || key == "envs") && val != "" && val != "[]") bad = key ": " val
      next
    }
    /^  - / && key == "args" { args[nargs++] = scalar(substr($0, 5)); next }
    /^  - name:/ && key == "envs" { v = $0; sub(/^  - name:[ ]*/, "", v); envname = scalar(v); next }
    /^    value:/ && key == "envs" { v = $0; sub(/^    value:[ ]*/, "", v); envs[nenvs++] = envname "=" scalar(v); next }
    END { if (!found) flush(); if (!found) print "error\tno component named " want }
  ' "$KWOK_CONFIG"
}

# kwok_start_component NAME: starts NAME as kwokctl's ForkExec does, in its
# workDir, stdin from /dev/null, stdout and stderr appended to
# logs/NAME.log, its pid in pids/NAME.pid (without a newline: kwokctl
# parses the file with Atoi, and `down` relies on it); detached with setsid
# and without the lock fds 8 and 9 (see kwokctl() in kwok.sh).
kwok_start_component() {
  local name=$1 key val binary='' workdir='' args=() envs=() pidfile logfile
  while IFS=$'\t' read -r key val; do
    case "$key" in
      binary) binary=$val ;;
      workdir) workdir=$val ;;
      arg) args+=("$val") ;;
      env) envs+=("$val") ;;
      *) die "cannot restart $name from $KWOK_CONFIG: $key ${val:-}" ;;
    esac
  done < <(kwok_component_spec "$name")
  [ -x "$binary" ] || die "cannot restart $name: binary '$binary' from $KWOK_CONFIG is not executable"
  [ -d "$workdir" ] || die "cannot restart $name: workDir '$workdir' from $KWOK_CONFIG is missing"
  pidfile="$workdir/pids/$(basename "$binary").pid"
  logfile="$workdir/logs/$(basename "$binary").log"
  [ "$pidfile" = "$(component_pidfile "$name")" ] ||
    die "cannot restart $name: kwokctl would keep its pid in $pidfile, status reads $(component_pidfile "$name")"
  mkdir -p "$workdir/pids" "$workdir/logs"
  printf '==== %s hack/cluster.sh up: restarting %s ====\n' "$(date -u +%FT%TZ)" "$name" >>"$logfile"
  (
    cd "$workdir" || exit 1
    # In a script (no job control) the background job is not a process
    # group leader, so setsid(1) need not fork: $! is the component's pid.
    # setsid by its path: env looks it up in the component's own PATH,
    # which for kwok is the exec stand-ins only (kwokctl.yaml).
    env "${envs[@]}" "$(command -v setsid)" "$binary" "${args[@]}" </dev/null >>"$logfile" 2>&1 8>&- 9>&- &
    printf '%s' "$!" >"$pidfile.tmp"
    mv "$pidfile.tmp" "$pidfile"
  )
}

# (kwokctl writes its pid files without a newline, so read "fails" at EOF.)
component_pid() { local pid=; read -r pid <"$(component_pidfile "$1")" 2>/dev/null || [ -n "$pid" ] && echo "$pid"; }

component_alive() { pid_alive "$(component_pidfile "$1")" "$(component_binary "$1")"; }

# component_age NAME: seconds since NAME's process started, from /proc
# (field 22 of /proc/PID/stat, in clock ticks since boot; no procps needed).
component_age() {
  local pid stat fields up hz
  pid=$(component_pid "$1") || return 1
  read -r stat <"/proc/$pid/stat" || return 1
  read -ra fields <<<"${stat##*) }" # from field 3 on: the name may hold spaces
  read -r up _ </proc/uptime
  hz=$(getconf CLK_TCK 2>/dev/null) || hz=100
  echo $((${up%.*} - fields[19] / hz))
}

# stop_component NAME: SIGTERM, then SIGKILL after 3 s (an apiserver's
# graceful shutdown alone lasts up to 60 s).
stop_component() {
  local name=$1 pid i
  component_alive "$name" || return 0
  pid=$(component_pid "$name")
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 12; i++)); do component_alive "$name" || return 0; sleep 0.25; done
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 20; i++)); do component_alive "$name" || return 0; sleep 0.25; done
  die "$name (pid $pid) survived SIGKILL"
}

now_micro() { date -u +%Y-%m-%dT%H:%M:%S.%6NZ; }

# now_ms, secs_since MS: wall-clock milliseconds, and "4.2s" since MS.
now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }
secs_since() { local d=$(($(now_ms) - $1)); printf '%d.%ds' $((d / 1000)) $((d % 1000 / 100)); }

# Leader-election leases (kube-system/NAME) of the controller manager and
# the scheduler, and the node leases kwok holds: a restarted one has a new
# identity, and would wait for its dead predecessor's lease to expire: 15 s
# for the leaders, doing nothing meanwhile; 200 s for kwok, which plays no
# node stage (heartbeats) on a node whose lease it does not hold, while the
# node lifecycle controller's grace period is 200 s too. The predecessor is
# dead, so its leases are deleted before the restart.
LEADER_COMPONENTS=" kube-controller-manager kube-scheduler "
declare -A LEASE_SINCE=()

# lease_renewed_since NAME SINCE: kube-system/NAME was renewed at or after
# SINCE (UTC, RFC 3339 with microseconds, as the API writes renewTime).
lease_renewed_since() {
  local t
  t=$(kube get lease -n kube-system "$1" -o jsonpath='{.spec.renewTime}' 2>/dev/null) || return 1
  [ -n "$t" ] && [[ ! "$t" < "$2" ]]
}

# node_leases_renewed_since SINCE: every node has a lease renewed since SINCE.
node_leases_renewed_since() {
  local nodes fresh
  nodes=$(kube get nodes -o name 2>/dev/null | wc -l)
  fresh=$(kube get leases -n kube-node-lease -o jsonpath='{range .items[*]}{.spec.renewTime}{"\n"}{end}' 2>/dev/null |
    awk -v since="$1" '$0 >= since' | wc -l)
  [ "$nodes" -gt 0 ] && [ "$fresh" -ge "$nodes" ]
}

# component_ready NAME: healthy, and a restarted leader or kwok holds its
# leases again.
component_ready() {
  component_healthy "$1" || return 1
  [ -n "${LEASE_SINCE[$1]:-}" ] || return 0
  if [ "$1" = kwok-controller ]; then
    node_leases_renewed_since "${LEASE_SINCE[$1]}"
  else
    lease_renewed_since "$1" "${LEASE_SINCE[$1]}"
  fi
}

# start_component NAME: (re)starts NAME, clearing the leases its dead
# predecessor held.
start_component() {
  local name=$1
  case "$name" in
    minio) minio_start ;;
    *)
      if [[ $LEADER_COMPONENTS == *" $name "* ]]; then
        LEASE_SINCE[$name]=$(now_micro)
        kube delete lease -n kube-system "$name" --ignore-not-found --wait=false >/dev/null 2>&1 || true
      elif [ "$name" = kwok-controller ]; then
        LEASE_SINCE[$name]=$(now_micro)
        kube delete leases -n kube-node-lease --all --wait=false >/dev/null 2>&1 || true
      fi
      kwok_start_component "$name"
      ;;
  esac
}

# repair_tier NAME...: brings every NAME to ready: starts the dead ones,
# waits for the unhealthy ones, restarts one that stays unhealthy past its
# grace, or at once when it is old and not even listening (an apiserver in
# its graceful shutdown after a plain kill: alive, but it will never serve
# again). A component that dies meanwhile is started again.
repair_tier() {
  local name state age pending=() left
  local -A deadline=() starts=() since=() started=() why=()
  for name in "$@"; do
    starts[$name]=0 since[$name]=$SECONDS started[$name]=$(now_ms)
    state=$(component_state "$name")
    if [ "$state" = healthy ]; then
      # Ready, unless it must renew a lease (see cluster_repair): it does
      # within seconds, or exits.
      [ -n "${LEASE_SINCE[$name]:-}" ] || continue
      pending+=("$name")
      deadline[$name]=$((SECONDS + 2 * UNHEALTHY_GRACE))
      continue
    fi
    pending+=("$name")
    REPAIR_TOUCHED+=" $name "
    if [ "$state" = dead ]; then
      why[$name]=dead
    else
      age=$(component_age "$name"); age=${age:-0}
      if [ "$age" -ge $LISTEN_LIMIT ] && ! port_open "$(component_port "$name")"; then
        why[$name]="alive (pid $(component_pid "$name")) but not listening on :$(component_port "$name")"
      else
        # Give it UNHEALTHY_GRACE, or the rest of its startup time.
        deadline[$name]=$((SECONDS + UNHEALTHY_GRACE))
        if [ $((age + UNHEALTHY_GRACE)) -lt "$(startup_limit "$name")" ]; then
          deadline[$name]=$((SECONDS + $(startup_limit "$name") - age))
        fi
        if [ "$age" -lt "$(startup_limit "$name")" ]; then
          log "$name is starting (${age}s old): waiting up to $((deadline[$name] - SECONDS))s for it"
        else
          log "$name is running but unhealthy: waiting up to $((deadline[$name] - SECONDS))s before restarting it"
        fi
        continue
      fi
    fi
    log "$name: ${why[$name]}: restarting it"
    stop_component "$name"
    start_component "$name"
    starts[$name]=1 since[$name]=$SECONDS started[$name]=$(now_ms)
    deadline[$name]=$((SECONDS + $(startup_limit "$name")))
  done
  while [ ${#pending[@]} -gt 0 ]; do
    left=()
    for name in "${pending[@]}"; do
      if component_ready "$name"; then
        if [ "${starts[$name]}" -gt 0 ]; then
          log "$name ready $(secs_since "${started[$name]}") after its restart"
        elif [[ $REPAIR_TOUCHED == *" $name "* ]]; then
          log "$name ready after $(secs_since "${started[$name]}"), without a restart"
        fi
        continue
      fi
      if ! component_alive "$name"; then
        why[$name]="exited (log: $(component_log "$name"))"
      elif [ "$SECONDS" -lt "${deadline[$name]}" ]; then
        left+=("$name")
        continue
      elif [ "$name" = kwok-controller ] && component_healthy "$name"; then
        # Healthy, but some node has no fresh lease (a node being deleted,
        # say): another restart would not change that.
        log "warning: kwok-controller has not renewed every node's lease $((SECONDS - since[$name]))s after its restart; going on"
        continue
      else
        why[$name]="not ready after $((SECONDS - since[$name]))s"
      fi
      left+=("$name")
      [ "${starts[$name]}" -lt $REPAIR_MAX_STARTS ] || {
        tail -n 15 "$(component_log "$name")" >&2 || true
        die "$name: ${why[$name]}; gave up after $REPAIR_MAX_STARTS starts"
      }
      log "$name: ${why[$name]}: restarting it"
      stop_component "$name"
      start_component "$name"
      starts[$name]=$((starts[$name] + 1)) since[$name]=$SECONDS started[$name]=$(now_ms)
      deadline[$name]=$((SECONDS + $(startup_limit "$name")))
    done
    pending=("${left[@]}")
    [ ${#pending[@]} -eq 0 ] || sleep 0.25
  done
}

# component_state NAME: dead, healthy or unhealthy.
component_state() {
  if ! component_alive "$1"; then
    echo dead
  elif component_healthy "$1"; then
    echo healthy
  else
    echo unhealthy
  fi
}

component_log() {
  if [ "$1" = minio ]; then echo "$MINIO_LOG"; else echo "$KWOK_CLUSTER_DIR/logs/$1.log"; fi
}

# cluster_repair: one repair pass over everything, in dependency order. When
# etcd or the apiserver was down, the running leaders (controller manager,
# scheduler) may still lose their lease and exit (10 s without renewing):
# the pass waits until each has renewed it since the apiserver came back,
# or restarts the one that exited.
cluster_repair() {
  local name
  REPAIR_TOUCHED=" "
  LEASE_SINCE=()
  # MinIO only where it runs (cluster 1).
  if [[ " ${ALL_COMPONENTS[*]} " == *" minio "* ]]; then repair_tier etcd minio; else repair_tier etcd; fi
  repair_tier kube-apiserver
  if [[ $REPAIR_TOUCHED == *" etcd "* || $REPAIR_TOUCHED == *" kube-apiserver "* ]]; then
    for name in $LEADER_COMPONENTS; do LEASE_SINCE[$name]=$(now_micro); done
  fi
  repair_tier kube-controller-manager kube-scheduler kwok-controller metrics-server
}

# any_component_dead: some component's process is gone.
any_component_dead() {
  local name
  for name in "${ALL_COMPONENTS[@]}"; do component_alive "$name" || return 0; done
  return 1
}

# wait_repairing SECONDS DESCRIPTION COMMAND...: wait_for, but a component
# that dies meanwhile (metrics-server started by kwokctl before the
# apiserver could answer it, say) is restarted by a repair pass, after which
# the wait starts over; at most REPAIR_MAX_STARTS such passes in one `up`.
WAIT_REPAIRS=0
wait_repairing() {
  local limit=$1 what=$2; shift 2
  local until_s=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    if [ $WAIT_REPAIRS -lt $REPAIR_MAX_STARTS ] && any_component_dead; then
      WAIT_REPAIRS=$((WAIT_REPAIRS + 1))
      log "a component exited while waiting for $what"
      cluster_repair
      until_s=$((SECONDS + limit))
      continue
    fi
    [ $SECONDS -lt $until_s ] || { log "timed out after ${limit}s waiting for $what"; return 1; }
    sleep 0.25
  done
}
