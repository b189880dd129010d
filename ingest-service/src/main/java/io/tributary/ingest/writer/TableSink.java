package io.tributary.ingest.writer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.contracts.deadletter.DeadLetter;
import io.tributary.contracts.deadletter.DeadLetterCodec;
import io.tributary.contracts.events.Uuid7;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.BaseTransaction;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.TableCommit;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.relocated.com.google.common.util.concurrent.MoreExecutors;
import org.jboss.logging.Logger;

/**
 * The writer's state for one table: the checkpoint the table holds, the Parquet files of the batch being written
 * (one open file per partition of the table's spec) and the next offset of each Kafka partition it has read.
 * Not thread-safe: one consumer thread drives it.
 */
final class TableSink {

    /**
     * The Parquet page size of the writer's files unless the table sets {@code write.parquet.page-size-bytes}. Parquet
     * allocates a buffer of a whole page for each file it opens: at the default 1 MB, every table with a batch in
     * progress held a megabyte, and each commit of each table allocated one more (a hundred tables committing once a
     * second kept the writer's heap in full collections). A file of one interval's records is small; compaction
     * rewrites it with the table's own page size.
     */
    static final int PAGE_SIZE_BYTES = 64 * 1024;

    /**
     * Table property naming the branch the writer commits to instead of main (write-audit-publish): readers of main
     * see a batch only once it is published there. Read from the table at every commit.
     */
    static final String AUDIT_BRANCH = "tributary.write.audit-branch";

    private static final ExecutorService SAME_THREAD = MoreExecutors.newDirectExecutorService();

