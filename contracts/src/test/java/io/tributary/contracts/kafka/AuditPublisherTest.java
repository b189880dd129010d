package io.tributary.contracts.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.contracts.Topics;
import io.tributary.contracts.events.CloudEvent;
import io.tributary.contracts.events.EventHeaders;
import io.tributary.contracts.events.EventTypes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class AuditPublisherTest {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private final ObjectMapper json =
            new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final KafkaClients clients = KafkaClients.of(Map.of("bootstrap.servers", "broker:9092"), "ingest");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Exception> failures = new CopyOnWriteArrayList<>();
    private final Consumer<Exception> failed = failures::add;

    @Test
    void aQueuedEventIsSentKeyedByPrincipalWithItsHeadersAndJson() throws Exception {
        MockProducer<byte[], byte[]> producer = producer(true);
        AuditPublisher publisher = publisher(10, producer);
        CloudEvent event = event("alice");

        assertThat(publisher.publish("alice", event, TRACEPARENT, failed)).isTrue();
        publisher.close();

        assertThat(producer.history()).hasSize(1);
        ProducerRecord<byte[], byte[]> record = producer.history().get(0);
        assertThat(record.topic()).isEqualTo(Topics.AUDIT);
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("alice");
        assertThat(header(record, EventHeaders.CONTENT_TYPE)).isEqualTo(EventHeaders.CLOUDEVENTS_CONTENT_TYPE);
        assertThat(header(record, EventHeaders.TRACEPARENT)).isEqualTo(TRACEPARENT);
        assertThat(record.value()).isEqualTo(json.writeValueAsBytes(event));
        JsonNode value = json.readTree(record.value());
        assertThat(value.get("type").asText()).isEqualTo(EventTypes.AUDIT_RECORDED);
        assertThat(value.at("/data/principal").asText()).isEqualTo("alice");
        assertThat(count("sent")).isEqualTo(1);
        assertThat(failures).isEmpty();
        assertThat(registry.find("tributary.test.audit.events")
                        .tag("result", "failed")
                        .counter())
                .as("no series for a result that never happened")
                .isNull();
    }

    @Test
    void withoutATraceparentTheRecordCarriesOnlyTheContentType() {
        MockProducer<byte[], byte[]> producer = producer(true);
        AuditPublisher publisher = publisher(10, producer);

        publisher.publish("alice", event("alice"), null, failed);
        publisher.close();

        assertThat(producer.history().get(0).headers().toArray())
                .extracting(Header::key)
                .containsExactly(EventHeaders.CONTENT_TYPE);
    }

    @Test
    void aFullQueueDropsTheEventAndSaysSo() throws Exception {
        MockProducer<byte[], byte[]> producer = producer(true);
        AuditPublisher publisher = publisher(1, producer);
        CountDownLatch sending = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // The first event fails, and its handler holds the one sending thread, so the next event fills the queue.
        Consumer<Exception> blocking = error -> {
            sending.countDown();
            await(release);
        };

        assertThat(publisher.publish(null, event("nobody"), null, blocking)).isTrue();
        assertThat(sending.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(publisher.publish("bob", event("bob"), null, failed)).isTrue();
        assertThat(publisher.publish("carol", event("carol"), null, failed)).isFalse();
        release.countDown();
        publisher.close();

        assertThat(producer.history())
                .extracting(record -> new String(record.key(), StandardCharsets.UTF_8))
                .containsExactly("bob");
        assertThat(count("dropped")).isEqualTo(1);
        assertThat(count("sent")).isEqualTo(1);
    }

    @Test
    void closeSendsEverythingQueuedThenClosesTheProducer() {
        MockProducer<byte[], byte[]> producer = producer(true);
        AuditPublisher publisher = publisher(100, producer);

        for (int i = 0; i < 50; i++) {
            assertThat(publisher.publish("user-" + i, event("user-" + i), null, failed))
                    .isTrue();
        }
        publisher.close();

        assertThat(producer.history()).hasSize(50);
        assertThat(count("sent")).isEqualTo(50);
        assertThat(producer.closed()).isTrue();
        assertThat(publisher.publish("late", event("late"), null, failed)).isFalse();
    }

    @Test
    void aSendThatThrowsIsReportedAsFailed() {
        MockProducer<byte[], byte[]> producer = producer(true);
        producer.sendException = new KafkaException("no metadata");
        AuditPublisher publisher = publisher(10, producer);

        publisher.publish("alice", event("alice"), null, failed);
        publisher.close();

        assertThat(failures).singleElement().isSameAs(producer.sendException);
        assertThat(count("failed")).isEqualTo(1);
        assertThat(count("sent")).isZero();
    }

    @Test
    void anEventTheBrokerDoesNotAcknowledgeIsReportedAsFailed() throws Exception {
        MockProducer<byte[], byte[]> producer = producer(false);
        AuditPublisher publisher = publisher(10, producer);

        publisher.publish("alice", event("alice"), null, failed);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (producer.history().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        TimeoutException error = new TimeoutException("not acknowledged");
        assertThat(producer.errorNext(error)).isTrue();
        publisher.close();

        assertThat(failures).containsExactly(error);
        assertThat(count("failed")).isEqualTo(1);
        assertThat(count("sent")).isZero();
    }

    @Test
    void anEventWithoutAPrincipalIsReportedAsFailed() {
        MockProducer<byte[], byte[]> producer = producer(true);
        AuditPublisher publisher = publisher(10, producer);

        assertThat(publisher.publish(null, event(null), null, failed)).isTrue();
        publisher.close();

        assertThat(producer.history()).isEmpty();
        assertThat(failures).singleElement().isInstanceOf(NullPointerException.class);
    }

    @Test
    void theProducerBatchesBrieflyAndBoundsEveryWait() {
        Map<String, Object> config = clients.producerConfig(
                "audit",
                AuditPublisher.builder(clients, json)
                        .maxBlock(Duration.ofSeconds(3))
                        .requestTimeout(Duration.ofSeconds(15))
                        .producerOverrides());

        assertThat(config)
                .containsEntry("client.id", "tributary-ingest-audit")
                .containsEntry("acks", "all")
                .containsEntry("linger.ms", 20)
                .containsEntry("max.block.ms", 3000L)
                .containsEntry("request.timeout.ms", 15_000)
                .containsEntry("delivery.timeout.ms", 120_000);
        assertThat(AuditPublisher.builder(clients, json).producerOverrides()).doesNotContainKey("request.timeout.ms");
    }

    @Test
    void anAuditEventIsAnAuditRecordedCloudEventAtTheGivenTime() throws Exception {
        Instant time = Instant.parse("2026-12-06T01:02:03.456Z");
        ObjectNode data = json.createObjectNode().put("principal", "alice");

        CloudEvent event = AuditPublisher.event("/tributary/test", "table:sales.orders", time, data);

        assertThat(json.readTree(json.writeValueAsBytes(event)))
                .isEqualTo(json.readTree("""
                        {"specversion":"1.0","id":"%s","source":"/tributary/test",
                         "type":"%s","subject":"table:sales.orders","time":"2026-12-06T01:02:03.456Z",
                         "datacontenttype":"application/json","data":{"principal":"alice"}}""".formatted(event.id(), EventTypes.AUDIT_RECORDED)));
        assertThat(UUID.fromString(event.id()).version()).isEqualTo(7);
    }

    private AuditPublisher publisher(int queueSize, MockProducer<byte[], byte[]> producer) {
        return AuditPublisher.builder(clients, json)
                .queueSize(queueSize)
                .threadName("audit-test")
                .metrics(registry, "tributary.test.audit.events")
                .build(producer);
    }

    private double count(String result) {
        Counter counter = registry.find("tributary.test.audit.events")
                .tag("result", result)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static MockProducer<byte[], byte[]> producer(boolean autoComplete) {
        return new MockProducer<>(autoComplete, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private CloudEvent event(String principal) {
        ObjectNode data = json.createObjectNode();
        data.put("principal", principal);
        data.put("action", "ingest.records.write");
        data.put("resource", "table:sales.orders");
        data.put("outcome", "accepted");
        return CloudEvent.of("/tributary/test", EventTypes.AUDIT_RECORDED, "table:sales.orders", data);
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
