# shellcheck shell=bash disable=SC2034
# The one place for local ports, paths, versions and timeouts. Sourced by ./tributary.
# Every value can be overridden from the environment, e.g. TRIBUTARY_KAFKA_PORT=29092 ./tributary up

: "${TRIBUTARY_HOME:?TRIBUTARY_HOME must point at the repository root}"
: "${TRIBUTARY_STATE:=$TRIBUTARY_HOME/.tributary}"

# --- ports (everything binds 127.0.0.1) ---
: "${TRIBUTARY_PG_PORT:=15432}"
: "${TRIBUTARY_KAFKA_PORT:=19092}"
: "${TRIBUTARY_KAFKA_CONTROLLER_PORT:=19093}"
: "${TRIBUTARY_KEYCLOAK_PORT:=18180}"
: "${TRIBUTARY_S3PROXY_PORT:=18280}"
: "${TRIBUTARY_GATEWAY_PORT:=8080}"
: "${TRIBUTARY_CATALOG_PORT:=8081}"
: "${TRIBUTARY_INGEST_PORT:=8082}"
: "${TRIBUTARY_QUERY_PORT:=8083}"
: "${TRIBUTARY_GOVERNANCE_PORT:=8084}"
# The lake writer: the ingest-service jar in its writer role (health and metrics only).
: "${TRIBUTARY_WRITER_PORT:=8085}"
# Trino, optional (TRIBUTARY_TRINO=1 ./tributary up, or ./tributary start trino). Users connect over HTTPS (its
# certificate is generated on first start); plain HTTP serves only Trino's own internal calls and /v1/info.
: "${TRIBUTARY_TRINO_PORT:=18080}"
: "${TRIBUTARY_TRINO_HTTPS_PORT:=18443}"

# --- what services see ---
: "${TRIBUTARY_PG_HOST:=127.0.0.1}"
: "${TRIBUTARY_PG_USER:=tributary}"
: "${TRIBUTARY_PG_DATABASES:=catalog ingest governance catalog_test ingest_test governance_test}"
: "${TRIBUTARY_KAFKA_BOOTSTRAP:=127.0.0.1:$TRIBUTARY_KAFKA_PORT}"
: "${TRIBUTARY_KEYCLOAK_URL:=http://localhost:$TRIBUTARY_KEYCLOAK_PORT}"
: "${TRIBUTARY_REALM:=tributary}"
: "${TRIBUTARY_OIDC_URL:=$TRIBUTARY_KEYCLOAK_URL/realms/$TRIBUTARY_REALM}"
: "${TRIBUTARY_S3_ENDPOINT:=http://127.0.0.1:$TRIBUTARY_S3PROXY_PORT}"
: "${TRIBUTARY_S3_REGION:=us-east-1}"
: "${TRIBUTARY_WAREHOUSE:=$TRIBUTARY_STATE/warehouse}"
# Where the catalog keeps table metadata: local (the directory above) or s3 (s3proxy, bucket from the URI below).
: "${TRIBUTARY_STORAGE:=local}"
: "${TRIBUTARY_S3_WAREHOUSE:=s3://tributary/warehouse}"
: "${TRIBUTARY_GATEWAY_URL:=http://localhost:$TRIBUTARY_GATEWAY_PORT}"

# --- versions ---
: "${TRIBUTARY_PG_VERSION:=15}"
: "${TRIBUTARY_KEYCLOAK_VERSION:=26.7.3}"
: "${TRIBUTARY_S3PROXY_VERSION:=4.1.0}"
# The last Trino release on Maven Central; it needs Java 24 or newer (TRIBUTARY_TRINO_JAVA_HOME, else the newest
# JDK in /usr/lib/jvm that is recent enough).
: "${TRIBUTARY_TRINO_VERSION:=476}"
# Kafka's version lives in infra/kafka/pom.xml, which resolves the broker classpath.

