# shellcheck shell=bash
# Trino 476, optional: `./tributary start trino`, or `TRIBUTARY_TRINO=1 ./tributary up`. The server tarball comes
# from Maven Central and runs on Java 24+ (the machine's Java 17 is too old for it).
# State: .tributary/trino (dist/: the unpacked server, only the plugins in TRIBUTARY_TRINO_PLUGINS; etc/: its
# configuration, rendered from infra/trino on every start; data/; tls/: its self-signed certificate, trino.pem for
# clients). Catalogs: iceberg (Tributary's Iceberg REST catalog through the gateway), and those of
# infra/trino/federation.properties (tpch, memory, warehouse_pg), which governance-service is told about.

TRINO_HOME="$TRIBUTARY_STATE/trino"
TRINO_DIST="$TRINO_HOME/dist"
TRINO_ETC="$TRINO_HOME/etc"
TRINO_DATA="$TRINO_HOME/data"
TRINO_TEMPLATES="$TRIBUTARY_HOME/infra/trino"
TRINO_FEDERATION="$TRINO_TEMPLATES/federation.properties"
TRINO_KEYSTORE="$TRINO_HOME/tls/trino.p12"
TRINO_CERT="$TRINO_HOME/tls/trino.pem"
TRINO_MIN_JAVA=24
trino_ports() { echo "$TRIBUTARY_TRINO_PORT $TRIBUTARY_TRINO_HTTPS_PORT"; }

# The feature version of the JDK at <home> (25 for 25.0.3), from its release file; fails if there is none.
jdk_version() {
  local v
  [[ -x $1/bin/java && -f $1/release ]] || return 1
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release")
  [[ $v =~ ^[0-9]+$ ]] || return 1
  echo "$v"
}

# Sets TRINO_JAVA_HOME: TRIBUTARY_TRINO_JAVA_HOME, else JAVA_HOME if recent enough, else the newest JDK in
# /usr/lib/jvm that is.
trino_find_java() {
  [[ -n ${TRINO_JAVA_HOME:-} ]] && return 0
  local home v best="" best_v=0 seen=""
  if [[ -n ${TRIBUTARY_TRINO_JAVA_HOME:-} ]]; then
    v=$(jdk_version "$TRIBUTARY_TRINO_JAVA_HOME") ||
      fail "trino: TRIBUTARY_TRINO_JAVA_HOME=$TRIBUTARY_TRINO_JAVA_HOME is not a JDK (no bin/java and release file)" || return 1
    ((v >= TRINO_MIN_JAVA)) ||
      fail "trino: TRIBUTARY_TRINO_JAVA_HOME=$TRIBUTARY_TRINO_JAVA_HOME is Java $v; Trino $TRIBUTARY_TRINO_VERSION needs Java $TRINO_MIN_JAVA or newer" || return 1
    TRINO_JAVA_HOME=$TRIBUTARY_TRINO_JAVA_HOME
    return 0
  fi
  for home in ${JAVA_HOME:+"$JAVA_HOME"} /usr/lib/jvm/*; do
    v=$(jdk_version "$home") || continue
    seen+=" $(basename "$home") ($v)"
    if ((v >= TRINO_MIN_JAVA && v > best_v)); then best=$home; best_v=$v; fi
  done
  [[ -n $best ]] ||
    fail "trino: Trino $TRIBUTARY_TRINO_VERSION needs Java $TRINO_MIN_JAVA or newer; found only:${seen:- no JDK in /usr/lib/jvm}. Install one (e.g. Temurin 25) and set TRIBUTARY_TRINO_JAVA_HOME to it" || return 1
  TRINO_JAVA_HOME=$best
}

# Unpacks the server once, keeping only the plugins asked for: every plugin present is loaded at startup, whether a
# catalog uses it or not. The tarball hard-links jars across plugins, so it is unpacked whole and the rest deleted.
trino_install() {
  local v=$TRIBUTARY_TRINO_VERSION tgz="trino-server-$TRIBUTARY_TRINO_VERSION.tar.gz" stamp p name
  stamp="$v plugins: $TRIBUTARY_TRINO_PLUGINS"
  [[ -x $TRINO_DIST/bin/launcher && -f $TRINO_DIST/.installed && $(<"$TRINO_DIST/.installed") == "$stamp" ]] && return 0
  fetch_artifact "io.trino:trino-server:$v:tar.gz" "$tgz" || return 1
  say "trino: unpacking $tgz, keeping the plugins $TRIBUTARY_TRINO_PLUGINS"
  rm -rf "$TRINO_DIST" "$TRINO_HOME/unpack"
  mkdir -p "$TRINO_HOME/unpack"
  tar -xzf "$TRIBUTARY_DOWNLOADS/$tgz" -C "$TRINO_HOME/unpack" || fail "trino: cannot unpack $tgz" || return 1
  for name in $TRIBUTARY_TRINO_PLUGINS; do
    [[ -d $TRINO_HOME/unpack/trino-server-$v/plugin/$name ]] ||
      fail "trino: Trino $v has no plugin '$name' (TRIBUTARY_TRINO_PLUGINS)" || return 1
  done
  for p in "$TRINO_HOME/unpack/trino-server-$v/plugin"/*; do
    [[ " $TRIBUTARY_TRINO_PLUGINS " == *" $(basename "$p") "* ]] || rm -rf "$p"
  done
  mv "$TRINO_HOME/unpack/trino-server-$v" "$TRINO_DIST"
  rm -rf "$TRINO_HOME/unpack"
  echo "$stamp" >"$TRINO_DIST/.installed"
}

# The file-system part of the Iceberg catalog: table files live where the catalog's warehouse is.
trino_storage_properties() {
  case $TRIBUTARY_STORAGE in
    local)
      # The catalog hands out file: locations, which Trino reads through Hadoop's local file system (its native
      # local file system only knows local:// locations).
      echo "fs.hadoop.enabled=true"
      ;;
    s3)
      cat <<PROPS
fs.native-s3.enabled=true
s3.endpoint=$TRIBUTARY_S3_ENDPOINT
s3.region=$TRIBUTARY_S3_REGION
s3.path-style-access=true
s3.aws-access-key=$TRIBUTARY_S3_ACCESS_KEY
s3.aws-secret-key=$TRIBUTARY_S3_SECRET_KEY
PROPS
      ;;
    *) fail "trino: TRIBUTARY_STORAGE=$TRIBUTARY_STORAGE; expected local or s3" || return 1 ;;
  esac
}

# The catalogs federation.properties declares, one a line: those with a connector.name.
trino_federated_catalogs() {
  sed -n 's/^\([a-z0-9_][a-z0-9_-]*\)\.connector\.name=.*/\1/p' "$TRINO_FEDERATION"
}

