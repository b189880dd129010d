package io.tributary.catalog.events;

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
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Feeds {@code tributary.lineage} (the lake writer's RunEvents) into the lineage graph. Offsets are committed only
 * after a batch is stored, and storing is idempotent on each event's key, so a redelivery after a crash changes
 * nothing: every event lands exactly once. An event that breaks the schema is counted, logged and skipped; a database
 * failure rewinds to the last committed offsets and retries.
 */
@Startup
@ApplicationScoped
public class LineageConsumer {

    private static final Logger LOG = Logger.getLogger(LineageConsumer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long MAX_BACKOFF_MS = 5000;

    private final LineageService lineage;
    private final CatalogSchemaMigration schema;
    private final KafkaClients clients;
    private final CatalogConfig.Lineage config;
    private final Counter stored;
    private final Counter repeated;
    private final Counter rejected;

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

    private void reject(ConsumerRecord<String, byte[]> record, String why) {
        rejected.increment();
        LOG.warnf(
                "Skipped lineage event at %s-%d@%d (key %s): %s",
                record.topic(), record.partition(), record.offset(), record.key(), why);
    }
}
