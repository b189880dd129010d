#!/usr/bin/env bash
# TPC-H queries 1, 3, 5, 6, 10 and 18 through POST /api/query/v1/statements (engine duckdb, a steward's token, through
# the gateway) next to raw DuckDB on the same Parquet files in the same run; the time to the first row of a LIMIT 10
# over a 12M-row table; the same queries on Trino directly and, when query-service offers the engine, through it.
# The first run copies TPC-H (sf1, plus sf2's lineitem) into the lake through Trino as ada; later runs reuse it.
#
# Usage: bench/query.sh   (against the running suite, Trino included)
# Settings: BENCH_NAMESPACE (bench_tpch), BENCH_SCALE (sf1), BENCH_BIG_SCALE (sf2; empty skips the first-row table),
# BENCH_RUNS (5), BENCH_TRINO_RUNS (3; 0 skips Trino), BENCH_USER (sam).
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(./tributary env)"
# Builds share target/ folders: take the machine's Maven lock when there is one.
lock=()
[[ -n ${TRIBUTARY_MVN_LOCK:-} ]] && lock=(flock "$TRIBUTARY_MVN_LOCK")
"${lock[@]}" ./mvnw -q -B -f bench/pom.xml compile
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run"
./mvnw -q -B -f bench/pom.xml -Dbench.main=io.tributary.bench.QueryBench exec:java
echo "machine: load average $(cut -d' ' -f1-3 /proc/loadavg) after the run"
