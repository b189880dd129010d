package io.tributary.governance.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.contracts.events.CloudEvent;
import io.tributary.contracts.events.EventTypes;
import io.tributary.contracts.kafka.AuditPublisher;
import io.tributary.contracts.kafka.KafkaClients;
import org.jboss.logging.Logger;

/**
 * Sends an audit event to {@code tributary.audit} for every denied decision, off the request's thread: a slow broker
 * never slows a decision. Events that cannot be sent are logged.
 */
public final class DenialAudit {

    private static final Logger LOG = Logger.getLogger(DenialAudit.class);
    // Times as ISO-8601 strings, as every other service writes its audit events.
    private static final ObjectMapper JSON =
            new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final AuditPublisher publisher;

    public DenialAudit(KafkaClients kafka, int queueSize) {
        this.publisher = AuditPublisher.builder(kafka, JSON)
                .queueSize(queueSize)
                .threadName("denial-audit")
                .build();
    }

    /**
     * @param action   e.g. {@code governance.decision.select} or {@code trino.SelectFromColumns}
     * @param resource e.g. {@code table:sales.orders}
     */
    public void denied(String principal, String action, String resource, String reason) {
        String who = principal == null ? "anonymous" : principal;
        boolean queued = publisher.publish(
                who,
                envelope(who, action, resource, reason),
                null,
                error -> LOG.errorf(
                        "Audit event of a denial not sent: %s %s by %s: %s", action, resource, who, error.toString()));
        if (!queued) {
            LOG.errorf("Audit event of a denial dropped (queue full): %s %s by %s", action, resource, principal);
        }
    }

    private static CloudEvent envelope(String principal, String action, String resource, String reason) {
        ObjectNode data = JSON.createObjectNode();
        data.put("principal", principal);
        data.put("action", action);
        data.put("resource", resource);
        data.put("outcome", "denied");
        CloudEvent event = CloudEvent.of(GovernanceEvents.SOURCE, EventTypes.AUDIT_RECORDED, resource, data);
        data.put("occurredAt", event.time().toString());
        if (reason != null) {
            data.putObject("detail").put("reason", reason);
        }
        return event;
    }

    public void close() {
        publisher.close();
    }
}
