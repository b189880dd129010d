package io.tributary.governance.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.contracts.Topics;
import io.tributary.contracts.kafka.KafkaClients;
import io.tributary.governance.core.audit.AuditEntry;
import io.tributary.governance.core.audit.AuditEvents;
import io.tributary.governance.store.PostgresAuditLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * Consumes {@code tributary.audit} into the hash-chained audit log, exactly once: each poll's entries and the Kafka
 * positions they reach are written in one PostgreSQL transaction, and on (re)assignment the consumer starts from the
 * positions stored there, never from Kafka's committed offsets. A redelivered event is recognised by its id.
 */
public final class AuditConsumer extends PollingThread {

    private static final Logger LOG = Logger.getLogger(AuditConsumer.class);

    private final KafkaClients kafka;
    private final PostgresAuditLog log;
    private final BooleanSupplier schemaReady;
    private final String groupId;
    private final int maxPollRecords;
    private final Counter appended;
    private final Counter skipped;

    public AuditConsumer(
            KafkaClients kafka,
            PostgresAuditLog log,
            BooleanSupplier schemaReady,
            String groupId,
            int maxPollRecords,
            MeterRegistry registry) {
        super("audit-consumer");
        this.kafka = kafka;
        this.log = log;
        this.schemaReady = schemaReady;
        this.groupId = groupId;
        this.maxPollRecords = maxPollRecords;
        this.appended = Counter.builder("tributary_governance_audit_entries_total")
                .tag("result", "appended")
                .register(registry);
        this.skipped = Counter.builder("tributary_governance_audit_entries_total")
                .tag("result", "unreadable")
                .register(registry);
    }

    @Override
    protected void loop() {
        while (running) {
            try {
                if (!schemaReady.getAsBoolean()) {
                    Thread.sleep(200);
                    continue;
                }
                consume();
            } catch (InterruptedException | org.apache.kafka.common.errors.InterruptException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warnf(
                        "Consuming %s failed; resuming from the stored positions in 2 s: %s",
                        Topics.AUDIT, e.toString());
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void consume() throws InterruptedException {
        try (Consumer<byte[], byte[]> consumer = kafka.consumer(
                "audit",
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer(),
                Map.of(
                        ConsumerConfig.GROUP_ID_CONFIG,
                        groupId,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        maxPollRecords))) {
            consumer.subscribe(List.of(Topics.AUDIT), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    seekToStored(consumer, partitions);
                }
            });
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                List<AuditEntry> entries = new ArrayList<>(records.count());
                List<PostgresAuditLog.Position> positions = new ArrayList<>();
                Instant now = Instant.now();
                for (TopicPartition partition : records.partitions()) {
                    List<ConsumerRecord<byte[], byte[]>> batch = records.records(partition);
                    for (ConsumerRecord<byte[], byte[]> record : batch) {
                        Optional<AuditEntry> entry = AuditEvents.parse(record.value(), now);
                        if (entry.isPresent()) {
                            entries.add(entry.get());
                        } else {
                            skipped.increment();
                            LOG.warnf("Skipping an unreadable audit event at %s offset %d", partition, record.offset());
                        }
                    }
                    positions.add(new PostgresAuditLog.Position(
                            partition.topic(),
                            partition.partition(),
                            batch.get(batch.size() - 1).offset() + 1));
                }
                try {
                    appended.increment(log.append(entries, positions));
                } catch (java.sql.SQLException | RuntimeException e) {
                    LOG.warnf(
                            "Appending %d audit entries failed; reading them again: %s",
                            entries.size(), e.getMessage());
                    seekToStored(consumer, consumer.assignment());
                    Thread.sleep(1000);
                }
            }
        }
    }

    private void seekToStored(Consumer<byte[], byte[]> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<Integer, Long> stored;
        try {
            stored = log.positions(Topics.AUDIT);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot read the stored audit positions: " + e.getMessage(), e);
        }
        List<TopicPartition> fresh = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            Long next = stored.get(partition.partition());
            if (next == null) {
                fresh.add(partition);
            } else {
                consumer.seek(partition, next);
            }
        }
        if (!fresh.isEmpty()) {
            consumer.seekToBeginning(fresh);
        }
    }
}