    private static final Logger LOG = Logger.getLogger(TableSink.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NEVER = Long.MIN_VALUE;

    /** What a commit attempt came to. */
    sealed interface Outcome {
        /** The snapshot landed; {@code report} describes it. */
        record Committed(CommitReport report) implements Outcome {}

        /** It did not land; the batch is gone and reading resumes at {@code offsets} (partition → offset, -1 = beginning). */
        record Resync(Map<Integer, Long> offsets, Throwable cause) implements Outcome {}

        /** The table cannot tell yet whether it landed; ask again with {@link #resolve()} before writing on. */
        record InDoubt(Throwable cause) implements Outcome {}

        /** Nothing was pending. */
        record Nothing() implements Outcome {}
    }

    private final TableIdentifier id;
    /** The table's whole history, for in-doubt commits; null when the loaded metadata already is whole. */
    private final Supplier<TableMetadata> wholeHistory;

    private final String topic;
    private final String writerId;
    private final Table table;
    private final FencingTableOperations ops;
    private final DeadLetterSink deadLetters;
    private final WriterEvents events;
    private final Clock clock;
    private final Set<Integer> partitions = new HashSet<>();

    private Checkpoint committed;
    /** partition → next offset to read, for assigned partitions; equals the checkpoint's when nothing is pending. */
    private final Map<Integer, Long> next = new TreeMap<>();

    // The batch being written.
    private Schema schema;
    private PartitionSpec spec;
    private PartitionKey partitionKey;
    private InternalRecordWrapper wrapper;
    private OutputFileFactory files;
    private final Map<PartitionKey, DataWriter<Record>> writers = new HashMap<>();
    private final List<DataFile> closed = new ArrayList<>();
    private long records;
    private long deadLettered;
    private long[] timestamps = new long[1024];
    /** When the table's last commit began, by the writer's clock; {@link #NEVER} before its first. */
    private long lastCommitNanos = NEVER;
    /** When the batch's first record came, by the writer's clock. */
    private long batchStartedNanos;

    private boolean offsetsMoved;
    private boolean refreshedForUnknownFields;
    private int refreshedForVersion = -1;
    private InDoubtCommit inDoubt;

    record InDoubtCommit(
            String commitId,
            String branch,
            UUID runId,
            List<DataFile> files,
            Map<Integer, Long> offsets,
            long records,
            long deadLettered,
            long[] timestamps,
            Instant startedAt,
            Throwable cause) {

        InDoubtCommit withCause(Throwable why) {
            return new InDoubtCommit(
                    commitId, branch, runId, files, offsets, records, deadLettered, timestamps, startedAt, why);
        }
    }

    TableSink(
            TableIdentifier id,
            String topic,
            Table loaded,
            String writerId,
            DeadLetterSink deadLetters,
            WriterEvents events,
            Clock clock,
            Supplier<TableMetadata> wholeHistory) {
        this.id = id;
        this.wholeHistory = wholeHistory;
        this.topic = topic;
        this.writerId = writerId;
        this.deadLetters = deadLetters;
        this.events = events;
        this.clock = clock;
        TableMetadata metadata = ((HasTableOperations) loaded).operations().current();
        this.committed = Checkpoint.latest(metadata, topic);
        this.ops = new FencingTableOperations(((HasTableOperations) loaded).operations(), topic, committed.commitId());
        this.table = new BaseTable(ops, loaded.name());
        startBatch();
    }

    TableIdentifier id() {
        return id;
    }

    String topic() {
        return topic;
    }

    /** When the batch's first record came, by the writer's clock: the order in which waiting tables commit. */
    long batchStartedNanos() {
        return batchStartedNanos;
    }

    Checkpoint checkpoint() {
        return committed;
    }

    /** Adds partitions of the topic; answers where each one starts (-1: the beginning of the log). */
    Map<Integer, Long> assign(Iterable<Integer> assigned) {
        Map<Integer, Long> starts = new TreeMap<>();
        for (int partition : assigned) {
            partitions.add(partition);
            long start = committed.startOf(partition);
            if (start >= 0) {
                next.put(partition, start);
            } else {
                next.remove(partition);
            }
            starts.put(partition, start);
        }
        return starts;
    }

    Set<Integer> partitions() {
        return partitions;
    }

    /** Gives up partitions taken by a rebalance; call with nothing pending (after a commit). */
    void release(Collection<Integer> released) {
        partitions.removeAll(released);
        next.keySet().removeAll(released);
    }

    boolean inDoubt() {
        return inDoubt != null;
    }

    long pendingRecords() {
        return records;
    }

    long nextOffset(int partition) {
        return next.getOrDefault(partition, committed.startOf(partition));
    }

    boolean hasPending() {
        return records > 0 || deadLettered > 0 || offsetsMoved;
    }

    /**
     * Whether the batch should be committed now: it holds {@code maxRecords}, or {@code interval} has passed since the
     * table's last commit began. A table that was idle for an interval commits its first records at once, unless the
     * writer is {@code behind}: then they wait for the interval too, and the batch grows. A table that keeps receiving
     * commits once per interval.
     */
    boolean due(long nowNanos, Duration interval, long maxRecords, boolean behind) {
        if (!hasPending()) {
            return false;
        }
        if (records >= maxRecords) {
            return true;
        }
        long wait = interval.toNanos();
        boolean paced = lastCommitNanos == NEVER || nowNanos - lastCommitNanos >= wait;
        return paced && (!behind || nowNanos - batchStartedNanos >= wait);
    }

    /** Notes that a commit of the batch begins now, for {@link #due}. */
    void committing(long nowNanos) {
        lastCommitNanos = nowNanos;
    }

    void accept(IncomingRecord record, long nowNanos) {
        if (inDoubt != null) {
            throw new IllegalStateException("Records for " + id + " while its last commit is in doubt");
        }
        if (!hasPending()) {
            batchStartedNanos = nowNanos;
        }
        Integer version = record.contractVersion();
        if (version != null && version > schema.schemaId() && version > refreshedForVersion) {
            // Once per version: should versions ever run ahead of schema ids, this must not become a reload per record.
            refreshedForVersion = version;
            refreshSchema("a record carries contract version " + version);
        }
        try {
            Record row = convert(record);
            partitionKey.partition(wrapper.wrap(row));
            DataWriter<Record> writer = writers.get(partitionKey);
            if (writer == null) {
                PartitionKey key = partitionKey.copy();
                writer = newWriter(key);
                writers.put(key, writer);
            }
            writer.write(row);
            if (records == timestamps.length) {
                timestamps = Arrays.copyOf(timestamps, timestamps.length * 2);
            }
            timestamps[(int) records] = record.timestampMs();
            records++;
        } catch (IllegalArgumentException e) {
            deadLetter(record, e.getMessage());
        }
        next.put(record.partition(), record.offset() + 1);
        offsetsMoved = true;
    }

    private Record convert(IncomingRecord record) {
        JsonNode json;
        try {
            json = JSON.readTree(record.value());
        } catch (IOException e) {
            throw new IllegalArgumentException("the record is not JSON: " + e.getMessage(), e);
        }
        RecordConverter.Converted converted = RecordConverter.convert(json, schema);
        if (converted.unknownFields() && !refreshedForUnknownFields) {
            // Perhaps a column was added and this writer has not seen it yet; once per schema, then the field is
            // dropped.
            refreshedForUnknownFields = true;
            if (refreshSchema("a record names fields the schema does not have")) {
                converted = RecordConverter.convert(json, schema);
            }
        }
        return converted.record();
    }

    /** Re-reads the table; a new schema or spec applies to the records that follow. True when it changed. */
    private boolean refreshSchema(String why) {
        TableMetadata current = ops.reload();
        if (current.currentSchemaId() == schema.schemaId() && current.defaultSpecId() == spec.specId()) {
            return false;
        }
        LOG.infof("%s: %s; schema %s -> %s", id, why, schema.schemaId(), current.currentSchemaId());
        closeWriters();
        useTableLayout();
        return true;
    }

    private DataWriter<Record> newWriter(PartitionKey key) {
        return WithoutHadoopSiteFiles.run(() -> {
            try {
                return Parquet.writeData(
                                spec.isUnpartitioned() ? files.newOutputFile() : files.newOutputFile(spec, key))
                        .schema(schema)
                        .createWriterFunc(GenericParquetWriter::create)
                        .set(TableProperties.PARQUET_PAGE_SIZE_BYTES, Integer.toString(PAGE_SIZE_BYTES))
                        .setAll(table.properties())
                        .metricsConfig(MetricsConfig.forTable(table))
                        .withSpec(spec)
                        .withPartition(spec.isUnpartitioned() ? null : key)
                        .overwrite()
                        .build();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot open a data file for " + id, e);
            }
        });
    }

    private void closeWriters() {
        for (DataWriter<Record> writer : writers.values()) {
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot close a data file of " + id, e);
            }
            closed.add(writer.toDataFile());
        }
        writers.clear();
    }

