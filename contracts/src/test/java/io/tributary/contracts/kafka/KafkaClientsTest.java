package io.tributary.contracts.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {

    /** Quarkus' default-kafka-broker map adds the application as group id; it must not reach every client. */
    private final KafkaClients clients = KafkaClients.of(
            Map.of(
                    "bootstrap.servers", "broker-1:9092,broker-2:9092",
                    "security.protocol", "SASL_SSL",
                    "group.id", "ingest-service",
                    "client.id", "anything"),
            "ingest");

    @Test
    void producersAreIdempotentWithAcksAllAndTheirOwnClientId() {
        Map<String, Object> config = clients.producerConfig("audit", Map.of());

        assertThat(config)
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true)
                .containsEntry("max.in.flight.requests.per.connection", 5)
                .containsEntry("linger.ms", 5)
                .containsEntry("client.id", "tributary-ingest-audit")
                .containsEntry("bootstrap.servers", "broker-1:9092,broker-2:9092")
                .containsEntry("security.protocol", "SASL_SSL")
                .doesNotContainKey("group.id");
    }

    @Test
    void overridesWinOverTheDefaults() {
        Map<String, Object> config = clients.producerConfig("audit", Map.of("linger.ms", 20, "max.block.ms", 3000L));

        assertThat(config)
                .containsEntry("linger.ms", 20)
                .containsEntry("max.block.ms", 3000L)
                .containsEntry("acks", "all");
    }

    @Test
    void consumersCommitOnlyWhatTheirCodeCommits() {
        Map<String, Object> config = clients.consumerConfig(
                "writer-w1", Map.of("group.id", "tributary-lake-writer", "auto.offset.reset", "earliest"));

        assertThat(config)
                .containsEntry("enable.auto.commit", false)
                .containsEntry("client.id", "tributary-ingest-writer-w1")
                .containsEntry("group.id", "tributary-lake-writer")
                .containsEntry("auto.offset.reset", "earliest")
                .containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void aConsumerWithoutAGroupHasNone() {
        assertThat(clients.consumerConfig("contract-events", Map.of())).doesNotContainKey("group.id");
    }

    @Test
    void adminCallsAreBoundedByTheTimeout() {
        Map<String, Object> config = clients.adminConfig("admin", Duration.ofSeconds(3));

        assertThat(config)
                .containsEntry("client.id", "tributary-ingest-admin")
                .containsEntry("request.timeout.ms", 3000)
                .containsEntry("default.api.timeout.ms", 3000)
                .doesNotContainKeys("acks", "enable.idempotence", "group.id");
    }

    @Test
    void otherBootstrapServersKeepTheRestOfTheSettings() {
        KafkaClients elsewhere = clients.withBootstrapServers("127.0.0.1:1");

        assertThat(elsewhere.producerConfig("topics", Map.of()))
                .containsEntry("bootstrap.servers", "127.0.0.1:1")
                .containsEntry("security.protocol", "SASL_SSL");
        assertThat(clients.producerConfig("topics", Map.of()))
                .containsEntry("bootstrap.servers", "broker-1:9092,broker-2:9092");
        assertThat(elsewhere.firstBootstrapServer()).contains("127.0.0.1:1");
        assertThat(clients.firstBootstrapServer()).contains("broker-1:9092");
        assertThat(KafkaClients.of(Map.of(), "catalog").firstBootstrapServer()).isEmpty();
    }

    @Test
    void clientIdsNameServiceAndRole() {
        assertThat(KafkaClients.of(Map.of(), "catalog").clientId("outbox")).isEqualTo("tributary-catalog-outbox");
    }

    @Test
    void clientMetricsAreBoundWhileTheClientIsOpen() {
        MeterRegistry registry = new SimpleMeterRegistry();
        // Building a client does not connect: no broker is needed here.
        KafkaClients metered = KafkaClients.of(Map.of("bootstrap.servers", "127.0.0.1:1"), "test")
                .withMetrics(registry);

        Producer<String, String> producer =
                metered.producer("p", new StringSerializer(), new StringSerializer(), Map.of());
        Consumer<String, String> consumer =
                metered.consumer("c", new StringDeserializer(), new StringDeserializer(), Map.of());
        assertThat(registry.find("kafka.producer.record.send.total")
                        .tag("client.id", "tributary-test-p")
                        .meters())
                .isNotEmpty();
        assertThat(registry.find("kafka.consumer.fetch.manager.records.consumed.total")
                        .tag("client.id", "tributary-test-c")
                        .meters())
                .isNotEmpty();

        producer.close(Duration.ZERO);
        consumer.close();
        assertThat(registry.find("kafka.producer.record.send.total").meters()).isEmpty();
        assertThat(registry.find("kafka.consumer.fetch.manager.records.consumed.total")
                        .meters())
                .isEmpty();
    }

    @Test
    void withoutARegistryNoMetersAreBound() {
        Producer<String, String> producer = KafkaClients.of(Map.of("bootstrap.servers", "127.0.0.1:1"), "test")
                .producer("p", new StringSerializer(), new StringSerializer(), Map.of());
        producer.close(Duration.ZERO);
        assertThat(producer).isNotNull();
    }

    @Test
    void aProvisionerThatCannotReachKafkaSaysItIsUnavailable() {
        try (TopicProvisioner topics = KafkaClients.of(Map.of("bootstrap.servers", "127.0.0.1:1"), "test")
                .topicProvisioner("admin", 1, Optional.empty(), Duration.ofMillis(500))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> topics.ensure("tributary.test.unreachable"))
                    .isInstanceOf(TopicProvisioner.UnavailableException.class);
        }
    }
}
