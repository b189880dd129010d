# shellcheck shell=bash
# Tributary's own Quarkus services, run from their fast-jar builds
# (<module>/target/quarkus-app/quarkus-run.jar). Short names: catalog ingest query governance writer gateway.
# `writer` is the lake writer: the ingest-service jar run with role writer, under ingest's client id.

service_module() {
  case $1 in
    gateway) echo gateway ;;
    catalog | ingest | query | governance) echo "$1-service" ;;
    writer) echo ingest-service ;;
    *) return 1 ;;
  esac
}
is_service() { service_module "$1" >/dev/null 2>&1; }
service_port() {
  local v
  v="TRIBUTARY_$(upper "$1")_PORT"
  echo "${!v}"
}
service_jar() { echo "$TRIBUTARY_HOME/$(service_module "$1")/target/quarkus-app/quarkus-run.jar"; }
service_client_id() {
  case $1 in
    writer) echo tributary-ingest ;;
    *) echo "tributary-$1" ;;
  esac
}
# The secret of the service's Keycloak client (the writer shares ingest's).
service_secret_var() {
  case $1 in
    writer) echo TRIBUTARY_SECRET_CLIENT_INGEST ;;
    *) echo "TRIBUTARY_SECRET_CLIENT_$(upper "$1")" ;;
  esac
}
# Extra environment of a service: the ingest jar runs as the producer API or as the lake writer.
service_extra_env() {
  case $1 in
    # Trino writes tables through the catalog as its own client, like the lake writer.
    catalog)
      echo "TRIBUTARY_CATALOG_WRITER_CLIENTS=tributary-ingest,tributary-trino"
      # Trino's lineage listener posts with a static key (it cannot fetch tokens): the catalog holds its hash, and
      # learns the namespace Trino gives its datasets, so that they become the lake writer's.
      echo "TRIBUTARY_CATALOG_LINEAGE_API_KEYS=trino:sha256:$(sha256_hex "$TRIBUTARY_SECRET_LINEAGE_KEY_TRINO")"
      echo "TRIBUTARY_CATALOG_LINEAGE_TRINO_NAMESPACE=trino://127.0.0.1:$TRIBUTARY_TRINO_PORT"
      ;;
    # Who may insert is governance's INSERT decision (the contract's producers plus INSERT grants).
    ingest) printf '%s\n' "TRIBUTARY_INGEST_ROLE=api" "TRIBUTARY_INGEST_AUTHORIZATION_KIND=governance" \
      "TRIBUTARY_GOVERNANCE_URL=http://127.0.0.1:$(service_port governance)" ;;
    writer) echo "TRIBUTARY_INGEST_ROLE=writer" ;;
    governance)
      echo "TRIBUTARY_GOVERNANCE_OPA_PORT=$TRIBUTARY_GOVERNANCE_OPA_PORT"
      # The Trino catalogs besides the lake that grants may name.
      echo "TRIBUTARY_GOVERNANCE_OPA_FEDERATED_CATALOGS=$(trino_federated_catalogs | paste -sd, -)"
      ;;
    # query's second engine: Trino over HTTPS, trusting the certificate the Trino launcher writes.
    query)
      echo "TRIBUTARY_QUERY_TRINO_URL=https://localhost:$TRIBUTARY_TRINO_HTTPS_PORT"
      echo "TRIBUTARY_QUERY_TRINO_TRUST_CERTIFICATE=$TRINO_CERT"
      ;;
  esac
  return 0
}
service_ready_url() { echo "http://127.0.0.1:$(service_port "$1")/q/health/ready"; }

