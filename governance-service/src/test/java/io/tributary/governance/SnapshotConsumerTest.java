package io.tributary.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.common.annotation.Identifier;
import io.tributary.contracts.Topics;
import io.tributary.contracts.kafka.KafkaClients;
import io.tributary.governance.core.lake.LakeReadsUnavailableException;
import io.tributary.governance.core.lake.SnapshotCommitted;
import io.tributary.governance.core.lake.SnapshotListener;
import io.tributary.governance.events.SnapshotConsumer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * snapshot.committed events from tributary.catalog.events reach every listener in order, at least once: a failing
 * listener gets the same snapshot again (the listener that succeeded does not), and nothing is skipped.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class SnapshotConsumerTest {

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    private static String event(String table, long snapshot, Long parent, String type, String branch) {
        return "{\"specversion\": \"1.0\", \"id\": \"" + UUID.randomUUID()
                + "\", \"source\": \"/tributary/catalog\", \"type\": \"" + type + "\", \"subject\": \"" + table
                + "\", \"data\": {\"namespace\": \"" + table.substring(0, table.indexOf('.')) + "\", \"snapshot-id\": "
                + snapshot + (parent == null ? "" : ", \"parent-snapshot-id\": " + parent)
                + ", \"operation\": \"append\", \"timestamp-ms\": 1764000000000, \"added-records\": 5,"
                + " \"summary\": {\"added-records\": \"5\"}"
                + (branch == null ? "" : ", \"branch\": \"" + branch + "\"")
                + "}}";
    }

    record Seen(String listener, SnapshotCommitted snapshot) {}

    @Test
    void eachSnapshotReachesEveryListenerInOrderAndAFailureIsRetried() throws Exception {
        String table = "snap" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + ".orders";
        List<Seen> seen = new CopyOnWriteArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        SnapshotListener steady = listener("steady", seen, table, null);
        SnapshotListener flaky = listener("flaky", seen, table, snapshot -> {
            // query-service is away for the second snapshot's first two attempts.
            if (snapshot.snapshotId() == 2 && failures.getAndIncrement() < 2) {
                throw new LakeReadsUnavailableException("query-service is down", null);
            }
        });
        MeterRegistry registry = new SimpleMeterRegistry();
        SnapshotConsumer consumer = new SnapshotConsumer(
                KafkaClients.of(kafka, "governance-test"),
                List.of(steady, flaky),
                () -> true,
                "snapshot-consumer-test-" + UUID.randomUUID(),
                Duration.ofMillis(100),
                Duration.ofMillis(400),
                registry);
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(
                    Topics.CATALOG_EVENTS,
                    table,
                    event(table, 1, null, "io.tributary.catalog.snapshot.committed", null)));
            producer.send(new ProducerRecord<>(
                    Topics.CATALOG_EVENTS,
                    table,
                    event(table, 2, 1L, "io.tributary.catalog.snapshot.committed", null)));
            producer.send(new ProducerRecord<>(
                    Topics.CATALOG_EVENTS, table, event(table, 9, null, "io.tributary.catalog.tags.changed", null)));
            producer.send(new ProducerRecord<>(Topics.CATALOG_EVENTS, table, "not json"));
            producer.send(new ProducerRecord<>(
                            Topics.CATALOG_EVENTS,
                            table,
                            event(table, 3, 2L, "io.tributary.catalog.snapshot.committed", "audit")))
                    .get();
        }
        consumer.start();
        try {
            for (int i = 0;
                    i < 600
                            && seen.stream()
                                            .filter(s -> s.listener().equals("flaky"))
                                            .count()
                                    < 3;
                    i++) {
                Thread.sleep(100);
            }
        } finally {
            consumer.stop();
        }
        assertThat(seen.stream()
                        .filter(s -> s.listener().equals("steady"))
                        .map(s -> s.snapshot().snapshotId()))
                .containsExactly(1L, 2L, 3L);
        assertThat(seen.stream()
                        .filter(s -> s.listener().equals("flaky"))
                        .map(s -> s.snapshot().snapshotId()))
                .containsExactly(1L, 2L, 3L);
        assertThat(failures.get()).isEqualTo(3);
        SnapshotCommitted third = seen.get(seen.size() - 1).snapshot();
        assertThat(third.branch()).isEqualTo("audit");
        assertThat(third.parentId()).isEqualTo(2L);
        assertThat(third.addedRecords()).isEqualTo(5L);
        assertThat(seen.get(0).snapshot().branch()).isEqualTo("main");
        assertThat(registry.get("tributary_governance_snapshots_processed_total")
                        .tag("listener", "flaky")
                        .tag("outcome", "failed")
                        .counter()
                        .count())
                .isEqualTo(2.0);
    }

    interface Work {
        void run(SnapshotCommitted snapshot) throws Exception;
    }

    /** Records what it is handed of {@code table} (the topic holds other tests' and the stack's events too). */
    private static SnapshotListener listener(String name, List<Seen> seen, String table, Work work) {
        return new SnapshotListener() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void committed(SnapshotCommitted snapshot) throws Exception {
                if (!snapshot.table().toString().equals(table)) {
                    return;
                }
                if (work != null) {
                    work.run(snapshot);
                }
                seen.add(new Seen(name, snapshot));
            }
        };
    }
}
