# shellcheck shell=bash
# PostgreSQL 15: the catalog's and governance's database.
# State: .tributary/pg (cluster, owned by the `postgres` user), socket in .tributary/run/pg.
# TCP on 127.0.0.1 only, scram-sha-256; local socket with peer auth for the launcher.

PG_DATA="$TRIBUTARY_STATE/pg"
PG_SOCKET_DIR="$TRIBUTARY_RUN/pg"
postgres_ports() { echo "$TRIBUTARY_PG_PORT"; }

# Directory holding initdb, pg_ctl, postgres, psql and pg_isready. Installs the Debian package
# when none is found.
postgres_bindir() {
  local d cand
  for cand in "$(command -v pg_ctl 2>/dev/null || true)" "/usr/lib/postgresql/$TRIBUTARY_PG_VERSION/bin/pg_ctl"; do
    [[ -n $cand && -x $cand ]] || continue
    d=$(dirname "$(readlink -f "$cand")")
    if [[ -x $d/initdb && -x $d/postgres && -x $d/psql && -x $d/pg_isready ]]; then
      echo "$d"
      return 0
    fi
  done
  return 1
}

PG_BIN=$(postgres_bindir 2>/dev/null || true)

postgres_ensure_installed() {
  PG_BIN=$(postgres_bindir) && return 0
  [[ $EUID -eq 0 ]] || fail "PostgreSQL $TRIBUTARY_PG_VERSION not found; install it: sudo apt-get install -y postgresql-$TRIBUTARY_PG_VERSION" || return 1
  say "PostgreSQL $TRIBUTARY_PG_VERSION not found: installing postgresql-$TRIBUTARY_PG_VERSION with apt-get"
  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "postgresql-$TRIBUTARY_PG_VERSION"; } \
    >>"$(log_file postgres-install)" 2>&1 ||
    { log_tail postgres-install >&2; fail "apt-get install postgresql-$TRIBUTARY_PG_VERSION failed"; return 1; }
  PG_BIN=$(postgres_bindir) || fail "postgresql-$TRIBUTARY_PG_VERSION installed, but its binaries are not where expected" || return 1
}

# PostgreSQL refuses to run as root: as root, run its tools as the `postgres` system user.
pg_as() {
  # (from / so that a working directory it cannot read, like /root, draws no warnings)
  if [[ $EUID -eq 0 ]]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}
pg_owner() { if [[ $EUID -eq 0 ]]; then echo postgres; else id -un; fi; }

pg_psql() {
  pg_as "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCKET_DIR" -p "$TRIBUTARY_PG_PORT" -U "$(pg_owner)" -d postgres "$@"
}

postgres_prepare() {
  postgres_ensure_installed || return 1
  local owner
  owner=$(pg_owner)
  mkdir -p "$PG_DATA" "$PG_SOCKET_DIR"
  chmod 700 "$PG_DATA"
  if [[ $EUID -eq 0 ]]; then
    chown "$owner:" "$PG_DATA" "$PG_SOCKET_DIR"
    # The cluster's owner must be able to reach it through every parent directory.
    runuser -u "$owner" -- test -x "$PG_DATA" ||
      fail "user $owner cannot reach $PG_DATA; make its parent directories world-searchable (chmod o+x)" || return 1
  fi
  if [[ ! -f $PG_DATA/PG_VERSION ]]; then
    say "postgres: initializing cluster in $PG_DATA"
    pg_as "$PG_BIN/initdb" -D "$PG_DATA" -U "$owner" -E UTF8 --no-locale \
      --auth-local=peer --auth-host=scram-sha-256 >>"$(log_file postgres-initdb)" 2>&1 ||
      { log_tail postgres-initdb >&2; fail "initdb failed"; return 1; }
  fi
  local have want
  have=$(<"$PG_DATA/PG_VERSION")
  want=$("$PG_BIN/postgres" --version | awk '{ split($3, v, "."); print v[1] }')
  [[ $have == "$want" ]] ||
    fail "$PG_DATA holds a PostgreSQL $have cluster but $PG_BIN is PostgreSQL $want; reset it: ./tributary down && rm -rf .tributary/pg" || return 1
}

