package io.tributary.ingest.writer;

import io.tributary.contracts.events.EventHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

/**
 * The consumer loop around {@link LakeWriter}: subscribes to every ingest topic, hands records and partitions to the
 * writer and carries out its answers (seek, pause, resume). Kafka's group offsets are written after each commit only
 * so that lag tools see progress; the writer never reads them, it resumes from the table.
 */
public final class KafkaLakeWriter implements Runnable {

    /** Every ingest topic except the dead-letter topic. */
    public static final Pattern INGEST_TOPICS = Pattern.compile("tributary\\.ingest\\.(?!dlq$)[^.]+\\.[^.]+");

    private static final Logger LOG = Logger.getLogger(KafkaLakeWriter.class);
    private static final Duration BUSY_POLL_TIMEOUT = Duration.ofMillis(20);
    /**
     * How often the lag gauges are brought up to date. While tables commit the loop turns every 20 ms, and going over
     * every assigned partition each time cost a few per cent of the writer's CPU with hundreds of topics.
     */
    private static final long LAG_REPORT_NANOS = Duration.ofMillis(500).toNanos();

    private final Consumer<byte[], byte[]> consumer;
    private final LakeWriter writer;
    private final Pattern topics;
    private final Duration pollTimeout;
    private final WriterEvents events;
    private volatile boolean stopping;
    private volatile boolean running;
    private volatile Throwable lastFailure;
    private long lagReportedNanos;
    private boolean lagReported;

    public KafkaLakeWriter(
            Consumer<byte[], byte[]> consumer,
            LakeWriter writer,
            Pattern topics,
            Duration pollTimeout,
            WriterEvents events) {
        this.consumer = consumer;
        this.writer = writer;
        this.topics = topics;
        this.pollTimeout = pollTimeout;
        this.events = events;
    }

    public boolean running() {
        return running;
    }

    public Throwable lastFailure() {
        return lastFailure;
    }

    @Override
    public void run() {
        running = true;
        try {
            consumer.subscribe(topics, new Rebalance());
            while (!stopping) {
                try {
                    step();
                    lastFailure = null;
                } catch (WakeupException e) {
                    // stop() woke the poll
                } catch (RuntimeException e) {
                    lastFailure = e;
                    LOG.error("Lake writer step failed; retrying", e);
                    sleep(1000);
                }
            }
            try {
                apply(writer.flush());
                consumer.commitSync(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.warnf("Final commit on shutdown failed; the next start resumes from the table: %s", e.toString());
            }
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } finally {
                running = false;
            }
        }
    }

    private void step() {
        // While tables commit off the loop, come back soon to resume them once done.
        ConsumerRecords<byte[], byte[]> records =
                consumer.poll(writer.busy() ? min(pollTimeout, BUSY_POLL_TIMEOUT) : pollTimeout);
        for (ConsumerRecord<byte[], byte[]> record : records) {
            writer.accept(new IncomingRecord(
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    record.timestamp(),
                    contractVersion(record),
                    header(record, EventHeaders.PRODUCER),
                    header(record, EventHeaders.TRACEPARENT),
                    record.value()));
        }
        apply(writer.tick());
        reportLag();
    }

    /** Records on Kafka not yet in a snapshot: the consumer's lag behind the log end plus what is buffered. */
    private void reportLag() {
        long now = System.nanoTime();
        if (lagReported && now - lagReportedNanos < LAG_REPORT_NANOS) {
            return;
        }
        lagReported = true;
        lagReportedNanos = now;
        // Only tables the writer has open: a topic without a table would add a series per stray topic.
        Map<TableIdentifier, Long> lag = new HashMap<>(writer.pendingRecords());
        for (TopicPartition partition : consumer.assignment()) {
            LakeWriter.tableOf(partition.topic())
                    .filter(lag::containsKey)
                    .ifPresent(table ->
                            consumer.currentLag(partition).ifPresent(behind -> lag.merge(table, behind, Long::sum)));
        }
        lag.forEach(events::lag);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Integer contractVersion(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(EventHeaders.CONTRACT_VERSION);
        if (header == null) {
            return null;
        }
        try {
            return Integer.valueOf(new String(header.value(), StandardCharsets.UTF_8).trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void apply(List<WriterAction> actions) {
        for (WriterAction action : actions) {
            if (action instanceof WriterAction.Seek seek) {
                Set<TopicPartition> assigned = consumer.assignment();
                List<TopicPartition> fromStart = new ArrayList<>();
                seek.offsets().forEach((partition, offset) -> {
                    TopicPartition tp = new TopicPartition(seek.topic(), partition);
                    if (!assigned.contains(tp)) {
                        return;
                    }
                    if (offset >= 0) {
                        consumer.seek(tp, offset);
                    } else {
                        fromStart.add(tp);
                    }
                });
                if (!fromStart.isEmpty()) {
                    consumer.seekToBeginning(fromStart);
                }
            } else if (action instanceof WriterAction.Pause pause) {
                consumer.pause(owned(pause.topic(), pause.partitions()));
            } else if (action instanceof WriterAction.Resume resume) {
                consumer.resume(owned(resume.topic(), resume.partitions()));
            } else if (action instanceof WriterAction.Committed committed) {
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                committed
                        .offsets()
                        .forEach((partition, next) -> offsets.put(
                                new TopicPartition(committed.topic(), partition), new OffsetAndMetadata(next)));
                consumer.commitAsync(offsets, (done, error) -> {
                    if (error != null) {
                        LOG.debugf("Group offsets not updated (monitoring only): %s", error.toString());
                    }
                });
            }
        }
    }

    private List<TopicPartition> owned(String topic, Collection<Integer> partitions) {
        Set<TopicPartition> assigned = consumer.assignment();
        return partitions.stream()
                .map(p -> new TopicPartition(topic, p))
                .filter(assigned::contains)
                .toList();
    }

    /** Ends the loop after its current step; the loop commits what is pending and closes the consumer. */
    public void stop() {
        stopping = true;
        consumer.wakeup();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                events.rebalanced("assigned", partitions.size());
            }
            for (Map.Entry<String, Set<Integer>> topic : byTopic(partitions).entrySet()) {
                apply(writer.assign(topic.getKey(), topic.getValue()));
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Cooperative rebalancing takes only the partitions that move; the table stays open for the others.
            if (!partitions.isEmpty()) {
                events.rebalanced("revoked", partitions.size());
            }
            for (Map.Entry<String, Set<Integer>> topic : byTopic(partitions).entrySet()) {
                apply(writer.revoke(topic.getKey(), topic.getValue()));
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            events.rebalanced("lost", partitions.size());
            Map<String, Set<Integer>> kept = byTopic(consumer.assignment());
            for (Map.Entry<String, Set<Integer>> topic : byTopic(partitions).entrySet()) {
                writer.lose(topic.getKey());
                // The writer drops the whole table; partitions of it that stay here restart from its checkpoint.
                Set<Integer> remaining = kept.getOrDefault(topic.getKey(), new TreeSet<>());
                remaining.removeAll(topic.getValue());
                if (!remaining.isEmpty()) {
                    apply(writer.assign(topic.getKey(), remaining));
                }
            }
        }

        private Map<String, Set<Integer>> byTopic(Collection<TopicPartition> partitions) {
            Map<String, Set<Integer>> byTopic = new TreeMap<>();
            partitions.forEach(tp ->
                    byTopic.computeIfAbsent(tp.topic(), t -> new TreeSet<>()).add(tp.partition()));
            return byTopic;
        }
    }
}
