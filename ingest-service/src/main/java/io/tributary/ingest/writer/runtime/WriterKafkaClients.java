package io.tributary.ingest.writer.runtime;

import io.tributary.contracts.kafka.KafkaClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;

/** The lake writer's Kafka clients: the ingest topics' consumer, and one producer for dead letters and lineage. */
@ApplicationScoped
public class WriterKafkaClients {

    static final String ROLE = "writer";

    @Inject
    KafkaClients clients;

    @Inject
    WriterConfig config;
    /** {@code quarkus.http.port} names the process slot in the default static membership id. */
    @Inject
    Config quarkus;

    /** {@code tributary-ingest-writer-<writer id>}, reading every ingest topic in the writer's group. */
    public Consumer<byte[], byte[]> consumer(String writerId) {
        Map<String, Object> overrides = new HashMap<>();
        overrides.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        // Stable across restarts of the same process slot, distinct for two writers on one host.
        overrides.put(
                ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
                config.instanceId()
                        .orElseGet(() -> "lake-writer-" + hostName() + "-"
                                + quarkus.getOptionalValue("quarkus.http.port", Integer.class)
                                        .orElse(8080)));
        overrides.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 15_000);
        overrides.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        overrides.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        // New ingest topics (a table's first records create its topic) are found within this time: it bounds the
        // freshness of a new table's first records. Two metadata requests a second cost the broker next to nothing.
        overrides.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 500);
        // The broker answers one request per connection at a time: while a fetch waits for data, the offset lookup of
        // a newly assigned partition waits behind it. At the default 500 ms that wait was a quarter of a new table's
        // first-record latency; 100 ms costs an idle writer a few more empty fetches a second.
        overrides.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        // A new topic moves no partition of the others: the writer keeps its tables open across rebalances.
        overrides.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        overrides.putAll(config.consumer());
        // Without the Kafka client's own meters: over hundreds of topics they are thousands of series, which
        // Micrometer rebinds from scratch whenever a topic comes or goes (seconds of CPU a minute while tables are
        // being created). The writer's lag, commits and freshness are published per table instead.
        return clients.withMetrics(null)
                .consumer(ROLE + "-" + writerId, new ByteArrayDeserializer(), new ByteArrayDeserializer(), overrides);
    }

    /** {@code tributary-ingest-writer}: dead letters and lineage events. */
    public Producer<String, byte[]> producer() {
        return clients.producer(
                ROLE,
                new StringSerializer(),
                new ByteArraySerializer(),
                Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000));
    }

    /** The Kafka cluster as OpenLineage names a topic's namespace: {@code kafka://<first bootstrap server>}. */
    public String lineageNamespace() {
        return "kafka://" + clients.firstBootstrapServer().orElse("localhost:9092");
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}