    private void deadLetter(IncomingRecord record, String reason) {
        JsonNode value = null;
        String raw = null;
        try {
            value = JSON.readTree(record.value());
        } catch (IOException | RuntimeException e) {
            // Not JSON: the text is kept instead.
        }
        if (value == null || value.isMissingNode()) {
            value = null;
            raw = new String(record.value(), StandardCharsets.UTF_8);
        }
        DeadLetter letter = DeadLetter.atLakeWriter(
                id.namespace().toString(),
                id.name(),
                record.contractVersion(),
                record.producer(),
                record.topic(),
                record.partition(),
                record.offset(),
                DeadLetter.traceId(record.traceparent()),
                clock.instant(),
                List.of(DeadLetter.Reason.of(reason)),
                value,
                raw);
        deadLetters.send(id.toString(), DeadLetterCodec.encode(letter));
        deadLettered++;
        events.deadLettered(id, 1);
    }

    /** Closes the batch's files and commits them with the offsets they cover, or learns why not. */
    Outcome commit() {
        if (inDoubt != null) {
            return resolve();
        }
        if (!hasPending()) {
            return new Outcome.Nothing();
        }
        UUID runId = Uuid7.next();
        Instant startedAt = clock.instant();
        long startedNanos = System.nanoTime();
        events.commitStarted(id, topic, runId, startedAt);
        String commitId = runId.toString();
        Map<Integer, Long> offsets = new TreeMap<>(committed.offsets());
        offsets.putAll(next);
        List<DataFile> batch;
        String branch = SnapshotRef.MAIN_BRANCH;
        try {
            closeWriters();
            batch = List.copyOf(closed);
            deadLetters.flush(id.toString());
        } catch (RuntimeException e) {
            // The files could not be finished (disk full, dead-letter topic down): nothing was committed.
            return resync(runId, startedAt, List.copyOf(closed), e);
        }
        long[] batchTimestamps = Arrays.copyOf(timestamps, (int) records);
        try {
            branch = targetBranch(ops.reload());
            append(table.newAppend(), branch, batch, offsets, commitId);
        } catch (RuntimeException e) {
            inDoubt = new InDoubtCommit(
                    commitId, branch, runId, batch, offsets, records, deadLettered, batchTimestamps, startedAt, e);
            LOG.warnf("Commit %s to %s failed (%s); checking whether it landed", commitId, id, e.toString());
            return resolve(e, startedNanos);
        }
        inDoubt = new InDoubtCommit(
                commitId, branch, runId, batch, offsets, records, deadLettered, batchTimestamps, startedAt, null);
        return landed(ops.current(), startedNanos);
    }

