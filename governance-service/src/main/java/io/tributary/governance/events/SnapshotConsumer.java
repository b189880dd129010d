package io.tributary.governance.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.contracts.Topics;
import io.tributary.contracts.events.EventTypes;
import io.tributary.contracts.kafka.KafkaClients;
import io.tributary.governance.core.TableRef;
import io.tributary.governance.core.lake.SnapshotCommitted;
import io.tributary.governance.core.lake.SnapshotListener;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Hands every {@code snapshot.committed} catalog event to each {@link SnapshotListener}, in a consumer group, in order
 * per partition (a table's events share one), at least once. A listener that fails has its record retried with a
 * growing pause while that partition waits and the others go on; offsets are committed only past records every
 * listener finished.
 */
public final class SnapshotConsumer extends PollingThread {

    private static final Logger LOG = Logger.getLogger(SnapshotConsumer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaClients kafka;
    private final List<SnapshotListener> listeners;
    private final BooleanSupplier ready;
    private final String groupId;
    private final Duration firstRetry;
    private final Duration maxRetry;
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    /** Partitions waiting to retry a record, with the listeners that already finished it. */
    private final Map<TopicPartition, Retry> retries = new HashMap<>();

    private volatile boolean following;

    private static final class Retry {
        final long offset;
        final Set<String> done = new HashSet<>();
        Duration delay;
        long dueNanos;

        Retry(long offset, Duration delay) {
            this.offset = offset;
            this.delay = delay;
        }
    }

    public SnapshotConsumer(
            KafkaClients kafka,
            List<SnapshotListener> listeners,
            BooleanSupplier ready,
            String groupId,
            Duration firstRetry,
            Duration maxRetry,
            MeterRegistry registry) {
        super("snapshot-consumer");
        this.kafka = kafka;
        this.listeners = List.copyOf(listeners);
        this.ready = ready;
        this.groupId = groupId;
        this.firstRetry = firstRetry;
        this.maxRetry = maxRetry;
        this.registry = registry;
    }

    /** Whether the consumer has joined its group and is reading. */
    public boolean following() {
        return following;
    }

    /** Partitions whose record waits for a retry. */
    public int waiting() {
        synchronized (retries) {
            return retries.size();
        }
    }

    @Override
    protected void loop() {
        while (running) {
            try {
                if (!ready.getAsBoolean()) {
                    Thread.sleep(200);
                    continue;
                }
                consume();
            } catch (InterruptedException | org.apache.kafka.common.errors.InterruptException e) {
                return;
            } catch (RuntimeException e) {
                following = false;
                if (!running) {
                    return;
                }
                LOG.warnf(
                        "Consuming %s failed; resuming from the committed offsets in 2 s: %s",
                        Topics.CATALOG_EVENTS, e.toString());
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
        following = false;
    }

    private void consume() throws InterruptedException {
        try (Consumer<String, byte[]> consumer = kafka.consumer(
                "snapshots",
                new StringDeserializer(),
                new ByteArrayDeserializer(),
                Map.of(
                        ConsumerConfig.GROUP_ID_CONFIG,
                        groupId,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        100,
                        // A listener may wait on query-service for a while; do not get evicted meanwhile.
                        ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
                        600_000))) {
            synchronized (retries) {
                retries.clear();
            }
            consumer.subscribe(List.of(Topics.CATALOG_EVENTS), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    forget(partitions);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    forget(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}
            });
            following = true;
            while (running) {
                resumeDue(consumer);
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                for (TopicPartition partition : records.partitions()) {
                    Map<TopicPartition, OffsetAndMetadata> done = new LinkedHashMap<>();
                    for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                        if (!handle(partition, record)) {
                            consumer.seek(partition, record.offset());
                            consumer.pause(List.of(partition));
                            break;
                        }
                        done.put(partition, new OffsetAndMetadata(record.offset() + 1));
                    }
                    if (!done.isEmpty()) {
                        consumer.commitSync(done);
                    }
                }
            }
        }
    }

    private void forget(Collection<TopicPartition> partitions) {
        synchronized (retries) {
            partitions.forEach(retries::remove);
        }
    }

    private void resumeDue(Consumer<String, byte[]> consumer) {
        long now = System.nanoTime();
        synchronized (retries) {
            for (TopicPartition partition : consumer.paused()) {
                Retry retry = retries.get(partition);
                if (retry == null || now - retry.dueNanos >= 0) {
                    consumer.resume(List.of(partition));
                }
            }
        }
    }

    /** Hands the record to every listener that has not finished it; false when one failed (it is retried later). */
    private boolean handle(TopicPartition partition, ConsumerRecord<String, byte[]> record) {
        Optional<SnapshotCommitted> snapshot = decode(record);
        if (snapshot.isEmpty()) {
            return true;
        }
        Retry retry;
        synchronized (retries) {
            retry = retries.get(partition);
            if (retry != null && retry.offset != record.offset()) {
                retries.remove(partition);
                retry = null;
            }
        }
        for (SnapshotListener listener : listeners) {
            if (retry != null && retry.done.contains(listener.name())) {
                continue;
            }
            try {
                listener.committed(snapshot.get());
                count(listener.name(), "ok");
                if (retry != null) {
                    retry.done.add(listener.name());
                }
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                count(listener.name(), "failed");
                synchronized (retries) {
                    if (retry == null) {
                        retry = new Retry(record.offset(), firstRetry);
                        for (SnapshotListener earlier : listeners) {
                            if (earlier == listener) {
                                break;
                            }
                            retry.done.add(earlier.name());
                        }
                        retries.put(partition, retry);
                    } else {
                        retry.delay = min(retry.delay.multipliedBy(2), maxRetry);
                    }
                    retry.dueNanos = System.nanoTime() + retry.delay.toNanos();
                }
                LOG.warnf(
                        "The %s work on %s snapshot %d failed; retrying in %d ms: %s",
                        listener.name(),
                        snapshot.get().table(),
                        snapshot.get().snapshotId(),
                        retry.delay.toMillis(),
                        e.toString());
                return false;
            }
        }
        synchronized (retries) {
            retries.remove(partition);
        }
        return true;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private void count(String listener, String outcome) {
        counters.computeIfAbsent(
                        listener + "/" + outcome,
                        k -> Counter.builder("tributary_governance_snapshots_processed_total")
                                .tag("listener", listener)
                                .tag("outcome", outcome)
                                .register(registry))
                .increment();
    }

    /** A {@code snapshot.committed} event as a {@link SnapshotCommitted}; empty for any other or unreadable event. */
    static Optional<SnapshotCommitted> decode(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return Optional.empty();
        }
        try {
            JsonNode event = JSON.readTree(record.value());
            if (!EventTypes.SNAPSHOT_COMMITTED.equals(event.path("type").asText())) {
                return Optional.empty();
            }
            JsonNode data = event.path("data");
            if (!data.path("snapshot-id").canConvertToLong()) {
                LOG.warnf("Skipping a snapshot event without snapshot-id at offset %d", record.offset());
                return Optional.empty();
            }
            TableRef table = TableRef.parse(event.path("subject").asText(""));
            JsonNode parent = data.get("parent-snapshot-id");
            JsonNode added = data.get("added-records");
            long addedRecords = -1;
            if (added != null && added.canConvertToLong()) {
                addedRecords = added.asLong();
            } else if (added != null && added.isTextual()) {
                try {
                    addedRecords = Long.parseLong(added.asText());
                } catch (NumberFormatException e) {
                    addedRecords = -1;
                }
            }
            Map<String, String> summary = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = data.path("summary").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                summary.put(entry.getKey(), entry.getValue().asText());
            }
            return Optional.of(new SnapshotCommitted(
                    table,
                    data.get("snapshot-id").asLong(),
                    parent != null && parent.canConvertToLong() ? parent.asLong() : null,
                    data.path("branch").asText(null),
                    data.path("operation").asText(null),
                    addedRecords,
                    data.path("timestamp-ms").canConvertToLong()
                            ? Instant.ofEpochMilli(data.get("timestamp-ms").asLong())
                            : null,
                    summary));
        } catch (IOException | RuntimeException e) {
            LOG.debugf("Skipping an unreadable catalog event at offset %d: %s", record.offset(), e.getMessage());
            return Optional.empty();
        }
    }
}
