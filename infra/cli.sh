# shellcheck shell=bash
# The launcher's client commands (sql, push, tables, describe, lineage, token) and the demo's walkthrough.
# They run infra/cli/*.py (python3's standard library only) against the gateway; docs/cli.md describes them.
# Sourced by ./tributary after infra/env.sh.

TRIBUTARY_CLI_DIR="$TRIBUTARY_HOME/infra/cli"
TRIBUTARY_CLI_COMMANDS="sql push tables describe lineage token"

is_cli_command() { [[ " $TRIBUTARY_CLI_COMMANDS " == *" $1 "* ]]; }

# cli_python <script> <args...>: the launcher's own settings, unless the caller's environment overrides them.
cli_python() {
  local script=$1
  shift
  command -v python3 >/dev/null || die "python3 is needed for ./tributary $script commands"
  TRIBUTARY_HOME="$TRIBUTARY_HOME" \
    TRIBUTARY_STATE="$TRIBUTARY_STATE" \
    TRIBUTARY_SECRETS="$TRIBUTARY_SECRETS" \
    TRIBUTARY_GATEWAY_URL="$TRIBUTARY_GATEWAY_URL" \
    TRIBUTARY_OIDC_URL="$TRIBUTARY_OIDC_URL" \
    python3 "$TRIBUTARY_CLI_DIR/$script.py" "$@"
}

# cmd_cli <command> <args...>: exits with the client's status (0 ok, 1 an error answer, 2 usage, 3 rows refused).
cmd_cli() {
  local rc=0
  cli_python tributary_cli "$@" || rc=$?
  exit "$rc"
}

# The walkthrough part of `./tributary demo`, on a stack that is already up.
demo_walkthrough() {
  local rc=0
  cli_python demo "$@" || rc=$?
  return "$rc"
}
