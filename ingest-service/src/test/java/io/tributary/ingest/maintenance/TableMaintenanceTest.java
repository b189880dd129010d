package io.tributary.ingest.maintenance;

import static io.tributary.ingest.maintenance.LocalTables.row;
import static io.tributary.ingest.maintenance.LocalTables.rows;
import static io.tributary.ingest.maintenance.LocalTables.text;
import static io.tributary.ingest.maintenance.LocalTables.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.ingest.writer.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Maintenance on a real Iceberg catalog with real Parquet files: what each action removes, and above all what it must
 * keep (the lake writer's checkpoint, branch and tag heads, every row, files of a batch in flight).
 */
class TableMaintenanceTest {

    private static final MaintenancePolicy POLICY =
            new MaintenancePolicy(Duration.ofHours(1), 1, 128L * 1024 * 1024, 0.75, 5, 2000, 50, Duration.ofHours(24));

    @TempDir
    Path warehouse;

    /** The default policy with an admin request's overrides. */
    private static MaintenancePolicy with(String overrides) {
        try {
            return MaintenanceRequest.parse(new ObjectMapper().readTree(overrides))
                    .apply(POLICY);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private LocalTables tables;

    @BeforeEach
    void setUp() {
        tables = new LocalTables(warehouse);
    }

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    private static Clock inADay() {
        return at(Instant.now().plus(Duration.ofDays(1)));
    }

    private static TableMetadata metadata(Table table) {
        return ((HasTableOperations) table).operations().refresh();
    }

    private static boolean exists(Table table, String location) {
        return table.io().newInputFile(location).exists();
    }

    @Test
    void expiryKeepsTheLatestCheckpointAndEverythingAfterItAndDeletesOnlyFilesOfExpiredSnapshots() {
        Table table = tables.create("orders");
        DataFile f1 = write(table, List.of(row(1, "d1")));
        DataFile f2 = write(table, List.of(row(2, "d1")));
        DataFile f3 = write(table, List.of(row(3, "d1")));
        DataFile f4 = write(table, List.of(row(4, "d1")));
        long s1 = tables.writerAppend(table, f1);
        table.newDelete().deleteFile(f1).commit(); // another engine's delete: f1 is now only in s1's manifests
        LocalTables.pause();
        long s2 = table.currentSnapshot().snapshotId();
        long s3 = tables.writerAppend(table, f2);
        long checkpoint = tables.writerAppend(table, f3);
        long after1 = LocalTables.otherAppend(table, f4);
        long after2 = LocalTables.otherAppend(table, write(table, List.of(row(5, "d2"))));
        String expiredList = table.snapshot(s1).manifestListLocation();
        Checkpoint before = Checkpoint.latest(metadata(table), LocalTables.TOPIC);
        assertThat(before.snapshotId()).isEqualTo(checkpoint);

        MaintenanceReport report = new TableMaintenance(inADay())
                .run(id(), table, with("{\"older-than\": \"PT0S\"}"), Set.of(MaintenanceAction.EXPIRE_SNAPSHOTS));

        ActionResult expiry = report.actions().get(0);
        assertThat(expiry.outcome()).as(expiry.detail()).isEqualTo(ActionResult.Outcome.DONE);
        TableMetadata after = metadata(table);
        assertThat(after.snapshots())
                .extracting(Snapshot::snapshotId)
                .containsExactlyInAnyOrder(checkpoint, after1, after2);
        assertThat(expiry.figure(ActionResult.SNAPSHOTS_EXPIRED)).isEqualTo(3);
        assertThat(Checkpoint.latest(after, LocalTables.TOPIC)).isEqualTo(before);
        assertThat(exists(table, f1.location()))
                .as("file only expired snapshots held")
                .isFalse();
        assertThat(exists(table, expiredList)).isFalse();
        assertThat(List.of(f2, f3, f4))
                .allSatisfy(f -> assertThat(exists(table, f.location())).isTrue());
        assertThat(text(rows(table))).containsExactly("2|d1|row 2", "3|d1|row 3", "4|d1|row 4", "5|d2|row 5");
        assertThat(List.of(s2, s3))
                .allSatisfy(s -> assertThat(after.snapshot(s)).isNull());
    }

    @Test
    void expiryKeepsEachBranchsCheckpointAndBranchAndTagHeads() {
        Table table = tables.create("orders");
        long m1 = tables.writerAppend(table, write(table, List.of(row(1, "d1"))));
        table.manageSnapshots().createTag("v1", m1).commit();
        long m2 = tables.writerAppend(table, write(table, List.of(row(2, "d1"))));
        table.manageSnapshots().createBranch("audit", m2).commit();
        table.newAppend()
                .appendFile(write(table, List.of(row(3, "d1"))))
                .set(Checkpoint.OFFSETS, "{\"" + LocalTables.TOPIC + "\": {\"0\": 99}}")
                .set(Checkpoint.COMMIT_ID, "audit-commit")
                .toBranch("audit")
                .commit();
        LocalTables.pause();
        long b1 = metadata(table).ref("audit").snapshotId();
        long m3 = tables.writerAppend(table, write(table, List.of(row(4, "d1"))));
        long m4 = tables.writerAppend(table, write(table, List.of(row(5, "d1"))));
        table.newAppend()
                .appendFile(write(table, List.of(row(6, "d1"))))
                .toBranch("audit")
                .commit();
        LocalTables.pause();
        long b2 = metadata(table).ref("audit").snapshotId();
        Checkpoint before = Checkpoint.latest(metadata(table), LocalTables.TOPIC);

        MaintenanceReport report = new TableMaintenance(inADay())
                .run(id(), table, with("{\"older-than\": \"PT0S\"}"), Set.of(MaintenanceAction.EXPIRE_SNAPSHOTS));

        assertThat(report.failed()).isFalse();
        TableMetadata after = metadata(table);
        // b1 holds the audit branch's checkpoint: it and everything committed since stay; m2 before it goes.
        assertThat(after.snapshots()).extracting(Snapshot::snapshotId).containsExactlyInAnyOrder(m1, b1, m3, m4, b2);
        assertThat(after.snapshot(m2)).isNull();
        assertThat(after.ref("v1").snapshotId()).isEqualTo(m1);
        assertThat(after.ref("audit").snapshotId()).isEqualTo(b2);
        assertThat(Checkpoint.latest(after, LocalTables.TOPIC)).isEqualTo(before);
        assertThat(CheckpointGuard.checkpointSnapshots(after)).containsExactly(m4, b1);
    }

    @Test
    void expiryKeepsTheNewestSnapshotsOfATableThatStoppedReceivingRecords() {
        Table table = tables.create("orders");
        for (int i = 0; i < 6; i++) {
            LocalTables.otherAppend(table, write(table, List.of(row(i, "d1"))));
        }

        new TableMaintenance(inADay())
                .run(id(), table, with("{\"retain-last\": 4}"), Set.of(MaintenanceAction.EXPIRE_SNAPSHOTS));

        assertThat(metadata(table).snapshots()).hasSize(4);
        assertThat(rows(table)).hasSize(6);
    }

    @Test
    void compactionRewritesSmallFilesOfAPartitionAndKeepsEveryRow() throws IOException {
        Table table = tables.create("orders");
        for (int i = 0; i < 6; i++) {
            tables.writerAppend(table, write(table, List.of(row(i * 10, "d1"), row(i * 10 + 1, "d1"))));
        }
        tables.writerAppend(table, write(table, List.of(row(100, "d2"))), write(table, List.of(row(101, "d2"))));
        // A file an erasure deleted a row from is left alone.
        DataFile erased = write(table, List.of(row(200, "d1"), row(201, "d1")));
        tables.writerAppend(table, erased);
        table.newRowDelta().addDeletes(positionDelete(table, erased, 0)).commit();
        List<String> before = text(rows(table));
        Checkpoint checkpoint = Checkpoint.latest(metadata(table), LocalTables.TOPIC);

        MaintenanceReport report =
                new TableMaintenance(Clock.systemUTC()).run(id(), table, POLICY, Set.of(MaintenanceAction.COMPACT));

        ActionResult compaction = report.actions().get(0);
        assertThat(compaction.outcome()).as(compaction.detail()).isEqualTo(ActionResult.Outcome.DONE);
        assertThat(compaction.figures())
                .containsEntry(ActionResult.FILES_REWRITTEN, 6L)
                .containsEntry(ActionResult.FILES_ADDED, 1L)
                .containsEntry(ActionResult.ROWS_REWRITTEN, 12L)
                .containsEntry(ActionResult.FILES_SKIPPED_WITH_DELETES, 1L)
                .containsEntry(ActionResult.PARTITIONS_COMPACTED, 1L);
        assertThat(text(rows(table))).isEqualTo(before).hasSize(15);
        Map<String, Long> filesPerDay = dataFiles(table).stream()
                .collect(Collectors.groupingBy(f -> f.partition().get(0, String.class), Collectors.counting()));
        assertThat(filesPerDay).containsEntry("d1", 2L).containsEntry("d2", 2L);
        assertThat(dataFiles(table)).extracting(DataFile::location).contains(erased.location());
        assertThat(table.currentSnapshot().summary()).containsEntry(MaintenanceAction.SUMMARY_PROPERTY, "compact");
        assertThat(Checkpoint.latest(metadata(table), LocalTables.TOPIC)).isEqualTo(checkpoint);
    }

    @Test
    void anAppendDuringCompactionStillLands() {
        Table table = tables.create("orders");
        for (int i = 0; i < 5; i++) {
            tables.writerAppend(table, write(table, List.of(row(i, "d1"))));
        }
        Table writer = tables.catalog.loadTable(id());

        Step step =
                Compaction.run(table, POLICY, () -> tables.writerAppend(writer, write(writer, List.of(row(99, "d1")))));

        assertThat(step.outcome()).as(step.detail()).isEqualTo(ActionResult.Outcome.DONE);
        assertThat(text(rows(table)))
                .containsExactly("0|d1|row 0", "1|d1|row 1", "2|d1|row 2", "3|d1|row 3", "4|d1|row 4", "99|d1|row 99");
        assertThat(dataFiles(table)).hasSize(2);
        // The writer's checkpoint is still the one it committed last.
        Snapshot head = metadata(table).currentSnapshot();
        assertThat(head.summary()).containsEntry(MaintenanceAction.SUMMARY_PROPERTY, "compact");
        assertThat(Checkpoint.latest(metadata(table), LocalTables.TOPIC).snapshotId())
                .isEqualTo(head.parentId());
    }

    @Test
    void aDeleteDuringCompactionMakesItFailCleanly() throws IOException {
        Table table = tables.create("orders");
        List<DataFile> files = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            DataFile file = write(table, List.of(row(i, "d1")));
            files.add(file);
            tables.writerAppend(table, file);
        }
        Table eraser = tables.catalog.loadTable(id());
        long dataFilesOnDisk = parquetFiles();

        assertThatThrownBy(() -> Compaction.run(
                        table,
                        POLICY,
                        () -> eraser.newDelete().deleteFile(files.get(2)).commit()))
                .hasMessageContaining("Missing required files to delete");

        assertThat(text(rows(table))).containsExactly("0|d1|row 0", "1|d1|row 1", "3|d1|row 3", "4|d1|row 4");
        assertThat(parquetFiles()).as("the rewrite's own files are removed").isEqualTo(dataFilesOnDisk);
        MaintenanceReport next = new TableMaintenance(Clock.systemUTC())
                .run(id(), table, with("{\"min-small-files\": 4}"), Set.of(MaintenanceAction.COMPACT));
        assertThat(next.actions().get(0).outcome()).isEqualTo(ActionResult.Outcome.DONE);
        assertThat(text(rows(table))).containsExactly("0|d1|row 0", "1|d1|row 1", "3|d1|row 3", "4|d1|row 4");
    }

    @Test
    void manifestsAreRewrittenPastTheThreshold() {
        Table table = tables.create("orders");
        for (int i = 0; i < 8; i++) {
            tables.writerAppend(table, write(table, List.of(row(i, "d" + (i % 2)))));
        }
        assertThat(table.currentSnapshot().allManifests(table.io())).hasSize(8);

        MaintenanceReport report = new TableMaintenance(Clock.systemUTC())
                .run(id(), table, with("{\"max-manifests\": 4}"), Set.of(MaintenanceAction.REWRITE_MANIFESTS));

        ActionResult rewrite = report.actions().get(0);
        assertThat(rewrite.outcome()).as(rewrite.detail()).isEqualTo(ActionResult.Outcome.DONE);
        assertThat(rewrite.figures())
                .containsEntry(ActionResult.MANIFESTS_BEFORE, 8L)
                .containsEntry(ActionResult.MANIFESTS_AFTER, 1L)
                .containsEntry(ActionResult.MANIFESTS_REWRITTEN, 8L);
        assertThat(rows(table)).hasSize(8);

        MaintenanceReport again = new TableMaintenance(Clock.systemUTC())
                .run(id(), table, with("{\"max-manifests\": 4}"), Set.of(MaintenanceAction.REWRITE_MANIFESTS));
        assertThat(again.actions().get(0).outcome()).isEqualTo(ActionResult.Outcome.SKIPPED);
    }

    @Test
    void orphansYoungerThanTheSafetyAgeAreKeptAndOlderOnesRemoved() throws IOException {
        Table table = tables.create("orders");
        for (int i = 0; i < 3; i++) {
            tables.writerAppend(table, write(table, List.of(row(i, "d1"))));
        }
        // A batch file the writer has not committed yet, and a metadata file of a failed commit.
        DataFile inFlight = write(table, List.of(row(42, "d1")));
        Path stray = local(table.location()).resolve("metadata/00099-failed.metadata.json");
        Files.writeString(stray, "{}");
        long filesBefore = allFiles();

        MaintenanceReport now = new TableMaintenance(Clock.systemUTC())
                .run(id(), table, POLICY, Set.of(MaintenanceAction.REMOVE_ORPHANS));

        assertThat(now.actions().get(0).outcome())
                .as(now.actions().get(0).detail())
                .isEqualTo(ActionResult.Outcome.DONE);
        assertThat(now.actions().get(0).figures()).containsEntry(ActionResult.ORPHANS_REMOVED, 0L);
        assertThat(exists(table, inFlight.location())).isTrue();
        assertThat(allFiles()).isEqualTo(filesBefore);

        MaintenanceReport later =
                new TableMaintenance(inADay()).run(id(), table, POLICY, Set.of(MaintenanceAction.REMOVE_ORPHANS));

        assertThat(later.actions().get(0).figures()).containsEntry(ActionResult.ORPHANS_REMOVED, 2L);
        assertThat(exists(table, inFlight.location())).isFalse();
        assertThat(Files.exists(stray)).isFalse();
        assertThat(text(rows(table))).containsExactly("0|d1|row 0", "1|d1|row 1", "2|d1|row 2");
        TableMetadata metadata = metadata(table);
        for (Snapshot snapshot : metadata.snapshots()) {
            assertThat(exists(table, snapshot.manifestListLocation())).isTrue();
            snapshot.allManifests(table.io())
                    .forEach(m -> assertThat(exists(table, m.path())).isTrue());
        }
        metadata.previousFiles()
                .forEach(entry -> assertThat(exists(table, entry.file())).isTrue());
    }

    @Test
    void anOrphanAgeUnderAnHourIsRefused() {
        assertThatThrownBy(() -> new MaintenancePolicy(
                        Duration.ofHours(1), 1, 128L * 1024 * 1024, 0.75, 5, 2000, 50, Duration.ofMinutes(59)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least PT1H");
    }

    @Test
    void theTablesOwnPropertiesOverrideTheDefaults() {
        MaintenancePolicy policy = POLICY.forTable(Map.of(
                "history.expire.max-snapshot-age-ms", "600000",
                "history.expire.min-snapshots-to-keep", "3",
                "write.target-file-size-bytes", "1000"));
        assertThat(policy.maxSnapshotAge()).isEqualTo(Duration.ofMinutes(10));
        assertThat(policy.minSnapshotsToKeep()).isEqualTo(3);
        assertThat(policy.smallFileBytes()).isEqualTo(750);
        assertThat(POLICY.forTable(Map.of("history.expire.min-snapshots-to-keep", "many")))
                .isEqualTo(POLICY);
    }

    @Test
    void aTableThatFailsDoesNotStopTheOthers() throws IOException {
        Table broken = tables.create("broken");
        Table fine = tables.create("fine");
        for (int i = 0; i < 5; i++) {
            DataFile file = write(broken, List.of(row(i, "d1")));
            tables.writerAppend(broken, file);
            if (i == 0) {
                Files.delete(local(file.location()));
            }
            tables.writerAppend(fine, write(fine, List.of(row(i, "d1"))));
        }
        List<MaintenanceReport> reports = new ArrayList<>();
        CatalogMaintenance maintenance = new CatalogMaintenance(
                tables.catalog,
                POLICY,
                Duration.ofHours(24),
                Duration.ofHours(1),
                new QuietTables(),
                Clock.systemUTC(),
                reports::add);

        CatalogMaintenance.Pass pass = maintenance.runOnce(() -> false);

        assertThat(pass.tables()).isEqualTo(2);
        assertThat(pass.failed()).isEqualTo(1);
        MaintenanceReport fineReport = reports.stream()
                .filter(r -> r.table().name().equals("fine"))
                .findFirst()
                .orElseThrow();
        assertThat(fineReport.result(MaintenanceAction.COMPACT).orElseThrow().outcome())
                .isEqualTo(ActionResult.Outcome.DONE);
        assertThat(dataFiles(tables.catalog.loadTable(TableIdentifier.of("shop", "fine"))))
                .hasSize(1);
        MaintenanceReport brokenReport = reports.stream()
                .filter(r -> r.table().name().equals("broken"))
                .findFirst()
                .orElseThrow();
        assertThat(brokenReport.result(MaintenanceAction.COMPACT).orElseThrow().outcome())
                .isEqualTo(ActionResult.Outcome.FAILED);
        assertThat(brokenReport.result(MaintenanceAction.EXPIRE_SNAPSHOTS)).isPresent();
    }

    private static TableIdentifier id() {
        return TableIdentifier.of("shop", "orders");
    }

    private static List<DataFile> dataFiles(Table table) {
        table.refresh();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            return StreamSupport.stream(tasks.spliterator(), false)
                    .map(FileScanTask::file)
                    .toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A real position delete file, as an erasure writes it. */
    private static DeleteFile positionDelete(Table table, DataFile file, long position) throws IOException {
        PositionDeleteWriter<Record> writer = Parquet.writeDeletes(
                        table.io().newOutputFile(file.location().replace(".parquet", "-deletes.parquet")))
                .withSpec(table.spec())
                .withPartition(file.partition())
                // Full bounds of file_path: planning then applies it to that one data file only.
                .metricsConfig(MetricsConfig.forPositionDelete(table))
                .overwrite()
                .buildPositionWriter();
        try (writer) {
            writer.write(PositionDelete.<Record>create().set(file.location(), position, null));
        }
        return writer.toDeleteFile();
    }

    private static Path local(String location) {
        return Path.of(
                location.startsWith("file:") ? java.net.URI.create(location).getPath() : location);
    }

    private long parquetFiles() throws IOException {
        try (var walk = Files.walk(warehouse)) {
            return walk.filter(p -> p.toString().endsWith(".parquet")).count();
        }
    }

    private long allFiles() throws IOException {
        try (var walk = Files.walk(warehouse)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }
}