postgres_launch() {
  local log
  log=$(log_file postgres)
  [[ $EUID -eq 0 ]] && chown "$(pg_owner):" "$log"
  pg_as "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$log" -W start -o \
    "-p $TRIBUTARY_PG_PORT -k $PG_SOCKET_DIR -c listen_addresses=127.0.0.1 -c max_connections=200" >/dev/null ||
    fail "pg_ctl start failed" || return 1
  # pg_ctl daemonizes the postmaster; its pid is the first line of postmaster.pid.
  local i pid
  for ((i = 0; i < 200; i++)); do
    if [[ -s $PG_DATA/postmaster.pid ]]; then
      pid=$(head -n 1 "$PG_DATA/postmaster.pid")
      if [[ -n $pid ]] && pid_write postgres "$pid"; then return 0; fi
    fi
    sleep 0.05
  done
  fail "postgres: no postmaster.pid after 10s"
}

postgres_ready() {
  pg_as "$PG_BIN/pg_isready" -q -h "$PG_SOCKET_DIR" -p "$TRIBUTARY_PG_PORT" && pg_psql -tAc 'select 1' >/dev/null
}

# Role `tributary` (password from secrets.env) and its databases, idempotently.
postgres_provision() {
  pg_psql <<SQL
\\set user '$TRIBUTARY_PG_USER'
\\set pw '$TRIBUTARY_PG_PASSWORD'
\\set dbs '$TRIBUTARY_PG_DATABASES'
SELECT format('CREATE ROLE %I LOGIN', :'user')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'user') \\gexec
ALTER ROLE :"user" WITH LOGIN PASSWORD :'pw';
SELECT format('CREATE DATABASE %I OWNER %I', d, :'user')
  FROM unnest(string_to_array(:'dbs', ' ')) AS d
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = d) \\gexec
SELECT format('ALTER DATABASE %I OWNER TO %I', d, :'user')
  FROM unnest(string_to_array(:'dbs', ' ')) AS d \\gexec
SQL
  # Trino's federated catalog warehouse_pg (infra/trino/federation.properties): a database with its own role, so
  # Trino's credentials reach none of the services' databases.
  pg_psql <<SQL
\\set pw '$TRIBUTARY_SECRET_PG_FEDERATION'
SELECT 'CREATE ROLE federation LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'federation') \\gexec
ALTER ROLE federation WITH LOGIN PASSWORD :'pw';
SELECT 'CREATE DATABASE federation OWNER federation'
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'federation') \\gexec
SQL
}

# Drops and recreates the *_test databases, so every `./tributary test` starts from empty ones.
postgres_reset_test_dbs() {
  local db dbs=""
  for db in $TRIBUTARY_PG_DATABASES; do [[ $db == *_test ]] && dbs+="$db "; done
  [[ -n $dbs ]] || return 0
  pg_psql <<SQL
\\set user '$TRIBUTARY_PG_USER'
\\set dbs '${dbs% }'
SELECT format('DROP DATABASE IF EXISTS %I WITH (FORCE)', d) FROM unnest(string_to_array(:'dbs', ' ')) AS d \\gexec
SELECT format('CREATE DATABASE %I OWNER %I', d, :'user') FROM unnest(string_to_array(:'dbs', ' ')) AS d \\gexec
SQL
  say "postgres: recreated empty ${dbs% }"
}

postgres_after_ready() { postgres_provision; }
postgres_when_running() { postgres_provision; }

postgres_health() {
  if postgres_ready 2>/dev/null; then echo "accepting"; else echo "not-accepting"; fi
}

# SIGINT is PostgreSQL's "fast" shutdown (SIGTERM would wait for every client to disconnect).
# If it is not down within the grace period, SIGQUIT (immediate), and then SIGKILL.
postgres_stop() {
  local pid t0
  pid=$(running_pid postgres) || { say "postgres not running"; return 0; }
  t0=$(now_us)
  kill -INT "$pid" 2>/dev/null || true
  if ! wait_gone "$pid" "$TRIBUTARY_STOP_GRACE"; then
    warn "postgres (pid $pid) still up after ${TRIBUTARY_STOP_GRACE}s, immediate shutdown"
    kill -QUIT "$pid" 2>/dev/null || true
    if ! wait_gone "$pid" 10; then
      kill -KILL "$pid" 2>/dev/null || true
      wait_gone "$pid" 10 || fail "postgres (pid $pid) survived SIGKILL" || return 1
    fi
  fi
  rm -f "$(pid_file postgres)" "$TRIBUTARY_RUN/postgres.ready"
  say "postgres stopped ($(since "$t0")s)"
}
