# shellcheck shell=bash
# Shared helpers for ./tributary: progress output, pid files, readiness polling, stopping,
# secrets, ports. Sourced after infra/env.sh. Safe under `set -euo pipefail`.

# ---------------------------------------------------------------------------------------------
# time and output
# ---------------------------------------------------------------------------------------------

# Microseconds since the epoch, from bash's own clock (no subprocess).
now_us() { local t=${EPOCHREALTIME/[.,]/}; echo "$t"; }

: "${TRIBUTARY_T0:=$(now_us)}"
export TRIBUTARY_T0

# fmt_secs <microseconds> -> "12.3"
fmt_secs() {
  local us=$1
  printf '%d.%d' $((us / 1000000)) $(((us % 1000000) / 100000))
}

# Seconds elapsed since <start_us>, as "12.3".
since() { fmt_secs $(($(now_us) - $1)); }

# Progress line with the time since the launcher started: "[ 12.3s] kafka ready (8.1s)".
say() { printf '[%6ss] %s\n' "$(since "$TRIBUTARY_T0")" "$*"; }
warn() { say "WARNING: $*" >&2; }
fail() { say "ERROR: $*" >&2; return 1; }
die() { say "ERROR: $*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# processes and pid files
# ---------------------------------------------------------------------------------------------
# A pid file holds "<pid> <starttime>", starttime being field 22 of /proc/<pid>/stat. A pid file
# is only trusted when that pid is alive with the same start time, so a recycled pid is never
# mistaken for ours.

proc_starttime() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }          # drop "pid (comm) ", comm may contain spaces
  local -a f
  read -ra f <<<"$stat"
  echo "${f[19]}"
}

pid_file() { echo "$TRIBUTARY_RUN/$1.pid"; }

pid_write() {
  local start
  start=$(proc_starttime "$2") || return 1
  echo "$2 $start" >"$(pid_file "$1")"
}

# Prints the pid of component <name> if it is running; removes a stale pid file.
running_pid() {
  local f pid start actual
  f=$(pid_file "$1")
  [[ -f $f ]] || return 1
  read -r pid start <"$f" || true
  if [[ -n ${pid:-} ]] && actual=$(proc_starttime "$pid") && [[ $actual == "${start:-}" ]]; then
    echo "$pid"
    return 0
  fi
  rm -f "$f"
  return 1
}

is_running() { running_pid "$1" >/dev/null; }

# alive <pid>: the process exists and is not a zombie.
alive() {
  local state
  state=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$1/status" 2>/dev/null) || return 1
  [[ -n $state && $state != Z ]]
}

# group_alive <pgid>: any non-zombie process left in that process group.
group_alive() {
  local p
  for p in $(ps -e -o pid=,pgid= 2>/dev/null | awk -v g="$1" '$2 == g { print $1 }'); do
    alive "$p" && return 0
  done
  return 1
}

# spawn <name> <cmd...>: run a command detached in its own session (so Ctrl-C in the launcher's
# terminal doesn't reach it, and stop can signal the whole process group), stdout and stderr
# appended to its log. The child writes its own pid file before exec, so no start is ever
# left untracked, even if the launcher dies right after.
spawn() {
  local name=$1; shift
  local log pidf i
  log=$(log_file "$name")
  pidf=$(pid_file "$name")
  rm -f "$pidf"
  # shellcheck disable=SC2016
  setsid bash -c 's=$(</proc/$$/stat); s=${s##*) }; read -ra f <<<"$s"; echo "$$ ${f[19]}" >"$0"; exec "$@"' \
    "$pidf" "$@" </dev/null >>"$log" 2>&1 &
  for ((i = 0; i < 200; i++)); do
    [[ -s $pidf ]] && return 0
    sleep 0.05
  done
  fail "$name: process did not start (no pid file after 10s)"
}

# Send <signal> to a component's process group (or just the pid if it leads no group).
signal_component() {
  local sig=$1 pid=$2
  kill "-$sig" -- "-$pid" 2>/dev/null || kill "-$sig" "$pid" 2>/dev/null || true
}

# stop_component <name> [first-signal]: first-signal (default TERM), then KILL after the grace
# period. Waits until the whole process group is gone.
stop_component() {
  local name=$1 sig=${2:-TERM} pid t0
  pid=$(running_pid "$name") || { say "$name not running"; return 0; }
  t0=$(now_us)
  signal_component "$sig" "$pid"
  if ! wait_gone "$pid" "$TRIBUTARY_STOP_GRACE"; then
    warn "$name (pid $pid) still alive after ${TRIBUTARY_STOP_GRACE}s, sending SIGKILL"
    signal_component KILL "$pid"
    wait_gone "$pid" 10 || fail "$name (pid $pid) survived SIGKILL" || return 1
  fi
  rm -f "$(pid_file "$name")" "$TRIBUTARY_RUN/$name.ready"
  say "$name stopped ($(since "$t0")s)"
}

