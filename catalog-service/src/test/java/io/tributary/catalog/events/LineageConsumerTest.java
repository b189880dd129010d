package io.tributary.catalog.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.tributary.auth.Roles;
import io.tributary.auth.testing.TestTokens;
import io.tributary.catalog.api.iceberg.IcebergTestFixture;
import io.tributary.catalog.api.iceberg.TemporaryWarehouse;
import io.tributary.contracts.Topics;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * RunEvents on {@code tributary.lineage}, as the lake writer sends them, reach the graph once each, however often
 * Kafka delivers them, and a malformed message in between does not stop the ones after it.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(TemporaryWarehouse.class)
@TestProfile(LineageConsumerTest.ConsumerOn.class)
class LineageConsumerTest {

    public static class ConsumerOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "tributary.catalog.lineage.consumer.enabled",
                    "true",
                    "tributary.catalog.lineage.consumer.group-id",
                    "lineage-consumer-test-" + UUID.randomUUID());
        }
    }

    static final String ANALYST = TestTokens.withRoles("ana", Roles.DATA_ANALYST);

    @Inject
    IcebergTestFixture fixture;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void writerRunEventsLandOnceAndBadMessagesAreDeadLettered() throws Exception {
        fixture.reset();
        String ns = "sales_" + UUID.randomUUID().toString().substring(0, 8);
        String table = ns + ".orders";
        UUID run = UUID.randomUUID();
        String job = "tributary.ingest/" + table;
        String start = writerEvent("START", run, "2026-12-01T10:00:00Z", job, ns, table);
        String complete = writerEvent("COMPLETE", run, "2026-12-01T10:00:02Z", job, ns, table);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                new ByteArraySerializer())) {
            for (String value : new String[] {"not json", "{\"eventTime\": 1}", start, complete, complete, start}) {
                producer.send(new ProducerRecord<>(Topics.LINEAGE, job, value.getBytes(StandardCharsets.UTF_8)))
                        .get(10, TimeUnit.SECONDS);
            }
        }

        String node = "dataset:tributary:" + table;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String state = null;
        while (System.nanoTime() < deadline) {
            var response =
                    given().auth().oauth2(ANALYST).queryParam("nodeId", node).get("/api/v1/lineage");
            if (response.statusCode() == 200) {
                state = response.jsonPath()
                        .getString("graph.find { it.id == 'job:tributary:" + job + "' }.data.latestRun.state");
                if ("COMPLETED".equals(state)) {
                    break;
                }
            }
            Thread.sleep(250);
        }
        assertThat(state).isEqualTo("COMPLETED");
        var graph = given().auth()
                .oauth2(ANALYST)
                .queryParam("nodeId", node)
                .get("/api/v1/lineage")
                .jsonPath();
        assertThat(graph.getList("graph.id", String.class))
                .containsExactlyInAnyOrder(
                        node, "job:tributary:" + job, "dataset:kafka://127.0.0.1:19092:" + Topics.ingest(ns, "orders"));
        assertThat(fixture.rows("lineage_events WHERE run_id = '" + run + "'")).isEqualTo(2);

        // The two bad messages wait in the dead-letter topic, as sent, with why and where from. Dead-lettering is at
        // least once (a redelivery repeats it; so does another consumer group reading the same topic), so copies of
        // one message share its source header.
        Map<String, ConsumerRecord<String, byte[]>> dead = new TreeMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.LINEAGE_DLQ).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (dead.size() < 2 && System.nanoTime() < until) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (job.equals(record.key())) {
                        dead.putIfAbsent(header(record, "tributary.dlq.source"), record);
                    }
                }
            }
        }
        assertThat(dead).hasSize(2);
        List<ConsumerRecord<String, byte[]>> byOffset = new ArrayList<>(dead.values());
        byOffset.sort(java.util.Comparator.comparingLong(
                r -> Long.parseLong(header(r, "tributary.dlq.source").replaceAll(".*@", ""))));
        assertThat(new String(byOffset.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("not json");
        assertThat(new String(byOffset.get(1).value(), StandardCharsets.UTF_8)).isEqualTo("{\"eventTime\": 1}");
        assertThat(header(byOffset.get(0), "tributary.dlq.reason")).startsWith("not JSON");
        assertThat(header(byOffset.get(1), "tributary.dlq.reason")).contains("/eventTime");
        assertThat(header(byOffset.get(1), "tributary.dlq.source")).startsWith(Topics.LINEAGE + "-");
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /** The lake writer's event (ingest-service {@code LineageEvents}): the ingest topic in, the table out. */
    static String writerEvent(String type, UUID run, String time, String job, String ns, String table) {
        return """
                {"eventType": "%s", "eventTime": "%s", "run": {"runId": "%s"},
                 "job": {"namespace": "tributary", "name": "%s"},
                 "inputs": [{"namespace": "kafka://127.0.0.1:19092", "name": "%s"}],
                 "outputs": [{"namespace": "tributary", "name": "%s"}],
                 "producer": "https://github.com/tributary-data/tributary/tree/main/ingest-service",
                 "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"}
                """.formatted(type, time, run, job, Topics.ingest(ns, "orders"), table);
    }
}
