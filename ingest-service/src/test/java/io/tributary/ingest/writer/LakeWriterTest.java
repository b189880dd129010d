package io.tributary.ingest.writer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.contracts.deadletter.DeadLetter;
import io.tributary.contracts.deadletter.DeadLetterCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The exactly-once rules of the lake writer, against Iceberg's in-memory catalog and a simulated topic. A "crash" is
 * a writer object dropped without any further call, as a killed process would; a restart is a new writer object
 * reading the same catalog and log.
 */
class LakeWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TableIdentifier ORDERS = TableIdentifier.of(Namespace.of("sales"), "orders");
    private static final String TOPIC = "tributary.ingest.sales.orders";
    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "category", Types.StringType.get()));

    private InMemoryCatalog catalog;
    private SimulatedKafka kafka;
    private final AtomicLong nanos = new AtomicLong();
    /** Commits in flight from which the writers made here consider themselves behind. */
    private int busyCommits = Integer.MAX_VALUE;

    private final List<byte[]> deadLetters = new ArrayList<>();
    private final List<String> events = new ArrayList<>();

    @BeforeEach
    void setUp() {
        catalog = new InMemoryCatalog();
        catalog.initialize("memory", Map.of("warehouse", "/mem/warehouse"));
        catalog.createNamespace(Namespace.of("sales"));
        kafka = new SimulatedKafka(TOPIC, 3);
    }

    @AfterEach
    void tearDown() throws IOException {
        catalog.close();
    }

    private LakeWriter writer(org.apache.iceberg.catalog.Catalog source, String id, long maxRecords) {
        return writer(source, id, maxRecords, Duration.ZERO);
    }

    private LakeWriter writer(
            org.apache.iceberg.catalog.Catalog source, String id, long maxRecords, Duration retryInterval) {
        DeadLetterSink sink = new DeadLetterSink() {
            @Override
            public void send(String key, byte[] value) {
                deadLetters.add(value);
            }

            @Override
            public void flush() {}
        };
        WriterEvents recorder = new WriterEvents() {
            @Override
            public void committed(CommitReport report) {
                events.add("committed " + report.records()
                        + (report.branch().equals("main") ? "" : " on " + report.branch()));
            }

            @Override
            public void commitFailed(TableIdentifier table, String topic, UUID runId, Instant at, Throwable error) {
                events.add("failed " + error.getClass().getSimpleName());
            }
        };
        return new LakeWriter(
                source,
                new LakeWriter.Settings(id, Duration.ofSeconds(1), maxRecords, retryInterval, busyCommits),
                recorder,
                sink,
                Clock.systemUTC(),
                nanos::get);
    }

    private LakeWriter start(LakeWriter writer) {
        kafka.reconnect();
        kafka.apply(writer.assign(TOPIC, kafka.partitions()));
        return writer;
    }

    /** One poll and one tick, with the clock moved past the commit interval when asked. */
    private void step(LakeWriter writer, int maxPoll, boolean intervalPassed) {
        for (IncomingRecord record : kafka.poll(maxPoll)) {
            writer.accept(record);
        }
        if (intervalPassed) {
            nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        }
        kafka.apply(writer.tick());
    }

    private void produce(int from, int to) {
        for (int id = from; id < to; id++) {
            kafka.append(id % 3, "{\"id\": " + id + ", \"category\": \"c" + (id % 2) + "\"}");
        }
    }

    /** The ids in the table, sorted; duplicates stay. */
    static List<Long> ids(Table table) {
        table.refresh();
        List<Long> ids = new ArrayList<>();
        try (CloseableIterable<Record> rows = IcebergGenerics.read(table).build()) {
            rows.forEach(r -> ids.add((Long) r.getField("id")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ids.sort(Long::compare);
        return ids;
    }

    private static List<Long> range(int from, int to) {
        List<Long> ids = new ArrayList<>();
        for (long i = from; i < to; i++) {
            ids.add(i);
        }
        return ids;
    }

    @Test
    void commitsRecordsWithTheirOffsetsInTheSnapshotSummary() throws Exception {
        Table table = catalog.createTable(ORDERS, SCHEMA, PartitionSpec.unpartitioned());
        produce(0, 30);
        LakeWriter writer = start(writer(catalog, "w1", 1000));

        step(writer, 1000, false);

        assertThat(ids(table))
                .as("the first records of an idle table are committed at once")
                .isEqualTo(range(0, 30));
        Snapshot snapshot = table.currentSnapshot();
        assertThat(snapshot.summary())
                .containsEntry("tributary.writer.id", "w1")
                .containsEntry("added-records", "30");
        JsonNode offsets = JSON.readTree(snapshot.summary().get(Checkpoint.OFFSETS));
        assertThat(offsets.get(TOPIC).get("0").asLong()).isEqualTo(10);
        assertThat(offsets.get(TOPIC).get("1").asLong()).isEqualTo(10);
        assertThat(offsets.get(TOPIC).get("2").asLong()).isEqualTo(10);
        assertThat(kafka.groupOffsets).isEqualTo(Map.of(0, 10L, 1, 10L, 2, 10L));
        assertThat(events).containsExactly("committed 30");
    }

    @Test
    void aTableCommitsAtMostOncePerIntervalAndAtOnceAfterBeingIdle() {
        Table table = catalog.createTable(ORDERS, SCHEMA, PartitionSpec.unpartitioned());
        produce(0, 3);
        LakeWriter writer = start(writer(catalog, "w1", 1000));
        step(writer, 1000, false);
        assertThat(ids(table)).isEqualTo(range(0, 3));

        produce(3, 6);
        step(writer, 1000, false);
        nanos.addAndGet(Duration.ofMillis(900).toNanos());
        step(writer, 1000, false);
        assertThat(ids(table))
                .as("within the interval since the last commit began, records wait")
                .isEqualTo(range(0, 3));

        nanos.addAndGet(Duration.ofMillis(100).toNanos());
        step(writer, 1000, false);
        assertThat(ids(table)).isEqualTo(range(0, 6));
        assertThat(table.snapshots()).hasSize(2);

        nanos.addAndGet(Duration.ofMinutes(1).toNanos());
        produce(6, 7);
        step(writer, 1000, false);
        assertThat(ids(table))
                .as("after an idle minute, the next record is committed at once")
                .isEqualTo(range(0, 7));
        assertThat(events).containsExactly("committed 3", "committed 3", "committed 1");
    }

    @Test
    void aWriterThatIsBehindLetsAnIdleTablesFirstRecordsWaitForTheInterval() {
        busyCommits = 0; // as if every commit worker were taken
        Table table = catalog.createTable(ORDERS, SCHEMA, PartitionSpec.unpartitioned());
        produce(0, 3);
        LakeWriter writer = start(writer(catalog, "w1", 1000));

        step(writer, 1000, false);
        assertThat(ids(table)).isEmpty();
        step(writer, 1000, true);

        assertThat(ids(table)).isEqualTo(range(0, 3));
    }

    @Test
    void aBatchReachingMaxRecordsIsCommittedWithoutWaitingForTheInterval() {
        Table table = catalog.createTable(ORDERS, SCHEMA, PartitionSpec.unpartitioned());
        produce(0, 12);
        LakeWriter writer = start(writer(catalog, "w1", 5));

        step(writer, 6, false);

        assertThat(ids(table)).hasSize(6);
    }

    @Test
    void crashAfterWritingFilesButBeforeCommitLeavesNoDuplicatesAfterRestart() {
        Table table = catalog.createTable(ORDERS, SCHEMA, PartitionSpec.unpartitioned());
        produce(0, 20);
        LakeWriter first = start(writer(catalog, "w1", 1000));
        step(first, 1000, true);
        assertThat(ids(table)).isEqualTo(range(0, 20));

        produce(20, 50);
        step(first, 1000, false); // files for 20..49 are written, the commit is not due yet
        // The process dies here: `first` gets no further call. Its group offsets say nothing about 20..49.

        LakeWriter second = start(writer(catalog, "w2", 1000));
        produce(50, 60);
        step(second, 1000, true);

        assertThat(ids(table)).isEqualTo(range(0, 60));
    }

    @Test
    void commitThatLandedBeforeTheProcessDiedIsNotWrittenAgain() {
        Table table = catalog.createTable(ORDERS, SCHEMA, PartitionSpec.unpartitioned());
        produce(0, 40);
        LakeWriter first = start(writer(catalog, "w1", 1000));
        for (IncomingRecord record : kafka.poll(1000)) {
            first.accept(record);
        }
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        first.tick(); // the snapshot lands; the process dies before it tells Kafka (no group offsets)
        assertThat(kafka.groupOffsets).isEmpty();

        LakeWriter second = start(writer(catalog, "w2", 1000));
        produce(40, 45);
        step(second, 1000, true);

        assertThat(ids(table)).isEqualTo(range(0, 45));
        assertThat(table.currentSnapshot().summary()).containsEntry("tributary.writer.id", "w2");
    }

    @Test
    void aWriterThatLostTheRaceToAnotherWriterDropsItsBatchAndResumesFromTheWinner() {
        Table table = catalog.createTable(ORDERS, SCHEMA, PartitionSpec.unpartitioned());
        produce(0, 30);
        SimulatedKafka shared = kafka;
        FlakyCatalog recording = new FlakyCatalog(catalog);
        LakeWriter zombie = writer(recording, "zombie", 1000);
        shared.reconnect();
        shared.apply(zombie.assign(TOPIC, shared.partitions()));
        for (IncomingRecord record : shared.poll(1000)) {
            zombie.accept(record);
        }

        // Meanwhile a second writer took over the same partitions and committed the same records.
        LakeWriter successor = start(writer(catalog, "successor", 1000));
        step(successor, 1000, true);
        assertThat(ids(table)).isEqualTo(range(0, 30));

        // The zombie's commit is refused: the table's last checkpoint is not the one it started from.
        List<WriterAction> actions = zombie.tick();
        assertThat(actions).singleElement().isInstanceOf(WriterAction.Seek.class);
        assertThat(((WriterAction.Seek) actions.get(0)).offsets()).isEqualTo(Map.of(0, 10L, 1, 10L, 2, 10L));
        assertThat(ids(table)).isEqualTo(range(0, 30));
        assertThat(events).contains("failed FencedException");
        assertThat(recording.writtenFiles).as("the zombie wrote its batch").hasSize(1);
        assertThat(orphans(table, recording))
                .as("the refused batch's file is deleted")
                .isEmpty();
    }

    @Test
    void failedCommitIsCheckedAgainstTheTableAndItsFilesDeleted() {
        catalog.createTable(ORDERS, SCHEMA, PartitionSpec.unpartitioned());
        FlakyCatalog flaky = new FlakyCatalog(catalog);
        produce(0, 15);
        LakeWriter writer = start(writer(flaky, "w1", 1000));

        flaky.failures.set(1);
        flaky.landAnyway = false;
        step(writer, 1000, true);
        Table table = catalog.loadTable(ORDERS);
        assertThat(ids(table)).isEmpty();
        assertThat(events).containsExactly("failed CommitStateUnknownException");
        assertThat(flaky.writtenFiles).hasSize(1);
        assertThat(orphans(table, flaky))
                .as("the file of the failed commit is deleted")
                .isEmpty();

        // The writer rewound to the checkpoint and writes the same records again.
        step(writer, 1000, true);
        assertThat(ids(table)).isEqualTo(range(0, 15));
    }

    @Test
    void commitReportedAsFailedThatLandedAnywayIsKept() {
        catalog.createTable(ORDERS, SCHEMA, PartitionSpec.unpartitioned());
        FlakyCatalog flaky = new FlakyCatalog(catalog);
        produce(0, 15);
        LakeWriter writer = start(writer(flaky, "w1", 1000));

        flaky.failures.set(1);
        flaky.landAnyway = true;
        step(writer, 1000, true);
        produce(15, 20);
        step(writer, 1000, true);

        assertThat(ids(catalog.loadTable(ORDERS))).isEqualTo(range(0, 20));
        assertThat(events).containsExactly("committed 15", "committed 5");
    }

    @Test
    void commitInDoubtWhileTheCatalogIsDownPausesTheTableUntilTheCatalogAnswers() {
        catalog.createTable(ORDERS, SCHEMA, PartitionSpec.unpartitioned());
        FlakyCatalog flaky = new FlakyCatalog(catalog);
        produce(0, 15);
        LakeWriter writer = start(writer(flaky, "w1", 1000));
        flaky.failures.set(1);
        flaky.landAnyway = true;
        flaky.outageAfterFailure.set(1);

        step(writer, 1000, true);
        assertThat(kafka.isPaused(0))
                .as("no more records while it is unknown whether the batch landed")
                .isTrue();
        assertThat(events).isEmpty();

        produce(15, 18);
        step(writer, 1000, true); // the catalog answers: the batch had landed
        assertThat(kafka.isPaused(0)).isFalse();
        step(writer, 1000, true);

        assertThat(ids(catalog.loadTable(ORDERS))).isEqualTo(range(0, 18));
        assertThat(events).containsExactly("committed 15", "committed 3");
    }

    @Test
    void commitInDoubtThatDidNotLandIsWrittenAgainOnceTheCatalogAnswers() {
        catalog.createTable(ORDERS, SCHEMA, PartitionSpec.unpartitioned());
        FlakyCatalog flaky = new FlakyCatalog(catalog);
        produce(0, 15);
        LakeWriter writer = start(writer(flaky, "w1", 1000));
        flaky.failures.set(1);
        flaky.landAnyway = false;
        flaky.outageAfterFailure.set(2);

        step(writer, 1000, true);
        step(writer, 1000, true); // still no answer
        assertThat(kafka.isPaused(0)).isTrue();
        step(writer, 1000, true); // no snapshot: the files go, the records are read again
        step(writer, 1000, true);

        Table table = catalog.loadTable(ORDERS);
        assertThat(ids(table)).isEqualTo(range(0, 15));
        assertThat(orphans(table, flaky)).isEmpty();
        assertThat(events).containsExactly("failed CommitStateUnknownException", "committed 15");
    }

    /**
     * The writer's catalog answers its view of the table, which ends at each branch's latest checkpoint. A commit whose
     * answer was lost, and on which another writer committed before the answer could be checked, is below that
     * checkpoint: only the whole history shows that it landed, and its files must stay.
     */
    @Test
    void aCommitInDoubtThatLandedBelowAnotherWritersCheckpointKeepsItsFiles() {
        catalog.createTable(ORDERS, SCHEMA, PartitionSpec.unpartitioned());
        FlakyCatalog flaky = new FlakyCatalog(catalog);
        flaky.writerView = true;
        produce(0, 15);
        LakeWriter writer = start(writer(flaky, "w1", 1000).wholeHistoryFrom(catalog));
        flaky.failures.set(1);
        flaky.landAnyway = true;
        flaky.outageAfterFailure.set(1);

        step(writer, 1000, true); // landed; the answer was lost, and the check cannot be made yet
        catalog.loadTable(ORDERS)
                .newFastAppend()
                .set(Checkpoint.OFFSETS, "{\"" + TOPIC + "\": {\"0\": 5, \"1\": 5, \"2\": 5}}")
                .set(Checkpoint.COMMIT_ID, "another-writer")
                .commit();
        step(writer, 1000, true);

        assertThat(ids(catalog.loadTable(ORDERS)))
                .as("every file the table references is still there")
                .isEqualTo(range(0, 15));
        assertThat(events).first().isEqualTo("committed 15");
    }

    @Test
    void aCommitRacingAnotherEnginesAppendIsRetriedAndLandsOnce() {
        Table table = catalog.createTable(ORDERS, SCHEMA, PartitionSpec.unpartitioned());
        FlakyCatalog flaky = new FlakyCatalog(catalog);
        produce(0, 9);
        LakeWriter writer = start(writer(flaky, "w1", 1000));
        flaky.conflicts.set(1); // another engine appended between our refresh and our commit

        step(writer, 1000, true);

        assertThat(ids(table)).isEqualTo(range(0, 9));
        assertThat(events).containsExactly("committed 9");
    }

    @Test
    void schemaChangeCarriedByANewerContractVersionIsPickedUpWithoutRestart() {
        Table table = catalog.createTable(ORDERS, SCHEMA, PartitionSpec.unpartitioned());
        kafka.append(0, "{\"id\": 1, \"category\": \"a\"}", table.schema().schemaId());
        LakeWriter writer = start(writer(catalog, "w1", 1000));
        step(writer, 1000, false);

        table.refresh(); // the writer committed record 1 at once
        table.updateSchema().addColumn("note", Types.StringType.get()).commit();
        kafka.append(
                0,
                "{\"id\": 2, \"category\": \"b\", \"note\": \"new\"}",
                table.schema().schemaId());
        step(writer, 1000, true);

        table.refresh();
        Map<Long, Object> notes = new HashMap<>();
        try (CloseableIterable<Record> rows = IcebergGenerics.read(table).build()) {
            rows.forEach(r -> notes.put((Long) r.getField("id"), r.getField("note")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(notes).containsEntry(2L, "new").containsKey(1L);
        assertThat(notes.get(1L)).isNull();
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void partitionedTableGetsOneFilePerPartitionValue() {
        Table table = catalog.createTable(
                ORDERS,
                SCHEMA,
                PartitionSpec.builderFor(SCHEMA).identity("category").build());
        produce(0, 10);
        LakeWriter writer = start(writer(catalog, "w1", 1000));
        step(writer, 1000, true);

        assertThat(ids(table)).isEqualTo(range(0, 10));
        assertThat(dataFiles(table))
                .extracting(f -> f.partition().get(0, String.class))
                .containsExactlyInAnyOrder("c0", "c1");
        assertThat(dataFiles(table)).allSatisfy(f -> {
            assertThat(f.recordCount()).isEqualTo(5);
            assertThat(f.lowerBounds()).as("column metrics").containsKey(1);
        });
    }

    @Test
    void recordThatDoesNotFitTheTableGoesToTheDeadLetterTopicAndTheRestIsWritten() throws Exception {
        Table table = catalog.createTable(ORDERS, SCHEMA, PartitionSpec.unpartitioned());
        kafka.append(0, "{\"id\": 1}");
        kafka.append(0, "{\"id\": null}");
        kafka.append(0, "not json");
        kafka.append(0, "{\"id\": 4}");
        LakeWriter writer = start(writer(catalog, "w1", 1000));
        step(writer, 1000, true);

        assertThat(ids(table)).containsExactly(1L, 4L);
        assertThat(deadLetters).hasSize(2);
        JsonNode letter = JSON.readTree(deadLetters.get(0));
        assertThat(letter.get("table").asText()).isEqualTo("sales.orders");
        assertThat(letter.get("stage").asText()).isEqualTo("lake-writer");
        assertThat(letter.get("topic").asText()).isEqualTo(TOPIC);
        assertThat(letter.get("partition").asInt()).isZero();
        assertThat(letter.get("offset").asLong()).isEqualTo(1);
        assertThat(letter.get("record").get("id").isNull()).isTrue();
        assertThat(letter.get("reasons").get(0).get("message").asText()).isEqualTo("/id: required field is null");
        assertThat(JSON.readTree(deadLetters.get(1)).get("raw").asText()).isEqualTo("not json");
        assertThat(Checkpoint.latest(((HasTableOperations) table).operations().current(), TOPIC)
                        .offsets())
                .containsEntry(0, 4L);
    }

    /** The ids on a branch of the table, sorted; empty when the branch does not exist. */
    static List<Long> ids(Table table, String branch) {
        table.refresh();
        SnapshotRef ref = table.refs().get(branch);
        if (ref == null) {
            return List.of();
        }
        List<Long> ids = new ArrayList<>();
        try (CloseableIterable<Record> rows =
                IcebergGenerics.read(table).useSnapshot(ref.snapshotId()).build()) {
            rows.forEach(r -> ids.add((Long) r.getField("id")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ids.sort(Long::compare);
        return ids;
    }

    @Test
    void aTableWithAnAuditBranchIsWrittenOnThatBranchAndMainStaysAsItWas() throws Exception {
        Table table = catalog.createTable(ORDERS, SCHEMA, PartitionSpec.unpartitioned());
        produce(0, 9);
        LakeWriter writer = start(writer(catalog, "w1", 1000));
        step(writer, 1000, true);
        long mainHead = table.currentSnapshot().snapshotId();

        table.updateProperties().set(TableSink.AUDIT_BRANCH, "audit").commit();
        produce(9, 21);
        step(writer, 1000, true);

        assertThat(ids(table)).as("main").isEqualTo(range(0, 9));
        assertThat(table.currentSnapshot().snapshotId()).isEqualTo(mainHead);
        assertThat(ids(table, "audit"))
                .as("the branch forks from main's head and holds the new batch")
                .isEqualTo(range(0, 21));
        Snapshot head = table.snapshot(table.refs().get("audit").snapshotId());
        assertThat(head.parentId()).isEqualTo(mainHead);
        assertThat(JSON.readTree(head.summary().get(Checkpoint.OFFSETS))
                        .get(TOPIC)
                        .get("0")
                        .asLong())
                .isEqualTo(7);
        assertThat(events).containsExactly("committed 9", "committed 12 on audit");
    }

    @Test
    void aBranchCreatedOnAnEmptyTableHoldsOnlyTheWritersSnapshots() {
        Table table = catalog.createTable(
                ORDERS, SCHEMA, PartitionSpec.unpartitioned(), Map.of(TableSink.AUDIT_BRANCH, "audit"));
        produce(0, 6);
        LakeWriter writer = start(writer(catalog, "w1", 1000));
        step(writer, 1000, true);

        assertThat(table.currentSnapshot()).as("main has no snapshot").isNull();
        assertThat(ids(table, "audit")).isEqualTo(range(0, 6));
        assertThat(table.snapshot(table.refs().get("audit").snapshotId()).parentId())
                .isNull();
    }

    @Test
    void aRestartResumesFromTheBranchsCheckpoint() {
        Table table = catalog.createTable(
                ORDERS, SCHEMA, PartitionSpec.unpartitioned(), Map.of(TableSink.AUDIT_BRANCH, "audit"));
        produce(0, 20);
        LakeWriter first = start(writer(catalog, "w1", 1000));
        step(first, 1000, true);
        produce(20, 30);
        step(first, 1000, false); // files written, then the process dies before the commit

        LakeWriter second = start(writer(catalog, "w2", 1000));
        step(second, 1000, true);

        assertThat(ids(table, "audit")).isEqualTo(range(0, 30));
        assertThat(ids(table)).isEmpty();
    }

    @Test
    void turningTheAuditBranchOffNeverWritesBranchOnlyRecordsAgain() {
        Table table = catalog.createTable(
                ORDERS, SCHEMA, PartitionSpec.unpartitioned(), Map.of(TableSink.AUDIT_BRANCH, "audit"));
        produce(0, 6);
        LakeWriter writer = start(writer(catalog, "w1", 1000));
        step(writer, 1000, true);
        produce(6, 12);
        step(writer, 1000, true);
        produce(12, 18);
        step(writer, 1000, true);
        // Publish the first and the third batch only: the second stays on the branch.
        List<Long> batches = new ArrayList<>();
        table.refresh();
        for (Snapshot s = table.snapshot(table.refs().get("audit").snapshotId());
                s != null;
                s = s.parentId() == null ? null : table.snapshot(s.parentId())) {
            batches.add(0, s.snapshotId());
        }
        table.manageSnapshots().cherrypick(batches.get(0)).commit();
        table.manageSnapshots().cherrypick(batches.get(2)).commit();
        assertThat(ids(table)).hasSize(12).doesNotContainAnyElementsOf(range(6, 12));

        table.updateProperties().remove(TableSink.AUDIT_BRANCH).commit();
        produce(18, 24);
        step(writer, 1000, true);
        LakeWriter restarted = start(writer(catalog, "w2", 1000));
        produce(24, 30);
        step(restarted, 1000, true);

        List<Long> expected = new ArrayList<>(range(0, 6));
        expected.addAll(range(12, 30));
        assertThat(ids(table))
                .as("main: published batches, then everything after")
                .isEqualTo(expected);
        assertThat(ids(table, "audit")).as("the branch keeps what it had").isEqualTo(range(0, 18));
    }

    @Test
    void aDeadLetterCarriesTheProducerContractVersionAndTraceOfItsRecord() throws Exception {
        catalog.createTable(ORDERS, SCHEMA, PartitionSpec.unpartitioned());
        kafka.append(0, "{\"id\": null}", 3, "orders-app", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        LakeWriter writer = start(writer(catalog, "w1", 1000));
        step(writer, 1000, true);

        assertThat(deadLetters).hasSize(1);
        DeadLetter letter = DeadLetterCodec.decode(deadLetters.get(0));
        assertThat(letter.stage()).isEqualTo(DeadLetter.Stage.LAKE_WRITER);
        assertThat(letter.producer()).isEqualTo("orders-app");
        assertThat(letter.contractVersion()).isEqualTo(3);
        assertThat(letter.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(letter.table()).isEqualTo("sales.orders");
        assertThat(letter.offset()).isZero();
    }

    @Test
    void tableCreatedAfterItsTopicIsPickedUpOnRetry() {
        produce(0, 6);
        LakeWriter writer = writer(catalog, "w1", 1000);
        kafka.reconnect();
        kafka.apply(writer.assign(TOPIC, kafka.partitions()));
        assertThat(kafka.isPaused(0)).isTrue();

        Table table = catalog.createTable(ORDERS, SCHEMA, PartitionSpec.unpartitioned());
        step(writer, 1000, true); // the retry opens the table and seeks
        step(writer, 1000, true);

        assertThat(ids(table)).isEqualTo(range(0, 6));
    }

    @Test
    void tableThatFailsToOpenIsAskedAgainAtDoublingIntervalsAndWrittenOnceItOpens() {
        Table table = catalog.createTable(ORDERS, SCHEMA, PartitionSpec.unpartitioned());
        produce(0, 6);
        AtomicInteger attempts = new AtomicInteger();
        AtomicBoolean unreachable = new AtomicBoolean(true);
        org.apache.iceberg.catalog.Catalog storageDown = new DelegatingCatalog(catalog) {
            @Override
            public Table loadTable(TableIdentifier identifier) {
                attempts.incrementAndGet();
                if (unreachable.get()) {
                    throw new org.apache.iceberg.exceptions.RuntimeIOException(
                            "Failed to get file system for path: s3://x");
                }
                return catalog.loadTable(identifier);
            }
        };
        LakeWriter writer = writer(storageDown, "w1", 1000, Duration.ofSeconds(5));
        kafka.reconnect();
        kafka.apply(writer.assign(TOPIC, kafka.partitions()));
        assertThat(kafka.isPaused(0)).isTrue();
        assertThat(attempts).hasValue(1);

        // Asked again after 5 s, then 10 s, then 20 s: never sooner.
        List<Integer> attemptsAt = new ArrayList<>();
        for (int second = 1; second <= 36; second++) {
            nanos.addAndGet(Duration.ofSeconds(1).toNanos());
            int before = attempts.get();
            kafka.apply(writer.tick());
            if (attempts.get() > before) {
                attemptsAt.add(second);
            }
        }
        assertThat(attemptsAt).containsExactly(5, 15, 35);
        assertThat(ids(table)).isEmpty();

        // A rebalance hands the partitions back meanwhile: that is no reason to ask sooner.
        kafka.apply(writer.revoke(TOPIC));
        kafka.apply(writer.assign(TOPIC, kafka.partitions()));
        assertThat(attempts).hasValue(4);
        assertThat(kafka.isPaused(0)).isTrue();

        unreachable.set(false);
        nanos.addAndGet(Duration.ofSeconds(40).toNanos());
        step(writer, 1000, true); // the retry opens the table and seeks
        step(writer, 1000, true);
        assertThat(ids(table)).isEqualTo(range(0, 6));
    }

    @Test
    void topicNamesMapToTables() {
        assertThat(LakeWriter.tableOf("tributary.ingest.sales.orders")).contains(ORDERS);
        assertThat(LakeWriter.tableOf("tributary.ingest.dlq")).isEmpty();
        assertThat(LakeWriter.tableOf("tributary.ingest.a.b.c")).isEmpty();
        assertThat(KafkaLakeWriter.INGEST_TOPICS
                        .matcher("tributary.ingest.sales.orders")
                        .matches())
                .isTrue();
        assertThat(KafkaLakeWriter.INGEST_TOPICS.matcher("tributary.ingest.dlq").matches())
                .isFalse();
        assertThat(KafkaLakeWriter.INGEST_TOPICS
                        .matcher("tributary.ingest.dlq.x")
                        .matches())
                .isTrue();
        assertThat(KafkaLakeWriter.INGEST_TOPICS.matcher("tributary.lineage").matches())
                .isFalse();
    }

    private static List<DataFile> dataFiles(Table table) {
        table.refresh();
        List<DataFile> files = new ArrayList<>();
        try (var tasks = table.newScan().includeColumnStats().planFiles()) {
            tasks.forEach(t -> files.add(t.file()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** Parquet files this catalog's tables wrote that no snapshot references but that still exist. */
    private static List<String> orphans(Table table, FlakyCatalog written) {
        List<String> referenced =
                dataFiles(table).stream().map(DataFile::location).toList();
        return written.writtenFiles.stream()
                .filter(location -> !referenced.contains(location) && exists(table, location))
                .toList();
    }

    private static boolean exists(Table table, String location) {
        try {
            return table.io().newInputFile(location).exists();
        } catch (org.apache.iceberg.exceptions.NotFoundException e) {
            return false;
        }
    }

    /**
     * A catalog whose tables record the data files they write and whose commits fail on demand: as a lost answer
     * (state unknown, landed or not) or as a race lost to another engine's append.
     */
    /** Everything but {@code loadTable} goes to the in-memory catalog. */
    private abstract static class DelegatingCatalog implements org.apache.iceberg.catalog.Catalog {
        final InMemoryCatalog delegate;

        DelegatingCatalog(InMemoryCatalog delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<TableIdentifier> listTables(Namespace namespace) {
            return delegate.listTables(namespace);
        }

        @Override
        public boolean dropTable(TableIdentifier identifier, boolean purge) {
            return delegate.dropTable(identifier, purge);
        }

        @Override
        public void renameTable(TableIdentifier from, TableIdentifier to) {
            delegate.renameTable(from, to);
        }
    }

    private static final class FlakyCatalog extends DelegatingCatalog {
        final AtomicInteger failures = new AtomicInteger();
        final AtomicInteger conflicts = new AtomicInteger();
        /** Refreshes that fail after a lost answer: the catalog went away with it. */
        final AtomicInteger outageAfterFailure = new AtomicInteger();

        private final AtomicInteger refreshFailures = new AtomicInteger();
        volatile boolean landAnyway;
        /** Answer the catalog's writer view: ref heads, and each branch's history back to its latest checkpoint. */
        volatile boolean writerView;

        final List<String> writtenFiles = new java.util.concurrent.CopyOnWriteArrayList<>();

        FlakyCatalog(InMemoryCatalog delegate) {
            super(delegate);
        }

        @Override
        public Table loadTable(TableIdentifier identifier) {
            Table table = delegate.loadTable(identifier);
            return new BaseTable(new FlakyOps(((HasTableOperations) table).operations(), identifier), table.name());
        }

        static TableMetadata view(TableMetadata whole) {
            java.util.Set<Long> keep = new java.util.HashSet<>();
            whole.refs().forEach((name, ref) -> {
                Snapshot snapshot = whole.snapshot(ref.snapshotId());
                keep.add(snapshot.snapshotId());
                while (ref.isBranch() && snapshot != null && !snapshot.summary().containsKey(Checkpoint.OFFSETS)) {
                    snapshot = snapshot.parentId() == null ? null : whole.snapshot(snapshot.parentId());
                    if (snapshot != null) {
                        keep.add(snapshot.snapshotId());
                    }
                }
            });
            List<Long> leftOut = whole.snapshots().stream()
                    .map(Snapshot::snapshotId)
                    .filter(id -> !keep.contains(id))
                    .toList();
            if (leftOut.isEmpty()) {
                return whole;
            }
            TableMetadata trimmed = TableMetadata.buildFrom(whole)
                    .setPreviousFileLocation(null)
                    .removeSnapshots(leftOut)
                    .build();
            return TableMetadata.buildFrom(trimmed)
                    .withMetadataLocation(whole.metadataFileLocation())
                    .discardChanges()
                    .build();
        }

        private final class FlakyOps implements TableOperations {
            private final TableOperations ops;
            private final TableIdentifier id;

            FlakyOps(TableOperations ops, TableIdentifier id) {
                this.ops = ops;
                this.id = id;
            }

            @Override
            public void commit(TableMetadata base, TableMetadata metadata) {
                if (writerView) {
                    // As the REST catalog does: the changes applied to its own whole metadata.
                    TableMetadata whole = ops.current();
                    if (!java.util.Objects.equals(base.metadataFileLocation(), whole.metadataFileLocation())) {
                        throw new org.apache.iceberg.exceptions.CommitFailedException("stale metadata");
                    }
                    TableMetadata.Builder applied = TableMetadata.buildFrom(whole);
                    metadata.changes().forEach(change -> change.applyTo(applied));
                    base = whole;
                    metadata = applied.build();
                }
                if (conflicts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    delegate.loadTable(id)
                            .newFastAppend()
                            .set("engine", "other")
                            .commit();
                }
                if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    if (landAnyway) {
                        ops.commit(base, metadata);
                    }
                    refreshFailures.set(outageAfterFailure.get());
                    throw new CommitStateUnknownException(new RuntimeException("connection reset"));
                }
                ops.commit(base, metadata);
            }

            @Override
            public TableMetadata current() {
                return writerView ? view(ops.current()) : ops.current();
            }

            @Override
            public TableMetadata refresh() {
                if (refreshFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw new org.apache.iceberg.exceptions.ServiceUnavailableException("catalog unavailable");
                }
                TableMetadata refreshed = ops.refresh();
                return writerView ? view(refreshed) : refreshed;
            }

            @Override
            public org.apache.iceberg.io.FileIO io() {
                org.apache.iceberg.io.FileIO io = ops.io();
                return new org.apache.iceberg.io.FileIO() {
                    @Override
                    public org.apache.iceberg.io.InputFile newInputFile(String path) {
                        return io.newInputFile(path);
                    }

                    @Override
                    public org.apache.iceberg.io.OutputFile newOutputFile(String path) {
                        if (path.endsWith(".parquet")) {
                            writtenFiles.add(path);
                        }
                        return io.newOutputFile(path);
                    }

                    @Override
                    public void deleteFile(String path) {
                        io.deleteFile(path);
                    }
                };
            }

            @Override
            public String metadataFileLocation(String fileName) {
                return ops.metadataFileLocation(fileName);
            }

            @Override
            public org.apache.iceberg.io.LocationProvider locationProvider() {
                return ops.locationProvider();
            }

            @Override
            public long newSnapshotId() {
                return ops.newSnapshotId();
            }
        }
    }
}