    /**
     * Appends the batch's files with the offsets they cover, to the table or, staged, to a transaction. Manifests are
     * written and read on this thread: Iceberg's shared worker pool is polled every 10 ms for each parallel step, which
     * made a commit tens of milliseconds longer for a handful of small files (see {@link ManifestAppend}).
     */
    private void append(
            AppendFiles append, String branch, List<DataFile> batch, Map<Integer, Long> offsets, String commitId) {
        append.scanManifestsWith(SAME_THREAD);
        if (!SnapshotRef.MAIN_BRANCH.equals(branch)) {
            // A branch that does not exist yet is created from main's head by this commit.
            append.toBranch(branch);
        }
        ManifestAppend.addFiles(append, ops, ops.current(), batch);
        append.set(Checkpoint.OFFSETS, Checkpoint.offsetsJson(topic, offsets))
                .set(Checkpoint.COMMIT_ID, commitId)
                .set(Checkpoint.WRITER_ID, writerId)
                .commit();
    }

    /**
     * A batch ready to be committed together with other tables' ({@code /transactions/commit}): its files, manifests
     * and snapshot are written, the table's requirements and updates built against the state just read, nothing sent.
     */
    record Staged(
            TableSink sink, TableCommit commit, TableMetadata updated, long startedNanos, InDoubtCommit attempt) {}

    /**
     * Stages the batch for a commit of several tables at once. Null when the table cannot take part: nothing
     * pending, a commit in doubt, its files not finished, its state not read, or another writer's checkpoint on it;
     * {@link #commit()} then commits it alone and says why.
     */
    Staged stage() {
        if (inDoubt != null || !hasPending()) {
            return null;
        }
        long startedNanos = System.nanoTime();
        try {
            closeWriters();
            deadLetters.flush(id.toString());
            TableMetadata base = ops.reload();
            if (!Objects.equals(Checkpoint.latest(base, topic).commitId(), ops.expected())) {
                return null;
            }
            String branch = targetBranch(base);
            UUID runId = Uuid7.next();
            Instant startedAt = clock.instant();
            String commitId = runId.toString();
            Map<Integer, Long> offsets = new TreeMap<>(committed.offsets());
            offsets.putAll(next);
            List<DataFile> batch = List.copyOf(closed);
            Transaction transaction = table.newTransaction();
            append(transaction.newAppend(), branch, batch, offsets, commitId);
            BaseTransaction staged = (BaseTransaction) transaction;
            TableMetadata updated = staged.currentMetadata();
            TableCommit commit = TableCommit.create(id, staged.startMetadata(), updated);
            events.commitStarted(id, topic, runId, startedAt);
            InDoubtCommit attempt = new InDoubtCommit(
                    commitId,
                    branch,
                    runId,
                    batch,
                    offsets,
                    records,
                    deadLettered,
                    Arrays.copyOf(timestamps, (int) records),
                    startedAt,
                    null);
            return new Staged(this, commit, updated, startedNanos, attempt);
        } catch (RuntimeException e) {
            LOG.debugf("%s: not staged for a group commit (%s); committing it alone", id, e.toString());
            return null;
        }
    }

