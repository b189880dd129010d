#!/usr/bin/env bash
# loadTable and commit throughput and latency (p50/p99) through the catalog's Iceberg REST API, at 1 and 4
# concurrent clients, next to a baseline measured in the same run (GET /iceberg/v1/config: the same token check,
# HTTP and JSON work, without PostgreSQL or the warehouse).
#
# Usage: bench/catalog.sh            # against the catalog service directly
#        BENCH_URL=http://localhost:8080 bench/catalog.sh   # through the gateway
# Settings: BENCH_READS (default 2000), BENCH_COMMITS (default 200) per row.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f catalog-service/target/quarkus-app/quarkus-run.jar ]] || ./mvnw -q -B -DskipTests install -pl catalog-service -am
./tributary start postgres kafka keycloak catalog >/dev/null
eval "$(./tributary env)"
./mvnw -q -B -f bench/pom.xml -Dbench.main=io.tributary.bench.CatalogBench compile exec:java