# wait_gone <pid> <seconds>: until the process and its process group have exited.
wait_gone() {
  local pid=$1 deadline=$(($(now_us) + $2 * 1000000))
  while alive "$pid" || group_alive "$pid"; do
    (($(now_us) < deadline)) || return 1
    sleep 0.2
  done
}

# Resident memory of a process and all its descendants, in MB.
tree_rss_mb() {
  ps -e -o pid=,ppid=,rss= 2>/dev/null | awk -v root="$1" '
    { ppid[$1] = $2; rss[$1] = $3 }
    END {
      for (p in rss) {
        q = p
        while (q != "" && q != 0 && q != root) q = ppid[q]
        if (q == root) sum += rss[p]
      }
      printf "%d", sum / 1024
    }'
}

# ---------------------------------------------------------------------------------------------
# logs and readiness
# ---------------------------------------------------------------------------------------------

log_file() { echo "$TRIBUTARY_LOGS/$1.log"; }

# Keep the previous run's log as <name>.log.1, so readiness checks only see this run.
rotate_log() {
  local f
  f=$(log_file "$1")
  [[ -f $f ]] && mv -f "$f" "$f.1"
  : >"$f"
}

log_tail() {
  local f n=${2:-40}
  f=$(log_file "$1")
  if [[ -s $f ]]; then
    echo "----- last $n lines of $f -----"
    tail -n "$n" "$f"
    echo "----- end of $1 log -----"
  elif [[ -f $f ]]; then
    echo "($f is empty)"
  else
    echo "(no log at $f)"
  fi
}

# await_ready <name> <timeout-seconds> <check-command...>
# Polls the check until it succeeds. Fails fast if the process exits, and on timeout; either way
# it names the component and prints the tail of its log.
await_ready() {
  local name=$1 timeout=$2; shift 2
  local t0 pid deadline
  t0=$(now_us)
  deadline=$((t0 + timeout * 1000000))
  while :; do
    if "$@" >/dev/null 2>&1; then return 0; fi
    if ! pid=$(running_pid "$name"); then
      fail "$name exited during startup" || true
      log_tail "$name" >&2
      return 1
    fi
    if (($(now_us) > deadline)); then
      fail "$name not ready after ${timeout}s (raise TRIBUTARY_$(upper "$name")_READY_TIMEOUT if the machine is just slow)" || true
      if declare -F component_diagnose >/dev/null; then component_diagnose "$name" >&2 || true; fi
      log_tail "$name" >&2
      return 1
    fi
    sleep 0.5
  done
}

upper() { local s=${1^^}; echo "${s//-/_}"; }

# ---------------------------------------------------------------------------------------------
# network
# ---------------------------------------------------------------------------------------------

# HTTP status code of a GET (000 when nothing answers).
http_code() {
  curl -s -o /dev/null -w '%{http_code}' --connect-timeout 2 --max-time "${HTTP_MAX_TIME:-5}" "$@" 2>/dev/null || true
}

