#!/usr/bin/env bash
# A day of a table committed every second, laid down in minutes: 86,400 appends (each a snapshot with a Parquet file of
# its own, 60 to a REST commit) with the platform's table maintenance every 600 appends keeping the last 3,600
# snapshots. At each hour mark: 100 single-append commits (p50/p99, and p50 as a ratio to the bare request measured
# just before) and the table's size. Freshness through the lake writer on a new table before the day, and after it on
# the day's table and a new table in turn. Fails if the day's table does not hold exactly what was appended and sent.
#
# Usage: bench/day.sh   (starts whatever is not running)
# Settings: BENCH_DAY_SNAPSHOTS (86400), BENCH_PER_COMMIT (60), BENCH_MAINTAIN_EVERY (600), BENCH_RETAIN (3600),
# BENCH_HOUR (3600), BENCH_WINDOW (100), BENCH_PROBES (20).
set -euo pipefail
cd "$(dirname "$0")/.."
./tributary up >/dev/null
eval "$(./tributary env)"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run"
./mvnw -q -B -f bench/pom.xml -Dbench.main=io.tributary.bench.DayBench compile exec:java
echo "machine: load average $(cut -d' ' -f1-3 /proc/loadavg) after the run"
