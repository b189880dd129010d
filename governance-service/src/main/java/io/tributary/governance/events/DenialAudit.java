package io.tributary.governance.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.contracts.Topics;
import io.tributary.contracts.events.CloudEvent;
import io.tributary.contracts.events.EventHeaders;
import io.tributary.contracts.events.EventTypes;
import io.tributary.contracts.kafka.KafkaClients;
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
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Sends an audit event to {@code tributary.audit} for every denied decision, off the request's thread: a slow broker
 * never slows a decision. Events that cannot be sent are logged.
 */
public final class DenialAudit {

    private static final Logger LOG = Logger.getLogger(DenialAudit.class);
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private final Producer<String, String> producer;
    private final ThreadPoolExecutor sender;

    public DenialAudit(KafkaClients kafka, int queueSize) {
        this.producer = kafka.producer(
                "audit",
                new StringSerializer(),
                new StringSerializer(),
                Map.of(
                        ProducerConfig.LINGER_MS_CONFIG, 20,
                        ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000));
        this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueSize), r -> {
            Thread thread = new Thread(r, "denial-audit");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * @param action   e.g. {@code governance.decision.select} or {@code trino.SelectFromColumns}
     * @param resource e.g. {@code table:sales.orders}
     */
    public void denied(String principal, String action, String resource, String reason) {
        try {
            sender.execute(() -> send(principal == null ? "anonymous" : principal, action, resource, reason));
        } catch (RejectedExecutionException e) {
            LOG.errorf("Audit event of a denial dropped (queue full): %s %s by %s", action, resource, principal);
        }
    }

    private void send(String principal, String action, String resource, String reason) {
        try {
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
            ProducerRecord<String, String> record =
                    new ProducerRecord<>(Topics.AUDIT, principal, JSON.writeValueAsString(event));
            record.headers()
                    .add(
                            EventHeaders.CONTENT_TYPE,
                            EventHeaders.CLOUDEVENTS_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    LOG.errorf(
                            "Audit event of a denial not sent: %s %s by %s: %s",
                            action, resource, principal, error.toString());
                }
            });
        } catch (Exception e) {
            LOG.errorf("Audit event of a denial not sent: %s %s by %s: %s", action, resource, principal, e.toString());
        }
    }

    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
