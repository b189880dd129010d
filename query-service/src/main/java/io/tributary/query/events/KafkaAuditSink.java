package io.tributary.query.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import io.tributary.contracts.events.CloudEvent;
import io.tributary.contracts.events.EventTypes;
import io.tributary.contracts.kafka.AuditPublisher;
import io.tributary.contracts.kafka.KafkaClients;
import io.tributary.contracts.kafka.TopicProvisioner;
import io.tributary.query.config.QueryConfig;
import io.tributary.query.core.AuditEvent;
import io.tributary.query.core.AuditSink;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Sends one audit event per statement (and per batch of checks) to {@code tributary.audit} (key: the principal), in the CloudEvents envelope
 * every service uses ({@value EventTypes#AUDIT_RECORDED}). Sending happens on its own thread: a slow or absent broker
 * never delays an answer. Failures are logged and counted in
 * {@code tributary_query_audit_events_total{result="failed"|"dropped"}}.
 */
@ApplicationScoped
public class KafkaAuditSink implements AuditSink {

    public static final String SOURCE = "/tributary/query";
    private static final Logger LOG = Logger.getLogger(KafkaAuditSink.class);
    private static final String EVENTS = "tributary.query.audit.events";

    /** Null when auditing is off. */
    private final AuditPublisher publisher;

    private final TopicProvisioner topics;
    private final ObjectMapper json;

    @Inject
    public KafkaAuditSink(
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            QueryConfig config,
            ObjectMapper json,
            MeterRegistry registry) {
        this.json = json;
        if (!config.audit().enabled()) {
            this.publisher = null;
            this.topics = null;
            return;
        }
        KafkaClients clients = KafkaClients.of(kafka, "query").withMetrics(registry);
        this.topics = clients.topicProvisioner("admin", 1, Optional.empty(), Duration.ofSeconds(10));
        this.publisher = AuditPublisher.builder(clients, json)
                .queueSize(config.audit().queueSize())
                .metrics(registry, EVENTS)
                .threadName("query-audit-sender")
                .maxBlock(Duration.ofSeconds(10))
                .topics(topics)
                .build();
    }

    @Override
    public void record(AuditEvent event) {
        if (publisher == null) {
            return;
        }
        boolean queued = publisher.publish(event.principal(), envelope(event), null, error -> failed(event, error));
        if (!queued) {
            LOG.errorf(
                    "Audit event dropped (queue full): statement %s by %s, %s",
                    event.statementId(), event.principal(), event.outcome());
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
        data.put("action", event.action());
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
        event.details().forEach((name, value) -> detail.set(name, json.valueToTree(value)));
        return AuditPublisher.event(SOURCE, resource, event.time(), data);
    }

    private void failed(AuditEvent event, Exception error) {
        LOG.errorf(
                "Audit event not sent: statement %s by %s, %s: %s",
                event.statementId(), event.principal(), event.outcome(), error.toString());
    }

    @PreDestroy
    void close() {
        if (publisher != null) {
            publisher.close();
            topics.close();
        }
    }
}
