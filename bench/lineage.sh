#!/usr/bin/env bash
# Lineage at scale: loads a layered graph (10,000 datasets, 5,000 jobs, 100,000 runs, 200,000 column edges) through
# POST /api/v1/lineage with 4 concurrent clients (events/s, total load time), then p50/p99 of the deep graph reads
# (lineage depth 20 from the deepest dataset, column lineage depth 10 up and up+down) next to GET /q/health/live,
# measured interleaved in the same run. Each run loads into a namespace of its own (bench-<epoch>).
#
# Usage: bench/lineage.sh                                   # full size, against the catalog service directly
#        BENCH_JOBS=500 BENCH_DATASETS=1000 BENCH_RUNS=5000 BENCH_COLUMN_EDGES=20000 bench/lineage.sh   # quick
#        BENCH_NAMESPACE=bench-1700000000 bench/lineage.sh  # read again a graph loaded before (same sizes), no load
# Settings: BENCH_URL, BENCH_DATASETS, BENCH_JOBS, BENCH_RUNS, BENCH_COLUMN_EDGES, BENCH_CLIENTS (4), BENCH_READS (200).
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f catalog-service/target/quarkus-app/quarkus-run.jar ]] || ./mvnw -q -B -DskipTests install -pl catalog-service -am
./tributary start postgres kafka keycloak catalog >/dev/null
eval "$(./tributary env)"
./mvnw -q -B -f bench/pom.xml -Dbench.main=io.tributary.bench.LineageBench compile exec:java
