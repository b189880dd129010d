#!/usr/bin/env bash
# Governance: decisions/s and p50/p99 of POST /api/governance/v1/decisions (batches of 1 and 50 tables, direct to the
# service with a real token) and of Trino's batched OPA call (FilterTables over 1,000 tables), next to GET
# /q/health/live on the same service in the same run, and to a POST /decisions refused as invalid (the same token
# check and JSON, no decision); the in-service decision time from /q/metrics (tributary_governance_decision_seconds);
# audit entries/s from tributary.audit into the hash chain next to kcat producing them, and GET /audit/verify next to
# PostgreSQL reading the same rows (psql).
#
# Usage: bench/governance.sh   (against the running suite; installs wrk and kcat with apt when missing, and says so)
# Settings: BENCH_SECONDS (10 per row, after 5 unmeasured), BENCH_TABLES (1000), BENCH_AUDIT_ENTRIES (100000; 0 skips
# the audit part). The audit events stay in the log, as every audit entry does.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in wrk kcat; do
  command -v "$tool" >/dev/null || {
    echo "installing $tool (apt)"
    sudo -n true 2>/dev/null && SUDO=sudo || SUDO=
    $SUDO apt-get install -y -q "$tool" >/dev/null
  }
done
eval "$(./tributary env)"
# Builds share target/ folders: take the machine's Maven lock when there is one.
lock=()
[[ -n ${TRIBUTARY_MVN_LOCK:-} ]] && lock=(flock "$TRIBUTARY_MVN_LOCK")
"${lock[@]}" ./mvnw -q -B -f bench/pom.xml compile
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run"
./mvnw -q -B -f bench/pom.xml -Dbench.main=io.tributary.bench.GovernanceBench exec:java
echo "machine: load average $(cut -d' ' -f1-3 /proc/loadavg) after the run"
