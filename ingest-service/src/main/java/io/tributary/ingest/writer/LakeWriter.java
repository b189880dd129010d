package io.tributary.ingest.writer;

import io.tributary.contracts.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.jboss.logging.Logger;

/**
 * The lake writer's core: turns records of the ingest topics into Iceberg snapshots, each carrying the Kafka offsets
 * it covers, so that every record lands exactly once across crashes, restarts and lost commits.
 *
 * <p>It never talks to Kafka itself. The consumer loop hands it partitions ({@link #assign}), records
 * ({@link #accept}) and clock ticks ({@link #tick}), and carries out the {@link WriterAction}s it answers: where to
 * seek, what to pause. That keeps the exactly-once rules testable against any {@link Catalog}. One thread only.
 */
public final class LakeWriter {

    private static final Logger LOG = Logger.getLogger(LakeWriter.class);
    private static final int MAX_BACKOFF_DOUBLINGS = 4;

    /**
     * @param commitInterval longest time a record waits in a batch before its commit
     * @param commitMaxRecords a batch this large is committed at once
     * @param retryInterval how often an unavailable table, or a commit in doubt, is asked again
     */
    public record Settings(String writerId, Duration commitInterval, long commitMaxRecords, Duration retryInterval) {}

    private final Catalog catalog;
    private final Settings settings;
    private final WriterEvents events;
    private final DeadLetterSink deadLetters;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final Map<String, TableSink> sinks = new LinkedHashMap<>();
    /** Topics assigned to this writer whose table could not be opened yet: topic → partitions. */
    private final Map<String, Set<Integer>> waiting = new LinkedHashMap<>();

    private final Map<String, Long> nextAttemptNanos = new HashMap<>();
    /** Failures in a row to open a topic's table, other than "no such table". */
    private final Map<String, Integer> openFailures = new HashMap<>();

    private final Set<String> reported = new HashSet<>();

    public LakeWriter(
            Catalog catalog,
            Settings settings,
            WriterEvents events,
            DeadLetterSink deadLetters,
            Clock clock,
            LongSupplier nanoTime) {
        this.catalog = catalog;
        this.settings = settings;
        this.events = events;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.nanoTime = nanoTime;
    }

    /** The table an ingest topic feeds: {@code tributary.ingest.<namespace>.<table>}. */
    public static Optional<TableIdentifier> tableOf(String topic) {
        if (!topic.startsWith(Topics.INGEST_PREFIX) || topic.equals(Topics.INGEST_DLQ)) {
            return Optional.empty();
        }
        String rest = topic.substring(Topics.INGEST_PREFIX.length());
        int dot = rest.indexOf('.');
        if (dot <= 0 || dot == rest.length() - 1 || rest.indexOf('.', dot + 1) >= 0) {
            return Optional.empty();
        }
        return Optional.of(TableIdentifier.of(Namespace.of(rest.substring(0, dot)), rest.substring(dot + 1)));
    }

    /** Partitions given to this writer: it answers where to read them from, the table's checkpoint. */
    public List<WriterAction> assign(String topic, Collection<Integer> partitions) {
        Optional<TableIdentifier> table = tableOf(topic);
        if (table.isEmpty()) {
            LOG.warnf("Topic %s names no table; it is not read", topic);
            return List.of(new WriterAction.Pause(topic, new TreeSet<>(partitions)));
        }
        TableSink sink = sinks.get(topic);
        if (sink == null) {
            if (openFailures.containsKey(topic) && nanoTime.getAsLong() < nextAttemptNanos.getOrDefault(topic, 0L)) {
                // Failing to open, and not due again: a rebalance does not bring the next attempt forward.
                waiting.computeIfAbsent(topic, t -> new TreeSet<>()).addAll(partitions);
                return List.of(new WriterAction.Pause(topic, new TreeSet<>(partitions)));
            }
            try {
                sink = open(table.get(), topic);
            } catch (RuntimeException e) {
                // A topic may exist before its table (or outlive it): a quick "no such table", asked again every
                // retry-interval. Any other failure (the table's storage unreachable, say) can hold this loop for the
                // catalog client's own retries, so it is asked again at doubling intervals. Said once, not per retry.
                boolean missing = e instanceof NoSuchTableException;
                Duration wait =
                        missing ? settings.retryInterval() : backoff(openFailures.merge(topic, 1, Integer::sum));
                if (reported.add(topic + (missing ? ":missing" : ":error"))) {
                    LOG.logf(
                            missing ? Logger.Level.INFO : Logger.Level.WARN,
                            missing
                                    ? "Cannot open %s for %s: %s; retrying every %s"
                                    : "Cannot open %s for %s: %s; retrying in %s, then at doubling intervals up to %s",
                            table.get(),
                            topic,
                            e.toString(),
                            wait,
                            backoff(MAX_BACKOFF_DOUBLINGS + 1));
                }
                waiting.computeIfAbsent(topic, t -> new TreeSet<>()).addAll(partitions);
                nextAttemptNanos.put(topic, nanoTime.getAsLong() + wait.toNanos());
                return List.of(new WriterAction.Pause(topic, new TreeSet<>(partitions)));
            }
            openFailures.remove(topic);
            sinks.put(topic, sink);
            reported.removeIf(key -> key.startsWith(topic + ":"));
        }
        return List.of(new WriterAction.Seek(topic, sink.assign(partitions)));
    }

    /** The wait after the n-th failure in a row to open a table: retry-interval, doubling up to 16 times it. */
    private Duration backoff(int failures) {
        return settings.retryInterval().multipliedBy(1L << Math.min(failures - 1, MAX_BACKOFF_DOUBLINGS));
    }