tcp_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Describes whoever listens on TCP <port>, e.g. 'pid 1234 (java)'; empty if nobody.
port_holder() {
  local line
  line=$(ss -H -ltnp "sport = :$1" 2>/dev/null | head -n 1) || true
  if [[ -z $line ]]; then
    tcp_open "$1" && echo "an unknown process"
    return 0
  fi
  if [[ $line =~ \"([^\"]+)\",pid=([0-9]+) ]]; then
    echo "pid ${BASH_REMATCH[2]} (${BASH_REMATCH[1]})"
  else
    echo "an unknown process"
  fi
}

# ensure_ports_free <name> <port...>: fail naming the port and its holder.
ensure_ports_free() {
  local name=$1 port holder; shift
  for port in "$@"; do
    holder=$(port_holder "$port")
    if [[ -n $holder ]]; then
      fail "port $port, needed by $name, is in use by $holder" || return 1
    fi
  done
}

# ---------------------------------------------------------------------------------------------
# secrets
# ---------------------------------------------------------------------------------------------
# Generated on first use into .tributary/secrets.env (mode 600). Hex values: safe to source,
# to put in URLs and in JSON without escaping.

TRIBUTARY_SECRET_NAMES="
TRIBUTARY_PG_PASSWORD
TRIBUTARY_SECRET_PG_FEDERATION
TRIBUTARY_SECRET_KEYCLOAK_ADMIN
TRIBUTARY_SECRET_CLIENT_GATEWAY
TRIBUTARY_SECRET_CLIENT_CATALOG
TRIBUTARY_SECRET_CLIENT_INGEST
TRIBUTARY_SECRET_CLIENT_QUERY
TRIBUTARY_SECRET_CLIENT_GOVERNANCE
TRIBUTARY_SECRET_CLIENT_EXAMPLE_PRODUCER
TRIBUTARY_SECRET_CLIENT_TRINO
TRIBUTARY_SECRET_USER_ADA
TRIBUTARY_SECRET_USER_PAT
TRIBUTARY_SECRET_USER_ANA
TRIBUTARY_SECRET_USER_ABE
TRIBUTARY_SECRET_USER_SAM
TRIBUTARY_SECRET_USER_NORA
TRIBUTARY_S3_ACCESS_KEY
TRIBUTARY_S3_SECRET_KEY
TRIBUTARY_TRINO_SHARED_SECRET
TRIBUTARY_TRINO_KEYSTORE_PASSWORD
TRIBUTARY_SECRET_LINEAGE_KEY_TRINO
"

rand_hex() { od -An -N "$1" -tx1 /dev/urandom | tr -d ' \n'; }

# The hex SHA-256 of a secret's text: what a service is configured with where it only checks the secret
# (catalog-service's lineage API keys).
sha256_hex() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }

ensure_secrets() {
  local name
  mkdir -p "$TRIBUTARY_STATE"
  (umask 077 && touch "$TRIBUTARY_SECRETS")
  chmod 600 "$TRIBUTARY_SECRETS"
  for name in $TRIBUTARY_SECRET_NAMES; do
    grep -q "^$name=" "$TRIBUTARY_SECRETS" || echo "$name=$(rand_hex 20)" >>"$TRIBUTARY_SECRETS"
  done
  # shellcheck disable=SC1090
  source "$TRIBUTARY_SECRETS"
}

# ---------------------------------------------------------------------------------------------
# tools
# ---------------------------------------------------------------------------------------------

java_bin() {
  if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then
    echo "$JAVA_HOME/bin/java"
  else
    command -v java || true
  fi
}

# Fails unless a Java 17+ runtime is available. Sets JAVA.
check_java() {
  # Checked once per launcher run; parallel service starts would otherwise each boot a JVM to ask.
  [[ -n ${JAVA_CHECKED:-} && -n ${JAVA:-} ]] && return 0
  JAVA=$(java_bin)
  [[ -n $JAVA ]] || fail "no Java found: install a JDK 17 or newer (apt-get install -y openjdk-17-jdk-headless) or set JAVA_HOME" || return 1
  local v
  v=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  v=${v#1.}
  [[ $v =~ ^[0-9]+$ ]] || fail "cannot tell the version of $JAVA" || return 1
  ((v >= 17)) || fail "$JAVA is Java $v; Tributary needs Java 17 or newer (set JAVA_HOME)" || return 1
  export JAVA JAVA_CHECKED=1
}

# Maven through the wrapper, which pins the Maven version. Maven is installed once, under a lock, before anything
# runs in parallel: two wrapper runs that both find it missing download it side by side, and the second fails to move
# its copy into place.
maven_install() {
  [[ -n ${MVNW_INSTALLED:-} ]] && return 0
  mkdir -p "$TRIBUTARY_RUN"
  flock "$TRIBUTARY_RUN/mvnw.lock" "$TRIBUTARY_HOME/mvnw" -q -B --version >/dev/null ||
    fail "the Maven Wrapper could not install Maven (see the messages above)" || return 1
  export MVNW_INSTALLED=1
}

mvnw() {
  maven_install || return 1
  "$TRIBUTARY_HOME/mvnw" "$@"
}

# fetch_artifact <groupId:artifactId:version[:type[:classifier]]> <file-name>
# Copies one artifact from Maven Central into .tributary/downloads, once.
fetch_artifact() {
  local coords=$1 file=$2
  [[ -s $TRIBUTARY_DOWNLOADS/$file ]] && return 0
  mkdir -p "$TRIBUTARY_DOWNLOADS"
  say "downloading $coords from Maven Central"
  mvnw -q -B -f "$TRIBUTARY_HOME/infra/fetch/pom.xml" dependency:copy \
    -Dartifact="$coords" -DoutputDirectory="$TRIBUTARY_DOWNLOADS" -Dmdep.overWriteIfNewer=true ||
    fail "could not download $coords" || return 1
  [[ -s $TRIBUTARY_DOWNLOADS/$file ]] || fail "download of $coords did not produce $file" || return 1
}

# render_template <template> <output>: replaces every @NAME@ with the value of variable NAME.
# Fails if a placeholder has no value, naming it.
render_template() {
  local src=$1 dst=$2 text name
  text=$(<"$src")
  local re='@([A-Z][A-Z0-9_]*)@'
  local rest=$text
  while [[ $rest =~ $re ]]; do
    name=${BASH_REMATCH[1]}
    [[ -n ${!name:-} ]] || fail "$src: no value for placeholder @$name@" || return 1
    text=${text//@$name@/${!name}}
    rest=${rest#*"@$name@"}
  done
  printf '%s\n' "$text" >"$dst"
}
