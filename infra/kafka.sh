# shellcheck shell=bash
# Kafka 4.4.0, single-node KRaft (broker and controller in one JVM), from Maven Central jars.
# State: .tributary/kafka (libs/, data/, server.properties, cluster.id).

KAFKA_HOME="$TRIBUTARY_STATE/kafka"
KAFKA_LIBS="$KAFKA_HOME/libs"
KAFKA_DATA="$KAFKA_HOME/data"
KAFKA_POM="$TRIBUTARY_HOME/infra/kafka/pom.xml"
kafka_ports() { echo "$TRIBUTARY_KAFKA_PORT $TRIBUTARY_KAFKA_CONTROLLER_PORT"; }

# The broker classpath, resolved by infra/kafka/pom.xml. Re-resolved when that POM changes.
kafka_fetch_libs() {
  local stamp
  stamp=$(cksum <"$KAFKA_POM")
  [[ -f $KAFKA_LIBS/.resolved && $(<"$KAFKA_LIBS/.resolved") == "$stamp" ]] && return 0
  say "kafka: resolving the broker classpath from Maven Central"
  rm -rf "$KAFKA_LIBS"
  mkdir -p "$KAFKA_LIBS"
  mvnw -q -B -f "$KAFKA_POM" dependency:copy-dependencies -DoutputDirectory="$KAFKA_LIBS" ||
    fail "kafka: could not resolve the broker jars (infra/kafka/pom.xml)" || return 1
  echo "$stamp" >"$KAFKA_LIBS/.resolved"
}

# A random base64url cluster id. One in 64 starts with '-', which the storage tool would take
# for an option, so draw again.
kafka_new_cluster_id() {
  local id
  while :; do
    id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
    [[ $id != -* ]] && { echo "$id"; return 0; }
  done
}

kafka_prepare() {
  check_java || return 1
  kafka_fetch_libs || return 1
  mkdir -p "$KAFKA_DATA"
  KAFKA_DATA=$KAFKA_DATA render_template "$TRIBUTARY_HOME/infra/kafka/server.properties" "$KAFKA_HOME/server.properties" || return 1
  if [[ ! -f $KAFKA_DATA/meta.properties ]]; then
    [[ -s $KAFKA_HOME/cluster.id ]] || kafka_new_cluster_id >"$KAFKA_HOME/cluster.id"
    say "kafka: formatting storage in $KAFKA_DATA (cluster id $(<"$KAFKA_HOME/cluster.id"))"
    "$JAVA" -Xmx256m -XX:TieredStopAtLevel=1 -Dlog4j2.configurationFile="$TRIBUTARY_HOME/infra/kafka/log4j2.properties" \
      -cp "$KAFKA_LIBS/*" kafka.tools.StorageTool format \
      -t "$(<"$KAFKA_HOME/cluster.id")" -c "$KAFKA_HOME/server.properties" >>"$(log_file kafka-format)" 2>&1 ||
      { log_tail kafka-format >&2; fail "kafka: formatting storage failed"; return 1; }
  fi
}

kafka_launch() {
  # shellcheck disable=SC2086
  spawn kafka "$JAVA" $TRIBUTARY_KAFKA_HEAP $TRIBUTARY_KAFKA_JAVA_OPTS \
    -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$TRIBUTARY_HOME/infra/kafka/log4j2.properties" \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_HOME/server.properties"
}

kafka_ready() { grep -q "Kafka Server started" "$(log_file kafka)"; }

kafka_health() {
  if tcp_open "$TRIBUTARY_KAFKA_PORT"; then echo "listening"; else echo "not-listening"; fi
}

kafka_stop() { stop_component kafka TERM; }
