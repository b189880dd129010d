package io.tributary.contracts.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.contracts.Topics;
import io.tributary.contracts.events.CloudEvent;
import io.tributary.contracts.events.EventHeaders;
import io.tributary.contracts.events.EventTypes;
import io.tributary.contracts.events.Uuid7;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends audit events to {@code tributary.audit} (key: the principal) from one background thread fed by a bounded
 * queue, so a slow or absent broker never delays the request that caused the event. A full queue drops the event and
 * {@link #publish} says so; an event not sent is handed to the caller's failure handler, so each service keeps its own
 * log lines. Outcomes are counted under the service's own metric name, {@code result} = {@code sent}, {@code failed}
 * or {@code dropped}. Thread-safe.
 */
public final class AuditPublisher implements AutoCloseable {

    /** How long {@link #close()} waits for the queue to drain, and then for the producer to flush. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    /** How long an event may take to be acknowledged, retries included. */
    private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(2);

    private final Producer<byte[], byte[]> producer;
    private final ObjectMapper json;
    private final TopicProvisioner topics;
    private final ThreadPoolExecutor sender;
    private final MeterRegistry registry;
    private final String metric;

    private AuditPublisher(Builder settings, Producer<byte[], byte[]> producer) {
        this.producer = producer;
        this.json = settings.json;
        this.topics = settings.topics;
        this.registry = settings.registry;
        this.metric = settings.metric;
        String threadName = settings.threadName;
        this.sender = new ThreadPoolExecutor(
                1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(settings.queueSize), runnable -> {
                    Thread thread = new Thread(runnable, threadName);
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** @param json writes the envelope; the service's own mapper, so its events keep their exact JSON */
    public static Builder builder(KafkaClients clients, ObjectMapper json) {
        return new Builder(clients, json);
    }

    /** An {@value EventTypes#AUDIT_RECORDED} event with a new UUIDv7 id about {@code subject}, which happened at {@code time}. */
    public static CloudEvent event(String source, String subject, Instant time, JsonNode data) {
        return new CloudEvent(
                CloudEvent.SPEC_VERSION,
                Uuid7.next().toString(),
                source,
                EventTypes.AUDIT_RECORDED,
                subject,
                time,
                "application/json",
                data);
    }

    /**
     * Queues {@code event} for sending; never blocks.
     *
     * @param principal   the record's key; a null one fails the event
     * @param traceparent the W3C trace context for the {@code traceparent} header, or null for none
     * @param failed      told why, when the topic could not be provisioned, the event not written, or the broker did
     *                    not acknowledge it; called on the sending thread or the producer's I/O thread
     * @return false when the queue is full (or the publisher closed) and the event was dropped
     */
    public boolean publish(String principal, CloudEvent event, String traceparent, Consumer<Exception> failed) {
        try {
            sender.execute(() -> send(principal, event, traceparent, failed));
            return true;
        } catch (RejectedExecutionException e) {
            count("dropped");
            return false;
        }
    }

    private void send(String principal, CloudEvent event, String traceparent, Consumer<Exception> failed) {
        try {
            if (topics != null) {
                topics.ensure(Topics.AUDIT);
            }
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                    Topics.AUDIT,
                    Objects.requireNonNull(principal, "principal").getBytes(StandardCharsets.UTF_8),
                    json.writeValueAsBytes(event));
            record.headers()
                    .add(
                            EventHeaders.CONTENT_TYPE,
                            EventHeaders.CLOUDEVENTS_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
            if (traceparent != null) {
                record.headers().add(EventHeaders.TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
            }
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    count("sent");
                } else {
                    failed(error, failed);
                }
            });
        } catch (Exception e) {
            failed(e, failed);
        }
    }

    private void failed(Exception error, Consumer<Exception> handler) {
        count("failed");
        handler.accept(error);
    }

    // Counters are registered on first use, so a result that never happened has no series.
    private void count(String result) {
        if (registry != null) {
            registry.counter(metric, "result", result).increment();
        }
    }

    /** Sends what is still queued, then flushes and closes the producer, each step bounded by a few seconds. */
    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(CLOSE_WAIT);
    }

    /** The publisher's settings; every one has a default but the clients and the JSON mapper. */
    public static final class Builder {

        private final KafkaClients clients;
        private final ObjectMapper json;
        private String role = "audit";
        private int queueSize = 10_000;
        private String threadName = "audit-sender";
        private Duration maxBlock = Duration.ofSeconds(5);
        private Duration requestTimeout;
        private TopicProvisioner topics;
        private MeterRegistry registry;
        private String metric;

        private Builder(KafkaClients clients, ObjectMapper json) {
            this.clients = Objects.requireNonNull(clients, "clients");
            this.json = Objects.requireNonNull(json, "json");
        }

        /** The producer's role, as in its client id {@code tributary-<service>-<role>}; {@code audit} by default. */
        public Builder role(String role) {
            this.role = Objects.requireNonNull(role, "role");
            return this;
        }

        /** How many events may wait for the sending thread before new ones are dropped. */
        public Builder queueSize(int queueSize) {
            if (queueSize < 1) {
                throw new IllegalArgumentException("queueSize must be at least 1, was " + queueSize);
            }
            this.queueSize = queueSize;
            return this;
        }

        public Builder threadName(String threadName) {
            this.threadName = Objects.requireNonNull(threadName, "threadName");
            return this;
        }

        /** How long a send may wait for metadata or buffer space before it fails; 5 seconds by default. */
        public Builder maxBlock(Duration maxBlock) {
            this.maxBlock = Objects.requireNonNull(maxBlock, "maxBlock");
            return this;
        }

        /** The producer's request timeout; Kafka's default when not set. */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        /** Creates {@code tributary.audit} before the first send when missing; not closed by the publisher. */
        public Builder topics(TopicProvisioner topics) {
            this.topics = topics;
            return this;
        }

        /** Counts every event under {@code metric} with tag {@code result}; nothing is counted when not set. */
        public Builder metrics(MeterRegistry registry, String metric) {
            this.registry = Objects.requireNonNull(registry, "registry");
            this.metric = Objects.requireNonNull(metric, "metric");
            return this;
        }

        /** Audit events wait briefly to be batched and get two minutes, retries included, to be acknowledged. */
        Map<String, Object> producerOverrides() {
            Map<String, Object> overrides = new HashMap<>();
            overrides.put(ProducerConfig.LINGER_MS_CONFIG, 20);
            overrides.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlock.toMillis());
            if (requestTimeout != null) {
                overrides.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestTimeout.toMillis());
            }
            overrides.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis());
            return overrides;
        }

        public AuditPublisher build() {
            return build(
                    clients.producer(role, new ByteArraySerializer(), new ByteArraySerializer(), producerOverrides()));
        }

        /** A publisher sending through {@code producer}, e.g. a {@code MockProducer}. */
        AuditPublisher build(Producer<byte[], byte[]> producer) {
            return new AuditPublisher(this, producer);
        }
    }
}
