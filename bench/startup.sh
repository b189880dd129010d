#!/usr/bin/env bash
# Time to `./tributary up` (cold and warm), and each service's JVM startup time and RSS.
#
#   cold: no build output (./mvnw clean) and fresh PostgreSQL, Kafka and Keycloak installs
#         (downloads are kept: a first-ever run also fetches ~250 MB from Maven Central);
#   warm: everything built and initialised, started from `down`.
#
# Baseline, measured in the same run: a bare JVM (`java -version`), so figures can be compared
# across machines as ratios. Usage: bench/startup.sh [runs-of-warm-up, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
state=.tributary

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

baseline() {
  local t0 t1 i
  t0=$(now)
  for i in 1 2 3 4 5; do java -version >/dev/null 2>&1; done
  t1=$(now)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 5 }'
}

./tributary down >/dev/null
jvm=$(baseline)
echo "baseline: bare JVM start (java -version) = ${jvm}s"

echo "cold up: clean build and fresh component state"
./mvnw -q clean >/dev/null
rm -rf "$state/pg" "$state/kafka" "$state/keycloak"
t0=$(now)
./tributary up >/tmp/tributary-bench-up.log 2>&1
cold=$(elapsed "$t0" "$(now)")
echo "cold up: ${cold}s"

warm_total=0
for i in $(seq 1 "$runs"); do
  ./tributary down >/dev/null
  t0=$(now)
  ./tributary up >/tmp/tributary-bench-up.log 2>&1
  w=$(elapsed "$t0" "$(now)")
  echo "warm up #$i: ${w}s"
  warm_total=$(awk -v a="$warm_total" -v b="$w" 'BEGIN { print a + b }')
done
warm=$(awk -v a="$warm_total" -v n="$runs" 'BEGIN { printf "%.1f", a / n }')

echo
echo "| measure | seconds | × bare JVM start |"
echo "|---|---|---|"
printf '| cold up | %s | %.0f |\n' "$cold" "$(awk -v a="$cold" -v b="$jvm" 'BEGIN { print a / b }')"
printf '| warm up (mean of %s) | %s | %.0f |\n' "$runs" "$warm" "$(awk -v a="$warm" -v b="$jvm" 'BEGIN { print a / b }')"
echo
echo "| component | JVM startup (s) | × bare JVM start | RSS (MB) |"
echo "|---|---|---|---|"
./tributary status | awk -v jvm="$jvm" 'NR > 1 {
  start = $8; sub(/s$/, "", start);
  ratio = (start ~ /^[0-9.]+$/) ? sprintf("%.1f", start / jvm) : "-";
  printf "| %s | %s | %s | %s |\n", $1, start, ratio, $6 }'