    /** The group holding the staged batch was committed: its snapshot is the one staged. */
    Outcome groupCommitted(Staged staged) {
        inDoubt = staged.attempt();
        return landed(staged.updated(), staged.startedNanos());
    }

    /** The group holding the staged batch was refused as a whole (a conflict on some table): nothing landed. */
    void groupRefused(Staged staged, Throwable cause) {
        InDoubtCommit attempt = staged.attempt();
        events.commitFailed(id, topic, attempt.runId(), clock.instant(), cause);
    }

    /** Whether the group holding the staged batch landed is not known: the table is asked, as after any commit. */
    Outcome groupInDoubt(Staged staged, Throwable cause) {
        InDoubtCommit attempt = staged.attempt();
        inDoubt = attempt.withCause(cause);
        LOG.warnf(
                "Commit %s to %s, part of a group, failed (%s); checking whether it landed",
                attempt.commitId(), id, cause.toString());
        return resolve(cause, staged.startedNanos());
    }

    /** Asks the table whether the in-doubt commit landed. */
    Outcome resolve() {
        return resolve(null, System.nanoTime());
    }

    private Outcome resolve(Throwable cause, long startedNanos) {
        InDoubtCommit attempt = inDoubt;
        TableMetadata current;
        TableMetadata history;
        try {
            current = ops.reload();
            // The writer's view of the table ends at each branch's latest checkpoint; a commit that landed below a
            // later one (another writer's, after a rebalance) is only in the whole history.
            history = wholeHistory == null ? current : wholeHistory.get();
        } catch (RuntimeException e) {
            if (cause != null) {
                e.addSuppressed(cause);
            }
            // Reported once it is known whether it landed.
            return new Outcome.InDoubt(e);
        }
        if (Checkpoint.landed(history, attempt.commitId(), committed.snapshotId(), attempt.branch())) {
            LOG.infof("Commit %s to %s landed despite the error", attempt.commitId(), id);
            return landed(history, startedNanos);
        }
        Throwable reason = cause != null
                ? cause
                : attempt.cause() != null
                        ? attempt.cause()
                        : new IllegalStateException("commit " + attempt.commitId() + " did not land");
        inDoubt = null;
        return resync(attempt.runId(), attempt.startedAt(), attempt.files(), reason, current);
    }

    private Outcome landed(TableMetadata current, long startedNanos) {
        InDoubtCommit done = inDoubt;
        inDoubt = null;
        Snapshot snapshot = Checkpoint.find(current, done.commitId(), null, done.branch());
        Long snapshotId = snapshot == null ? null : snapshot.snapshotId();
        committed = new Checkpoint(snapshotId, done.commitId(), writerId, topic, done.offsets());
        ops.expect(done.commitId());
        Instant at = clock.instant();
        long bytes = done.files().stream().mapToLong(DataFile::fileSizeInBytes).sum();
        CommitReport report = new CommitReport(
                id,
                topic,
                done.branch(),
                done.runId(),
                snapshotId == null ? -1 : snapshotId,
                done.commitId(),
                done.records(),
                done.files().size(),
                bytes,
                done.deadLettered(),
                done.startedAt(),
                at,
                Duration.ofNanos(System.nanoTime() - startedNanos),
                done.timestamps(),
                done.offsets());
        startBatch();
        events.committed(report);
        return new Outcome.Committed(report);
    }