    private TableSink open(TableIdentifier id, String topic) {
        Table table = catalog.loadTable(id);
        TableSink sink = new TableSink(id, topic, table, settings.writerId(), deadLetters, events, clock);
        LOG.infof(
                "%s: resuming from checkpoint %s (snapshot %s)",
                id,
                sink.checkpoint().offsets(),
                String.valueOf(sink.checkpoint().snapshotId()));
        return sink;
    }

    /**
     * Partitions taken from this writer: what is pending is committed first (a rebalance hands a clean checkpoint
     * to the next owner), then the table is forgotten.
     */
    public List<WriterAction> revoke(String topic) {
        waiting.remove(topic);
        TableSink sink = sinks.remove(topic);
        if (sink == null) {
            return List.of();
        }
        List<WriterAction> actions = new ArrayList<>();
        commit(topic, sink, actions);
        sink.abort();
        return actions;
    }

    /** Partitions lost without a clean hand-over: the batch is dropped, the next owner reads from the checkpoint. */
    public void lose(String topic) {
        waiting.remove(topic);
        TableSink sink = sinks.remove(topic);
        if (sink != null) {
            sink.abort();
        }
    }

    public void accept(IncomingRecord record) {
        TableSink sink = sinks.get(record.topic());
        if (sink == null || sink.inDoubt()) {
            // Paused or waiting: the seek that ends it rewinds the partition, so the record is read again.
            return;
        }
        long expected = sink.nextOffset(record.partition());
        if (expected >= 0 && record.offset() < expected) {
            return; // already in the table (a fetch issued before a seek)
        }
        sink.accept(record, nanoTime.getAsLong());
    }

    /** Commits every batch that is due, retries tables that could not be opened and commits in doubt. */
    public List<WriterAction> tick() {
        List<WriterAction> actions = new ArrayList<>();
        long now = nanoTime.getAsLong();
        for (Map.Entry<String, Set<Integer>> entry : List.copyOf(waiting.entrySet())) {
            String topic = entry.getKey();
            if (now < nextAttemptNanos.getOrDefault(topic, 0L)) {
                continue;
            }
            waiting.remove(topic);
            List<WriterAction> opened = assign(topic, entry.getValue());
            actions.addAll(opened);
            if (opened.get(0) instanceof WriterAction.Seek) {
                actions.add(new WriterAction.Resume(topic, entry.getValue()));
            }
        }
        for (Map.Entry<String, TableSink> entry : sinks.entrySet()) {
            TableSink sink = entry.getValue();
            if (sink.inDoubt()) {
                if (now >= nextAttemptNanos.getOrDefault(entry.getKey(), 0L)) {
                    commit(entry.getKey(), sink, actions);
                }
            } else if (sink.due(now, settings.commitInterval(), settings.commitMaxRecords())) {
                commit(entry.getKey(), sink, actions);
            }
        }
        return actions;
    }

    /** Commits everything pending, e.g. before a clean shutdown. */
    public List<WriterAction> flush() {
        List<WriterAction> actions = new ArrayList<>();
        sinks.forEach((topic, sink) -> commit(topic, sink, actions));
        return actions;
    }

    private void commit(String topic, TableSink sink, List<WriterAction> actions) {
        boolean wasInDoubt = sink.inDoubt();
        TableSink.Outcome outcome;
        try {
            outcome = sink.commit();
        } catch (RuntimeException e) {
            LOG.error("Commit to " + sink.id() + " failed unexpectedly", e);
            sink.abort();
            outcome = new TableSink.Outcome.Resync(startsOf(sink), e);
        }
        Set<Integer> partitions = new TreeSet<>(sink.partitions());
        if (outcome instanceof TableSink.Outcome.Committed committed) {
            actions.add(new WriterAction.Committed(topic, committed.report().offsets()));
            if (wasInDoubt) {
                // Records that arrived while in doubt (a partition assigned meanwhile) were not taken: read them again.
                actions.add(new WriterAction.Seek(topic, startsOf(sink)));
                actions.add(new WriterAction.Resume(topic, partitions));
            }
        } else if (outcome instanceof TableSink.Outcome.Resync resync) {
            actions.add(new WriterAction.Seek(topic, resync.offsets()));
            if (wasInDoubt) {
                actions.add(new WriterAction.Resume(topic, partitions));
            }
        } else if (outcome instanceof TableSink.Outcome.InDoubt) {
            nextAttemptNanos.put(
                    topic, nanoTime.getAsLong() + settings.retryInterval().toNanos());
            if (!wasInDoubt) {
                actions.add(new WriterAction.Pause(topic, partitions));
            }
        }
    }

    private static Map<Integer, Long> startsOf(TableSink sink) {
        Map<Integer, Long> starts = new HashMap<>();
        sink.partitions().forEach(p -> starts.put(p, sink.checkpoint().startOf(p)));
        return starts;
    }

    /** Records read but not yet in a snapshot, per table. */
    public Map<TableIdentifier, Long> pendingRecords() {
        Map<TableIdentifier, Long> pending = new LinkedHashMap<>();
        sinks.values().forEach(s -> pending.merge(s.id(), s.pendingRecords(), Long::sum));
        return pending;
    }

    /** Where the next record of each assigned partition of the topic is expected (-1: not known yet). */
    public long nextOffset(String topic, int partition) {
        TableSink sink = sinks.get(topic);
        return sink == null ? -1 : sink.nextOffset(partition);
    }

    /** Drops all batches (their files are deleted) without committing. */
    public void abortAll() {
        sinks.values().forEach(TableSink::abort);
        sinks.clear();
        waiting.clear();
    }
}
