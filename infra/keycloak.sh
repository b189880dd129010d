# shellcheck shell=bash
# Keycloak 26.7.3 in dev mode (H2 file database), from Maven Central's keycloak-quarkus-dist.
# State: .tributary/keycloak/dist (unzipped distribution; its data/ holds the H2 database and
# data/import the rendered realm). Realm template: auth/realm/tributary-realm.json.

KEYCLOAK_HOME="$TRIBUTARY_STATE/keycloak"
KEYCLOAK_DIST="$KEYCLOAK_HOME/dist"
KEYCLOAK_REALM_TEMPLATE="$TRIBUTARY_HOME/auth/realm/tributary-realm.json"
keycloak_ports() { echo "$TRIBUTARY_KEYCLOAK_PORT"; }

keycloak_install() {
  local v=$TRIBUTARY_KEYCLOAK_VERSION zip="keycloak-quarkus-dist-$TRIBUTARY_KEYCLOAK_VERSION.zip"
  [[ -x $KEYCLOAK_DIST/bin/kc.sh && -f $KEYCLOAK_DIST/.version && $(<"$KEYCLOAK_DIST/.version") == "$v" ]] && return 0
  fetch_artifact "org.keycloak:keycloak-quarkus-dist:$v:zip" "$zip" || return 1
  say "keycloak: unpacking $zip"
  rm -rf "$KEYCLOAK_DIST" "$KEYCLOAK_HOME/unpack"
  mkdir -p "$KEYCLOAK_HOME/unpack"
  unzip -q "$TRIBUTARY_DOWNLOADS/$zip" -d "$KEYCLOAK_HOME/unpack" || fail "keycloak: cannot unzip $zip" || return 1
  mv "$KEYCLOAK_HOME/unpack/keycloak-$v" "$KEYCLOAK_DIST"
  rm -rf "$KEYCLOAK_HOME/unpack"
  echo "$v" >"$KEYCLOAK_DIST/.version"
}

# Renders the realm with this checkout's secrets. `--import-realm` skips a realm that already
# exists, so when the rendered realm differs from the one last imported, the H2 database is
# dropped and Keycloak imports afresh.
keycloak_render_realm() {
  local import="$KEYCLOAK_DIST/data/import" last="$KEYCLOAK_HOME/imported-realm.json"
  mkdir -p "$import"
  (umask 077 && render_template "$KEYCLOAK_REALM_TEMPLATE" "$import/tributary-realm.json") || return 1
  if [[ -d $KEYCLOAK_DIST/data/h2 ]] && ! cmp -s "$import/tributary-realm.json" "$last"; then
    say "keycloak: realm changed since the last import, dropping its database to re-import"
    rm -rf "$KEYCLOAK_DIST/data/h2"
  fi
}

keycloak_prepare() {
  check_java || return 1
  keycloak_install || return 1
  keycloak_render_realm
}

keycloak_launch() {
  local java_home
  java_home=$(dirname "$(dirname "$(readlink -f "$JAVA")")")
  spawn keycloak env \
    JAVA_HOME="$java_home" \
    JAVA_OPTS_KC_HEAP="$TRIBUTARY_KEYCLOAK_HEAP" \
    KC_BOOTSTRAP_ADMIN_USERNAME=admin \
    KC_BOOTSTRAP_ADMIN_PASSWORD="$TRIBUTARY_SECRET_KEYCLOAK_ADMIN" \
    "$KEYCLOAK_DIST/bin/kc.sh" start-dev \
    --http-host=127.0.0.1 \
    --http-port="$TRIBUTARY_KEYCLOAK_PORT" \
    --hostname="$TRIBUTARY_KEYCLOAK_URL" \
    --import-realm
}

keycloak_ready() {
  [[ $(http_code "http://127.0.0.1:$TRIBUTARY_KEYCLOAK_PORT/realms/$TRIBUTARY_REALM/.well-known/openid-configuration") == 200 ]]
}

keycloak_after_ready() {
  cp "$KEYCLOAK_DIST/data/import/tributary-realm.json" "$KEYCLOAK_HOME/imported-realm.json"
  chmod 600 "$KEYCLOAK_HOME/imported-realm.json"
}

# A running Keycloak keeps the realm it imported; say so when the template or secrets changed.
keycloak_when_running() {
  local tmp
  tmp=$(mktemp)
  if (umask 077 && render_template "$KEYCLOAK_REALM_TEMPLATE" "$tmp") && ! cmp -s "$tmp" "$KEYCLOAK_HOME/imported-realm.json"; then
    warn "keycloak: the realm changed since it was imported; ./tributary restart keycloak imports it"
  fi
  rm -f "$tmp"
}

keycloak_health() {
  if keycloak_ready; then echo "realm-ok"; else echo "no-realm"; fi
}

# SIGTERM to kc.sh's process group: kc.sh forwards it to the JVM, which stops in a few seconds.
keycloak_stop() { stop_component keycloak TERM; }
