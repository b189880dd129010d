#!/usr/bin/env bash
# Records per second accepted through the gateway (1 KB JSON records, batches of 500, 4 concurrent clients), next
# to the raw produce rate of kcat on the same broker in the same run (same records, acks=all, idempotent); then
# freshness p50/p95: from a receipt until the record is in the table's current snapshot (needs the lake writer).
#
# Usage: bench/ingest.sh   (starts whatever is not running; kcat is installed with apt when missing)
# Settings: BENCH_RECORDS (100000 per round), BENCH_ROUNDS (3), BENCH_CLIENTS (4), BENCH_BATCH (500), BENCH_WARMUP (600000, unmeasured),
# BENCH_PROBES (40), BENCH_INGEST_URL (where records are posted: the gateway; http://127.0.0.1:8082 skips it).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v kcat >/dev/null || { echo "installing kcat (apt)"; sudo -n true 2>/dev/null && SUDO=sudo || SUDO=; $SUDO apt-get install -y -q kcat >/dev/null; }
./tributary up >/dev/null
eval "$(./tributary env)"
./mvnw -q -B -f bench/pom.xml -Dbench.main=io.tributary.bench.IngestBench compile exec:java