    private Outcome resync(UUID runId, Instant startedAt, List<DataFile> orphans, Throwable cause) {
        TableMetadata current;
        try {
            current = ops.reload();
        } catch (RuntimeException e) {
            // Nothing was sent to the catalog; the files are not referenced by any snapshot.
            deleteFiles(orphans);
            startBatch();
            resetToCheckpoint();
            events.commitFailed(id, topic, runId, clock.instant(), cause);
            return new Outcome.Resync(startOffsets(), cause);
        }
        return resync(runId, startedAt, orphans, cause, current);
    }

    private Outcome resync(
            UUID runId, Instant startedAt, List<DataFile> orphans, Throwable cause, TableMetadata current) {
        deleteFiles(orphans);
        committed = Checkpoint.latest(current, topic);
        ops.expect(committed.commitId());
        startBatch();
        resetToCheckpoint();
        events.commitFailed(id, topic, runId, clock.instant(), cause);
        LOG.warnf("%s: batch dropped (%s); resuming from checkpoint %s", id, cause.toString(), committed.offsets());
        return new Outcome.Resync(startOffsets(), cause);
    }

    /** The branch the table's property names, or main; blank or {@code main} itself mean main. */
    static String targetBranch(TableMetadata metadata) {
        String branch = metadata.properties().get(AUDIT_BRANCH);
        return branch == null || branch.isBlank() ? SnapshotRef.MAIN_BRANCH : branch.trim();
    }

    private void resetToCheckpoint() {
        next.clear();
        for (int partition : partitions) {
            long start = committed.startOf(partition);
            if (start >= 0) {
                next.put(partition, start);
            }
        }
    }

    private Map<Integer, Long> startOffsets() {
        Map<Integer, Long> starts = new TreeMap<>();
        partitions.forEach(p -> starts.put(p, committed.startOf(p)));
        return starts;
    }

    /** Drops the batch without committing (the partitions were taken away); its files are deleted. */
    void abort() {
        if (inDoubt != null) {
            // It may still land; a file it references must not disappear. Orphans, if any, are for orphan-file cleanup.
            LOG.warnf(
                    "%s: leaving %s files of in-doubt commit %s in place",
                    id, inDoubt.files().size(), inDoubt.commitId());
            inDoubt = null;
        } else {
            try {
                closeWriters();
            } catch (RuntimeException e) {
                LOG.warnf("%s: cannot close the batch's files: %s", id, e.toString());
            }
            deleteFiles(List.copyOf(closed));
        }
        startBatch();
        resetToCheckpoint();
    }

    private void deleteFiles(List<DataFile> orphans) {
        for (DataFile file : orphans) {
            try {
                table.io().deleteFile(file.location());
            } catch (RuntimeException e) {
                LOG.warnf("Cannot delete %s of a failed commit: %s", file.location(), e.toString());
            }
        }
    }

    private void startBatch() {
        for (DataWriter<Record> writer : writers.values()) {
            try {
                writer.close();
            } catch (IOException | RuntimeException e) {
                // Its file is deleted with the batch.
            }
        }
        writers.clear();
        closed.clear();
        records = 0;
        deadLettered = 0;
        offsetsMoved = false;
        if (timestamps.length > 1 << 16) {
            timestamps = new long[1024];
        }
        useTableLayout();
    }

    private void useTableLayout() {
        TableMetadata current = ops.current();
        if (schema == null
                || schema.schemaId() != current.currentSchemaId()
                || spec.specId() != current.defaultSpecId()) {
            refreshedForUnknownFields = false;
        }
        schema = current.schema();
        spec = current.spec();
        partitionKey = new PartitionKey(spec, schema);
        wrapper = new InternalRecordWrapper(schema.asStruct());
        // A fresh operation id per layout keeps file names unique across batches and restarts.
        files = OutputFileFactory.builderFor(table, 1, System.currentTimeMillis())
                .format(FileFormat.PARQUET)
                .operationId(Uuid7.next().toString())
                .build();
    }
}
