#!/usr/bin/env bash
# loadTable and commit throughput and latency (p50/p99) through the catalog's Iceberg REST API: one client on a table
# of 10, 1,000 and 10,000 snapshots; 8 writers each on a table of its own; 8 writers racing on one table (409 and
# retry). Each group of rows has its baseline measured in the same run (GET /iceberg/v1/config: the same token check,
# HTTP and JSON work, without PostgreSQL or the warehouse).
#
# Usage: bench/catalog.sh            # against the catalog service directly
#        BENCH_URL=http://localhost:8080 bench/catalog.sh   # through the gateway
# Settings: BENCH_WARMUP_COMMITS (200, not reported), BENCH_READS (1000), BENCH_COMMITS (100 per single-client row), BENCH_RACE_COMMITS (400 per 8-writer row),
# BENCH_SIZES (10,1000,10000: the snapshot counts of the single-client rows), BENCH_WRITER_VIEW (false; true: loads and
# commits answered with the lake writer's view, each append carrying a writer checkpoint as the writer's do).
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f catalog-service/target/quarkus-app/quarkus-run.jar ]] || ./mvnw -q -B -DskipTests install -pl catalog-service -am
./tributary start postgres kafka keycloak catalog >/dev/null
eval "$(./tributary env)"
# Builds share target/ folders: take the machine's Maven lock when there is one.
lock=()
[[ -n ${TRIBUTARY_MVN_LOCK:-} ]] && lock=(flock "$TRIBUTARY_MVN_LOCK")
"${lock[@]}" ./mvnw -q -B -f bench/pom.xml compile
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run"
./mvnw -q -B -f bench/pom.xml -Dbench.main=io.tributary.bench.CatalogBench exec:java
echo "machine: load average $(cut -d' ' -f1-3 /proc/loadavg) after the run"
