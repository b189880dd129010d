package io.tributary.ingest.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.contracts.events.CloudEvent;
import io.tributary.contracts.events.EventTypes;
import io.tributary.contracts.kafka.AuditPublisher;
import io.tributary.contracts.kafka.KafkaClients;
import io.tributary.contracts.kafka.TopicProvisioner;
import io.tributary.ingest.config.IngestConfig;
import io.tributary.ingest.core.AuditEvent;
import io.tributary.ingest.core.AuditSink;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ThreadLocalRandom;
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

    /** Null when auditing is off. */
    private final AuditPublisher publisher;

    private final ObjectMapper json;

    @Inject
    public KafkaAuditSink(
            KafkaClients clients,
            TopicProvisioner topics,
            IngestConfig config,
            ObjectMapper json,
            MeterRegistry registry) {
        this.json = json;
        this.publisher = config.audit().enabled()
                ? AuditPublisher.builder(clients, json)
                        .queueSize(config.audit().queueSize())
                        .metrics(registry, EVENTS)
                        .threadName("audit-sender")
                        .maxBlock(config.kafka().maxBlock())
                        .requestTimeout(config.kafka().requestTimeout())
                        .topics(topics)
                        .build()
                : null;
    }

    @Override
    public void record(AuditEvent event) {
        if (publisher == null) {
            return;
        }
        boolean queued = publisher.publish(
                event.principal(),
                envelope(event),
                "00-" + event.traceId() + "-" + spanId() + "-01",
                error -> failed(event, error));
        if (!queued) {
            LOG.errorf(
                    "Audit event dropped (queue full): %s %s %s by %s",
                    event.action(), event.resource(), event.outcome(), event.principal());
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
        return AuditPublisher.event(SOURCE, event.resource(), event.time(), data);
    }

    private static String spanId() {
        return Long.toHexString(Long.MIN_VALUE | ThreadLocalRandom.current().nextLong())
                .substring(0, 16);
    }

    private void failed(AuditEvent event, Exception error) {
        LOG.errorf(
                "Audit event not sent: %s %s %s by %s (receipt %s): %s",
                event.action(),
                event.resource(),
                event.outcome(),
                event.principal(),
                event.receiptId(),
                error.toString());
    }

    @PreDestroy
    void close() {
        if (publisher != null) {
            publisher.close();
        }
    }
}
