#!/usr/bin/env bash
# Freshness at 1, 10, 30, 100 and 300 active tables: each new table receives one record every 1.5 s through the
# gateway; a probe runs from the record's receipt until a snapshot on main holds it (the time the catalog wrote the
# commit, read from its snapshot.committed events). Prints p50/p95/p99/max per level, each new table's first record,
# and the slowest probes with the lake writer's own metrics over their wait.
#
# Usage: bench/freshness.sh   (starts whatever is not running)
# Settings: BENCH_TABLES (1,10,30,100,300), BENCH_SECONDS (40 per level), BENCH_INTERVAL_MS (1500),
# BENCH_WARMUP_SECONDS (20: a level of 10 tables first, not reported, so that JIT compilation is not measured),
# BENCH_STEADY_AFTER_SECONDS (10: probes sent later in a level are "steady").
set -euo pipefail
cd "$(dirname "$0")/.."
./tributary up >/dev/null
eval "$(./tributary env)"
./mvnw -q -B -f bench/pom.xml -Dbench.main=io.tributary.bench.FreshnessBench compile exec:java