# --- JVM options ---
: "${TRIBUTARY_KAFKA_HEAP:=-Xms512m -Xmx512m}"
: "${TRIBUTARY_KAFKA_JAVA_OPTS:=-XX:+UseSerialGC}"
: "${TRIBUTARY_KEYCLOAK_HEAP:=-Xmx384m -XX:TieredStopAtLevel=1}"
: "${TRIBUTARY_S3PROXY_JAVA_OPTS:=-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC}"
: "${TRIBUTARY_SERVICE_JAVA_OPTS:=-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC}"
# The data path (every record passes the gateway, the ingest API, governance's INSERT decision, Kafka and the lake
# writer, and every commit the catalog) gets the optimising JIT (C2) and more heap; query-service and Keycloak stop
# at C1, which starts faster and needs less memory. Under C1 a token's RSA signature check alone costs milliseconds.
: "${TRIBUTARY_DATA_PATH_JAVA_OPTS:=-Xmx512m -XX:+UseSerialGC}"
: "${TRIBUTARY_INGEST_JAVA_OPTS:=$TRIBUTARY_DATA_PATH_JAVA_OPTS}"
: "${TRIBUTARY_WRITER_JAVA_OPTS:=$TRIBUTARY_DATA_PATH_JAVA_OPTS}"
: "${TRIBUTARY_GATEWAY_JAVA_OPTS:=$TRIBUTARY_DATA_PATH_JAVA_OPTS}"
: "${TRIBUTARY_CATALOG_JAVA_OPTS:=$TRIBUTARY_DATA_PATH_JAVA_OPTS}"
# governance-service decides every ingest request's INSERT grant (and every Trino statement's access).
: "${TRIBUTARY_GOVERNANCE_JAVA_OPTS:=$TRIBUTARY_DATA_PATH_JAVA_OPTS}"
# Arrow IPC answers (query-service's api/ArrowStream) need java.nio opened to Arrow's memory module.
: "${TRIBUTARY_QUERY_JAVA_OPTS:=$TRIBUTARY_SERVICE_JAVA_OPTS --add-opens=java.base/java.nio=ALL-UNNAMED}"
# Trino's heap, one JVM option per word (the rest of its JVM options are in infra/trino/jvm.config).
: "${TRIBUTARY_TRINO_HEAP:=-Xms1G -Xmx2G}"
# Local-only convenience: a broker that creates topics on first use. Services still create
# their topics explicitly with the AdminClient; set false to prove they do.
: "${TRIBUTARY_KAFKA_AUTO_CREATE_TOPICS:=true}"

# --- Trino ---
# 1: `up` starts Trino after the services. `test` starts it before the end-to-end tests, which run queries through it
# (TRIBUTARY_TEST_TRINO=0 leaves it out and skips those tests).
: "${TRIBUTARY_TRINO:=0}"
: "${TRIBUTARY_TEST_TRINO:=1}"
# Who decides what a Trino user may do: opa (governance-service's OPA contract) or allow-all (everything, for a
# machine where governance does not answer yet).
: "${TRIBUTARY_TRINO_ACCESS_CONTROL:=opa}"
# governance-service answers Trino's OPA contract on a port of its own, so that only Trino can be let reach it.
: "${TRIBUTARY_GOVERNANCE_OPA_PORT:=8184}"
: "${TRIBUTARY_TRINO_OPA_URL:=http://127.0.0.1:$TRIBUTARY_GOVERNANCE_OPA_PORT/opa/v1}"
# Plugins kept from the distribution: each one loaded costs startup time. A change re-unpacks the server.
# postgresql (the federated catalog warehouse_pg) needs geospatial, which defines the Geometry type it maps.
: "${TRIBUTARY_TRINO_PLUGINS:=iceberg tpch memory opa openlineage postgresql geospatial}"

# --- readiness timeouts (seconds) and the stop grace period ---
: "${TRIBUTARY_POSTGRES_READY_TIMEOUT:=60}"
: "${TRIBUTARY_KAFKA_READY_TIMEOUT:=180}"
: "${TRIBUTARY_KEYCLOAK_READY_TIMEOUT:=300}"
: "${TRIBUTARY_S3PROXY_READY_TIMEOUT:=90}"
: "${TRIBUTARY_SERVICE_READY_TIMEOUT:=120}"
# Trino reports "starting":false after about 60 s on 2 busy cores; several minutes when a build runs beside it.
: "${TRIBUTARY_TRINO_READY_TIMEOUT:=240}"
: "${TRIBUTARY_STOP_GRACE:=30}"

# --- state layout (git-ignored) ---
TRIBUTARY_LOGS="$TRIBUTARY_STATE/logs"
TRIBUTARY_RUN="$TRIBUTARY_STATE/run"
TRIBUTARY_DOWNLOADS="$TRIBUTARY_STATE/downloads"
TRIBUTARY_SECRETS="$TRIBUTARY_STATE/secrets.env"

# Infrastructure in start order; services in start order (the gateway last).
TRIBUTARY_INFRA="postgres kafka keycloak s3proxy"
TRIBUTARY_SERVICES="catalog ingest query governance writer gateway"
# Optional engines on top of the services, started last and stopped first.
TRIBUTARY_ENGINES="trino"