# The environment every service and every `./mvnw` test run gets (see infra/README.md).
common_env() {
  echo "TRIBUTARY_PG_HOST=$TRIBUTARY_PG_HOST"
  echo "TRIBUTARY_PG_PORT=$TRIBUTARY_PG_PORT"
  echo "TRIBUTARY_PG_USER=$TRIBUTARY_PG_USER"
  echo "TRIBUTARY_PG_PASSWORD=$TRIBUTARY_PG_PASSWORD"
  echo "TRIBUTARY_KAFKA_BOOTSTRAP=$TRIBUTARY_KAFKA_BOOTSTRAP"
  echo "TRIBUTARY_OIDC_URL=$TRIBUTARY_OIDC_URL"
  echo "TRIBUTARY_WAREHOUSE=$TRIBUTARY_WAREHOUSE"
  echo "TRIBUTARY_STORAGE=$TRIBUTARY_STORAGE"
  # Services that call the catalog (ingest's contracts, the lake writer's commits) find it here.
  echo "TRIBUTARY_CATALOG_URL=http://127.0.0.1:$(service_port catalog)"
  echo "TRIBUTARY_INGEST_CONTRACTS_CATALOG_URL=http://127.0.0.1:$(service_port catalog)"
  local s
  for s in catalog ingest query governance; do
    echo "TRIBUTARY_GATEWAY_$(upper "$s")_URL=http://127.0.0.1:$(service_port "$s")"
  done
  if is_running s3proxy; then
    echo "TRIBUTARY_S3_ENDPOINT=$TRIBUTARY_S3_ENDPOINT"
    echo "TRIBUTARY_S3_REGION=$TRIBUTARY_S3_REGION"
    echo "TRIBUTARY_S3_ACCESS_KEY=$TRIBUTARY_S3_ACCESS_KEY"
    echo "TRIBUTARY_S3_SECRET_KEY=$TRIBUTARY_S3_SECRET_KEY"
    echo "TRIBUTARY_S3_WAREHOUSE=$TRIBUTARY_S3_WAREHOUSE"
    echo "TRIBUTARY_S3_PATH_STYLE_ACCESS=true"
  fi
}

# What the e2e tests (and a person testing by hand) need on top: where the suite is, how to
# drive it, and every example client secret and user password.
test_env() {
  echo "TRIBUTARY_GATEWAY_URL=$TRIBUTARY_GATEWAY_URL"
  echo "TRIBUTARY_KEYCLOAK_URL=$TRIBUTARY_KEYCLOAK_URL"
  echo "TRIBUTARY_LAUNCHER=$TRIBUTARY_HOME/tributary"
  echo "TRIBUTARY_TEST_TRINO=$TRIBUTARY_TEST_TRINO"
  echo "TRIBUTARY_TRINO_HTTPS_PORT=$TRIBUTARY_TRINO_HTTPS_PORT"
  echo "TRIBUTARY_TRINO_CERT=$TRINO_CERT"
  local name
  for name in $TRIBUTARY_SERVICES; do
    echo "TRIBUTARY_$(upper "$name")_PORT=$(service_port "$name")"
  done
  for name in $TRIBUTARY_SECRET_NAMES; do
    [[ $name == TRIBUTARY_SECRET_* ]] && echo "$name=${!name}"
  done
  return 0
}

service_prepare() {
  local name=$1 jar
  check_java || return 1
  jar=$(service_jar "$name")
  [[ -f $jar ]] || fail "$name: $jar is missing; build it with ./mvnw -DskipTests install (./tributary up builds when needed)" || return 1
  mkdir -p "$TRIBUTARY_WAREHOUSE"
}

service_launch() {
  local name=$1 opts_var secret_var
  opts_var="TRIBUTARY_$(upper "$name")_JAVA_OPTS"
  secret_var=$(service_secret_var "$name")
  local -a envs
  mapfile -t envs < <(common_env; service_extra_env "$name")
  # shellcheck disable=SC2086
  spawn "$name" env "${envs[@]}" \
    QUARKUS_HTTP_HOST=127.0.0.1 \
    QUARKUS_HTTP_PORT="$(service_port "$name")" \
    TRIBUTARY_OIDC_CLIENT_ID="$(service_client_id "$name")" \
    TRIBUTARY_OIDC_CLIENT_SECRET="${!secret_var}" \
    "$JAVA" ${!opts_var:-$TRIBUTARY_SERVICE_JAVA_OPTS} -jar "$(service_jar "$name")"
}

service_ready() { [[ $(http_code "$(service_ready_url "$1")") == 200 ]]; }

# On a readiness timeout: what the health endpoint said.
service_diagnose() {
  local body
  body=$(curl -s --max-time 5 "$(service_ready_url "$1")" 2>/dev/null || true)
  echo "----- $(service_ready_url "$1") answered: -----"
  echo "${body:-(nothing)}"
}

# Quarkus logs "... started in 1.234s."; the last such line is this run's JVM startup time.
jvm_started_in() {
  local f line
  f=$(log_file "$1")
  [[ -f $f ]] || return 0
  line=$(grep -o 'started in [0-9.]*s' "$f" | tail -n 1) || true
  echo "${line#started in }"
}

service_after_ready() { :; }

service_health() {
  local code
  code=$(http_code "$(service_ready_url "$1")")
  case $code in
    200) echo "ready" ;;
    000) echo "no-answer" ;;
    *) echo "not-ready($code)" ;;
  esac
}

service_stop() { stop_component "$1" TERM; }
