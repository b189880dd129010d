package io.tributary.ingest.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.contracts.Topics;
import io.tributary.contracts.events.CloudEvent;
import io.tributary.contracts.events.EventHeaders;
import io.tributary.contracts.events.EventTypes;
import io.tributary.contracts.events.Uuid7;
import io.tributary.contracts.kafka.KafkaClients;
import io.tributary.contracts.kafka.TopicProvisioner;
import io.tributary.ingest.config.IngestConfig;
import io.tributary.ingest.core.AuditEvent;
import io.tributary.ingest.core.AuditSink;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

/**
 * Sends audit events to {@code tributary.audit} (key: the principal) as CloudEvents of type
 * {@value EventTypes#AUDIT_RECORDED}. Sending happens on its own thread after the request has its receipt: a slow
 * or absent broker never delays a producer. Events that cannot be sent are logged and counted in
 * {@code tributary_ingest_audit_events_total{result="failed"|"dropped"}}.
 */
@ApplicationScoped
public class KafkaAuditSink implements AuditSink {

    public static final String SOURCE = "/tributary/ingest";
    private static final Logger LOG = Logger.getLogger(KafkaAuditSink.class);
    private static final String EVENTS = "tributary.ingest.audit.events";

    private final boolean enabled;
    private final Producer<byte[], byte[]> producer;
    private final ThreadPoolExecutor sender;
    private final TopicProvisioner topics;
    private final ObjectMapper json;
    private final MeterRegistry registry;

    @Inject
    public KafkaAuditSink(
            KafkaClients clients,
            TopicProvisioner topics,
            IngestConfig config,
            ObjectMapper json,
            MeterRegistry registry) {
        this.enabled = config.audit().enabled();
        this.json = json;
        this.registry = registry;
        if (!enabled) {
            this.producer = null;
            this.sender = null;
            this.topics = null;
            return;
        }
        this.producer = clients.producer(
                "audit",
                new ByteArraySerializer(),
                new ByteArraySerializer(),
                Map.of(
                        ProducerConfig.LINGER_MS_CONFIG,
                        20,
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        config.kafka().maxBlock().toMillis(),
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                        (int) config.kafka().requestTimeout().toMillis(),
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                        (int) Duration.ofMinutes(2).toMillis()));
        this.topics = topics;
        this.sender = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.audit().queueSize()),
                runnable -> {
                    Thread thread = new Thread(runnable, "audit-sender");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    @Override
    public void record(AuditEvent event) {
        if (!enabled) {
            return;
        }
        try {
            sender.execute(() -> send(event));
        } catch (RejectedExecutionException e) {
            count("dropped");
            LOG.errorf(
                    "Audit event dropped (queue full): %s %s %s by %s",
                    event.action(), event.resource(), event.outcome(), event.principal());
        }
    }

    private void send(AuditEvent event) {
        try {
            topics.ensure(Topics.AUDIT);
            byte[] value = json.writeValueAsBytes(envelope(event));
            ProducerRecord<byte[], byte[]> record =
                    new ProducerRecord<>(Topics.AUDIT, event.principal().getBytes(StandardCharsets.UTF_8), value);
            record.headers()
                    .add(
                            EventHeaders.CONTENT_TYPE,
                            EventHeaders.CLOUDEVENTS_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
            record.headers()
                    .add(
                            EventHeaders.TRACEPARENT,
                            ("00-" + event.traceId() + "-" + spanId() + "-01").getBytes(StandardCharsets.UTF_8));
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    count("sent");
                } else {
                    failed(event, error);
                }
            });
        } catch (Exception e) {
            failed(event, e);
        }
    }

    private CloudEvent envelope(AuditEvent event) {
        ObjectNode data = json.createObjectNode();
        data.put("principal", event.principal());
        data.put("client", event.client());
        data.put("action", event.action());
        data.put("resource", event.resource());
        data.put("outcome", event.outcome());
        data.put("occurredAt", event.time().toString());
        data.put("traceId", event.traceId());
        ObjectNode detail = data.putObject("detail");
        detail.put("received", event.received());
        detail.put("accepted", event.accepted());
        detail.put("rejected", event.rejected());
        detail.put(
                "receiptId",
                event.receiptId() == null ? null : event.receiptId().toString());
        detail.put("idempotencyKey", event.idempotencyKey());
        if (event.reason() != null) {
            detail.put("reason", event.reason());
        }
        return new CloudEvent(
                CloudEvent.SPEC_VERSION,
                Uuid7.next().toString(),
                SOURCE,
                EventTypes.AUDIT_RECORDED,
                event.resource(),
                event.time(),
                "application/json",
                data);
    }

    private static String spanId() {
        return Long.toHexString(Long.MIN_VALUE
                        | java.util.concurrent.ThreadLocalRandom.current().nextLong())
                .substring(0, 16);
    }

    private void failed(AuditEvent event, Exception error) {
        count("failed");
        LOG.errorf(
                "Audit event not sent: %s %s %s by %s (receipt %s): %s",
                event.action(),
                event.resource(),
                event.outcome(),
                event.principal(),
                event.receiptId(),
                error.toString());
    }

    private void count(String result) {
        registry.counter(EVENTS, "result", result).increment();
    }

    @PreDestroy
    void close() {
        if (sender != null) {
            sender.shutdown();
            try {
                sender.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            producer.close(Duration.ofSeconds(5));
        }
    }
}
