package io.tributary.catalog.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.tributary.catalog.config.CatalogConfig;
import io.tributary.catalog.core.lineage.InvalidLineageEventException;
import io.tributary.catalog.core.lineage.LineageService;
import io.tributary.catalog.store.CatalogSchemaMigration;
import io.tributary.contracts.Topics;
import io.tributary.contracts.kafka.KafkaClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Feeds {@code tributary.lineage} (the lake writer's RunEvents) into the lineage graph. Offsets are committed only
 * after a batch is stored, and storing is idempotent on each event's key, so a redelivery after a crash changes
 * nothing: every event lands exactly once. An event that breaks the schema is counted, logged and moved to
 * {@code tributary.lineage.dlq} with its reason; a database
 * failure rewinds to the last committed offsets and retries.
 */
@Startup
@ApplicationScoped
public class LineageConsumer {

    private static final Logger LOG = Logger.getLogger(LineageConsumer.class);
    /** One event per record: text after it makes the record invalid. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final Duration POLL = Duration.ofMillis(500);
    private static final long MAX_BACKOFF_MS = 5000;

    private final LineageService lineage;
    private final CatalogSchemaMigration schema;
    private final KafkaClients clients;
    private final CatalogConfig.Lineage config;
    private final Counter stored;
    private final Counter repeated;
    private final Counter rejected;

    static final String DLQ_REASON = "tributary.dlq.reason";
    static final String DLQ_SOURCE = "tributary.dlq.source";

    private Producer<String, byte[]> deadLetters;
    private volatile boolean running;
    private volatile Consumer<String, byte[]> consumer;
    private Thread thread;

    @Inject
    LineageConsumer(
            LineageService lineage,
            @Readiness CatalogSchemaMigration schema,
            KafkaClients clients,
            CatalogConfig config,
            MeterRegistry registry) {
        this.lineage = lineage;
        this.schema = schema;
        this.clients = clients;
        this.config = config.lineage();
        this.stored = counter(registry, "stored");
        this.repeated = counter(registry, "repeated");
        this.rejected = counter(registry, "rejected");
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("tributary_catalog_lineage_events_consumed_total")
                .description("Lineage events read from tributary.lineage, by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    @jakarta.annotation.PostConstruct
    void start() {
        if (!config.consumer().enabled()) {
            LOG.info("The lineage consumer is disabled (tributary.catalog.lineage.consumer.enabled=false)");
            return;
        }
        running = true;
        thread = new Thread(this::loop, "catalog-lineage-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        Consumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (deadLetters != null) {
            deadLetters.close(Duration.ofSeconds(5));
        }
    }

    private void loop() {
        long backoff = 100;
        while (running) {
            try {
                if (!schema.isMigrated()) {
                    Thread.sleep(200);
                    continue;
                }
                consume();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warnf("Lineage events cannot be consumed yet; retrying from the last committed offsets: %s", e);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            }
        }
    }

    /** One consumer session; any failure closes it, so the next one starts again at the committed offsets. */
    private void consume() {
        try (Consumer<String, byte[]> session = clients.consumer(
                "lineage",
                new StringDeserializer(),
                new ByteArrayDeserializer(),
                Map.of(
                        ConsumerConfig.GROUP_ID_CONFIG,
                        config.consumer().groupId(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        200))) {
            consumer = session;
            session.subscribe(List.of(Topics.LINEAGE));
            while (running) {
                ConsumerRecords<String, byte[]> records = session.poll(POLL);
                for (ConsumerRecord<String, byte[]> record : records) {
                    apply(record);
                }
                if (!records.isEmpty()) {
                    session.commitSync();
                }
            }
        } finally {
            consumer = null;
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        String json = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
        JsonNode event;
        try {
            event = JSON.readTree(json);
        } catch (IOException e) {
            reject(record, "not JSON: " + e.getMessage());
            return;
        }
        try {
            (lineage.ingest(event, json) ? stored : repeated).increment();
        } catch (InvalidLineageEventException e) {
            reject(record, e.violations().toString());
        }
    }

    /**
     * Moves an event that can never be stored to {@code tributary.lineage.dlq}, with the reason and where it came from
     * in headers. The send completes before the batch's offsets are committed, so a crash in between repeats it
     * rather than losing the event.
     */
    private void reject(ConsumerRecord<String, byte[]> record, String why) {
        String source = record.topic() + "-" + record.partition() + "@" + record.offset();
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(Topics.LINEAGE_DLQ, record.key(), record.value());
        dead.headers().add(DLQ_REASON, why.getBytes(StandardCharsets.UTF_8));
        dead.headers().add(DLQ_SOURCE, source.getBytes(StandardCharsets.UTF_8));
        try {
            deadLetters().send(dead).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while dead-lettering a lineage event", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("The lineage dead-letter topic cannot be written", e);
        }
        rejected.increment();
        LOG.warnf("Moved lineage event at %s (key %s) to %s: %s", source, record.key(), Topics.LINEAGE_DLQ, why);
    }

    private Producer<String, byte[]> deadLetters() {
        if (deadLetters == null) {
            deadLetters = clients.producer(
                    "lineage-dlq",
                    new StringSerializer(),
                    new ByteArraySerializer(),
                    Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
        }
        return deadLetters;
    }
}