# trino_render_federated <catalog-dir>: one <catalog>.properties per federated catalog, placeholders filled.
trino_render_federated() {
  local dir=$1 name
  for name in $(trino_federated_catalogs); do
    [[ ! -e $TRINO_TEMPLATES/catalog/$name.properties ]] ||
      fail "trino: $TRINO_FEDERATION declares catalog '$name', which infra/trino/catalog already has" || return 1
    awk -v p="$name." 'index($0, p) == 1 { print substr($0, length(p) + 1) }' "$TRINO_FEDERATION" >"$dir/$name.in"
    render_template "$dir/$name.in" "$dir/$name.properties" || return 1
    rm -f "$dir/$name.in"
  done
}

# trino_render <etc-dir>: the whole configuration from infra/trino. It holds secrets, so it is private.
# shellcheck disable=SC2034 # the TRINO_* locals are placeholders, read by render_template by name
trino_render() {
  local etc=$1 f
  case $TRIBUTARY_TRINO_ACCESS_CONTROL in
    opa | allow-all) ;;
    *) fail "trino: TRIBUTARY_TRINO_ACCESS_CONTROL=$TRIBUTARY_TRINO_ACCESS_CONTROL; expected opa or allow-all" || return 1 ;;
  esac
  local TRINO_CATALOG_URI="http://127.0.0.1:$TRIBUTARY_GATEWAY_PORT/iceberg" TRINO_HEAP_LINES TRINO_STORAGE_PROPERTIES
  # Lineage goes straight to catalog-service: the gateway admits only JWTs, and the listener sends a static key.
  local TRINO_LINEAGE_URL="http://127.0.0.1:$TRIBUTARY_CATALOG_PORT"
  TRINO_HEAP_LINES=$(tr -s ' ' '\n' <<<"$TRIBUTARY_TRINO_HEAP")
  TRINO_STORAGE_PROPERTIES=$(trino_storage_properties) || return 1
  rm -rf "$etc"
  (
    umask 077
    mkdir -p "$etc/catalog"
    for f in node.properties config.properties jvm.config log.properties event-listener.properties; do
      render_template "$TRINO_TEMPLATES/$f" "$etc/$f" || exit 1
    done
    for f in "$TRINO_TEMPLATES"/catalog/*.properties; do
      render_template "$f" "$etc/catalog/$(basename "$f")" || exit 1
    done
    trino_render_federated "$etc/catalog" || exit 1
    render_template "$TRINO_TEMPLATES/access-control/$TRIBUTARY_TRINO_ACCESS_CONTROL.properties" \
      "$etc/access-control.properties" || exit 1
  )
}

# Trino checks bearer tokens over HTTPS only, so it gets a self-signed certificate for localhost and 127.0.0.1,
# made once (again when the keystore password in secrets.env no longer opens it). Clients trust trino.pem.
trino_tls() {
  local keytool="$TRINO_JAVA_HOME/bin/keytool"
  if [[ -s $TRINO_KEYSTORE && -s $TRINO_CERT ]] &&
    "$keytool" -list -keystore "$TRINO_KEYSTORE" -storetype PKCS12 -storepass "$TRIBUTARY_TRINO_KEYSTORE_PASSWORD" >/dev/null 2>&1; then
    return 0
  fi
  say "trino: generating a self-signed certificate for localhost ($TRINO_CERT)"
  rm -rf "$TRINO_HOME/tls"
  mkdir -p "$TRINO_HOME/tls"
  chmod 700 "$TRINO_HOME/tls"
  "$keytool" -genkeypair -alias trino -keyalg RSA -keysize 2048 -validity 3650 -dname "CN=localhost" \
    -ext "SAN=dns:localhost,ip:127.0.0.1" -keystore "$TRINO_KEYSTORE" -storetype PKCS12 \
    -storepass "$TRIBUTARY_TRINO_KEYSTORE_PASSWORD" >/dev/null 2>&1 &&
    "$keytool" -exportcert -rfc -alias trino -keystore "$TRINO_KEYSTORE" -storetype PKCS12 \
      -storepass "$TRIBUTARY_TRINO_KEYSTORE_PASSWORD" -file "$TRINO_CERT" >/dev/null 2>&1 ||
    fail "trino: keytool could not make a certificate in $TRINO_HOME/tls" || return 1
  chmod 600 "$TRINO_KEYSTORE"
  chmod 644 "$TRINO_CERT"
}

trino_prepare() {
  trino_find_java || return 1
  trino_install || return 1
  trino_tls || return 1
  mkdir -p "$TRINO_DATA"
  trino_render "$TRINO_ETC"
}

trino_launch() {
  # `launcher run` stays in the foreground, logging to stdout (the component's log).
  spawn trino env JAVA_HOME="$TRINO_JAVA_HOME" \
    "$TRINO_DIST/bin/launcher" run \
    --etc-dir="$TRINO_ETC" --data-dir="$TRINO_DATA" --jvm-dir="$TRINO_JAVA_HOME"
}

trino_info() { curl -s --connect-timeout 2 --max-time 5 "http://127.0.0.1:$TRIBUTARY_TRINO_PORT/v1/info" 2>/dev/null; }

# Trino answers HTTP long before it accepts queries; /v1/info says when it has finished starting.
trino_ready() { [[ $(trino_info) == *'"starting":false'* ]]; }

trino_after_ready() {
  say "trino: https://localhost:$TRIBUTARY_TRINO_HTTPS_PORT (certificate ${TRINO_CERT#"$TRIBUTARY_HOME"/}), $TRIBUTARY_TRINO_ACCESS_CONTROL access control, storage $TRIBUTARY_STORAGE, Java from $TRINO_JAVA_HOME"
}

# A running Trino keeps the configuration it started with; say so when it would render differently now.
trino_when_running() {
  local next="$TRINO_HOME/etc.next"
  if (trino_render "$next") >/dev/null 2>&1 && ! diff -rq "$next" "$TRINO_ETC" >/dev/null 2>&1; then
    warn "trino: its configuration changed since it started; ./tributary restart trino applies it"
  fi
  rm -rf "$next"
}

trino_health() {
  local info
  info=$(trino_info)
  case $info in
    *'"starting":false'*) echo "active" ;;
    *'"starting":true'*) echo "starting" ;;
    *) echo "no-answer" ;;
  esac
}

trino_stop() { stop_component trino TERM; }
