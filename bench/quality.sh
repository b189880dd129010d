#!/usr/bin/env bash
# Quality rules at scale and write-audit-publish freshness. (1) Ten rules (not_null, unique, accepted_values, range,
# regex, two length, row_count, freshness, sql) checked on a 1M-row snapshot through query-service's
# POST /api/query/v1/checks with governance's token, next to the same SQL on DuckDB in the bench JVM reading the
# snapshot's Parquet files (same run); then governance's own run once the rules exist. (2) Freshness, receipt → on
# main, of single-record probes alternating between a table under a block rule (audit branch) and one without rules.
#
# Usage: bench/quality.sh   (against the running suite: ./tributary up first)
#        BENCH_NAMESPACE=bench_quality_xxx BENCH_PROBES=0 bench/quality.sh   # rules again on a table loaded before
# Settings: BENCH_ROWS (1000000), BENCH_BATCH (5000), BENCH_CLIENTS (4), BENCH_RUNS (5), BENCH_PROBES (40 per table),
# BENCH_NAMESPACE, BENCH_DUCKDB_THREADS (2), BENCH_DUCKDB_MEMORY (1GB).
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(./tributary env)"
# Builds share target/ folders: take the machine's Maven lock when there is one.
lock=()
[[ -n ${TRIBUTARY_MVN_LOCK:-} ]] && lock=(flock "$TRIBUTARY_MVN_LOCK")
"${lock[@]}" ./mvnw -q -B -f bench/pom.xml compile
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run"
./mvnw -q -B -f bench/pom.xml -Dbench.main=io.tributary.bench.QualityBench exec:java
echo "machine: load average $(cut -d' ' -f1-3 /proc/loadavg) after the run"
