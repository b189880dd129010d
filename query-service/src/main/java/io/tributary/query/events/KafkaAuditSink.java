package io.tributary.query.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import io.tributary.contracts.Topics;
import io.tributary.contracts.events.CloudEvent;
import io.tributary.contracts.events.EventHeaders;
import io.tributary.contracts.events.EventTypes;
import io.tributary.contracts.events.Uuid7;
import io.tributary.contracts.kafka.KafkaClients;
import io.tributary.contracts.kafka.TopicProvisioner;
import io.tributary.query.config.QueryConfig;
import io.tributary.query.core.AuditEvent;
import io.tributary.query.core.AuditSink;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
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
 * Sends one audit event per statement to {@code tributary.audit} (key: the principal), in the CloudEvents envelope
 * every service uses ({@value EventTypes#AUDIT_RECORDED}). Sending happens on its own thread: a slow or absent broker
 * never delays an answer. Failures are logged and counted in
 * {@code tributary_query_audit_events_total{result="failed"|"dropped"}}.
 */
@ApplicationScoped
public class KafkaAuditSink implements AuditSink {

    public static final String SOURCE = "/tributary/query";
    private static final Logger LOG = Logger.getLogger(KafkaAuditSink.class);
    private static final String EVENTS = "tributary.query.audit.events";

    private final boolean enabled;
    private final Producer<byte[], byte[]> producer;
    private final TopicProvisioner topics;
    private final ThreadPoolExecutor sender;
    private final ObjectMapper json;
    private final MeterRegistry registry;

    @Inject
    public KafkaAuditSink(
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            QueryConfig config,
            ObjectMapper json,
            MeterRegistry registry) {
        this.enabled = config.audit().enabled();
        this.json = json;
        this.registry = registry;
        if (!enabled) {
            this.producer = null;
            this.topics = null;
            this.sender = null;
            return;
        }
        KafkaClients clients = KafkaClients.of(kafka, "query").withMetrics(registry);
        this.producer = clients.producer(
                "audit",
                new ByteArraySerializer(),
                new ByteArraySerializer(),
                Map.of(
                        ProducerConfig.LINGER_MS_CONFIG,
                        20,
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        10_000L,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                        (int) Duration.ofMinutes(2).toMillis()));
        this.topics = clients.topicProvisioner("admin", 1, Optional.empty(), Duration.ofSeconds(10));
        this.sender = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.audit().queueSize()),
                runnable -> {
                    Thread thread = new Thread(runnable, "query-audit-sender");
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
                    "Audit event dropped (queue full): statement %s by %s, %s",
                    event.statementId(), event.principal(), event.outcome());
        }
    }

    private void send(AuditEvent event) {
        try {
            topics.ensure(Topics.AUDIT);
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                    Topics.AUDIT,
                    event.principal().getBytes(StandardCharsets.UTF_8),
                    json.writeValueAsBytes(envelope(event)));
            record.headers()
                    .add(
                            EventHeaders.CONTENT_TYPE,
                            EventHeaders.CLOUDEVENTS_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
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

    /** The envelope and {@code data} fields every service's audit event has, the statement's facts in detail. */
    public CloudEvent envelope(AuditEvent event) {
        String resource = event.tables().isEmpty()
                ? (event.statementId() == null ? "statement" : "statement:" + event.statementId())
                : "table:" + String.join(",", event.tables());
        ObjectNode data = json.createObjectNode();
        data.put("principal", event.principal());
        data.putNull("client");
        data.put("action", AuditEvent.ACTION);
        data.put("resource", resource);
        data.put("outcome", event.outcome());
        data.put("occurredAt", event.time().toString());
        ObjectNode detail = data.putObject("detail");
        detail.put("statementId", event.statementId());
        detail.put("sql", event.sql());
        detail.put("sqlHash", event.sqlHash());
        event.tables().forEach(detail.putArray("tables")::add);
        event.columns().forEach(detail.putArray("columns")::add);
        event.masks().forEach(detail.putArray("masks")::add);
        event.filters().forEach(detail.putArray("filters")::add);
        detail.put("engine", event.engine());
        detail.put("rows", event.rows());
        detail.put("bytes", event.bytes());
        detail.put("durationMs", event.durationMs());
        if (event.reason() != null) {
            detail.put("reason", event.reason());
        }
        return new CloudEvent(
                CloudEvent.SPEC_VERSION,
                Uuid7.next().toString(),
                SOURCE,
                EventTypes.AUDIT_RECORDED,
                resource,
                event.time(),
                "application/json",
                data);
    }

    private void failed(AuditEvent event, Exception error) {
        count("failed");
        LOG.errorf(
                "Audit event not sent: statement %s by %s, %s: %s",
                event.statementId(), event.principal(), event.outcome(), error.toString());
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
            topics.close();
        }
    }
}
