package io.tributary.ingest.maintenance;

import io.tributary.contracts.events.Uuid7;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.parquet.Parquet;

/**
 * Rewrites the small Parquet data files of a partition into fewer files near the target size, rows unchanged. Files
 * with delete files applied to them (an erasure's deletes) are left alone. The commit is validated from the snapshot
 * the rewrite was planned on: the writer's appends meanwhile land beside it, a delete of a rewritten file makes it
 * fail, and the files it wrote are removed.
 */
final class Compaction {

    /** Whole-commit attempts when the table keeps moving beyond Iceberg's own retries (a commit every second). */
    static final int COMMIT_ATTEMPTS = 4;

    private Compaction() {}

    private record Group(PartitionSpec spec, StructLike partition, List<DataFile> files) {}

    static Step run(Table table, MaintenancePolicy policy) {
        return run(table, policy, () -> {});
    }

    /** {@code beforeCommit} runs between writing the new files and committing them (tests race it). */
    static Step run(Table table, MaintenancePolicy policy, Runnable beforeCommit) {
        TableMetadata metadata = ((HasTableOperations) table).operations().refresh();
        Map<String, Long> figures = new LinkedHashMap<>();
        Snapshot base = metadata.currentSnapshot();
        if (base == null) {
            return Step.skipped("the table has no snapshot", figures);
        }
        long small = policy.smallFileBytes();
        Map<String, Group> groups = new TreeMap<>();
        long withDeletes = 0;
        try (CloseableIterable<FileScanTask> tasks =
                table.newScan().useSnapshot(base.snapshotId()).planFiles()) {
            for (FileScanTask task : tasks) {
                if (task.file().fileSizeInBytes() >= small || task.file().format() != FileFormat.PARQUET) {
                    continue;
                }
                if (!task.deletes().isEmpty()) {
                    withDeletes++;
                    continue;
                }
                DataFile file = task.file().copy();
                PartitionSpec spec = metadata.spec(file.specId());
                String key = file.specId() + "/" + spec.partitionToPath(file.partition());
                groups.computeIfAbsent(key, k -> new Group(spec, file.partition(), new ArrayList<>()))
                        .files()
                        .add(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        figures.put(ActionResult.FILES_SKIPPED_WITH_DELETES, withDeletes);
        List<Group> due = new ArrayList<>();
        int budget = policy.maxCompactedFiles();
        for (Group group : groups.values()) {
            if (group.files().size() >= policy.minSmallFiles() && budget >= 2) {
                List<DataFile> files =
                        group.files().subList(0, Math.min(budget, group.files().size()));
                due.add(new Group(group.spec(), group.partition(), List.copyOf(files)));
                budget -= files.size();
            }
        }
        if (due.isEmpty()) {
            return Step.skipped(
                    "no partition has " + policy.minSmallFiles() + " data files under " + small + " bytes", figures);
        }
        List<DataFile> removed = new ArrayList<>();
        List<DataFile> added = new ArrayList<>();
        long rows = 0;
        try {
            for (Group group : due) {
                rows += rewrite(table, metadata.schema(), group, policy.targetFileSizeBytes(), added);
                removed.addAll(group.files());
            }
        } catch (RuntimeException e) {
            deleteQuietly(table, added);
            throw e;
        }
        try {
            beforeCommit.run();
        } catch (RuntimeException e) {
            deleteQuietly(table, added);
            throw e;
        }
        commit(table, base, removed, added);
        figures.put(ActionResult.PARTITIONS_COMPACTED, (long) due.size());
        figures.put(ActionResult.FILES_REWRITTEN, (long) removed.size());
        figures.put(ActionResult.FILES_ADDED, (long) added.size());
        figures.put(ActionResult.ROWS_REWRITTEN, rows);
        return Step.done("planned on snapshot " + base.snapshotId(), figures);
    }

    /** Copies the group's rows into new files of at most about the target size; answers the rows copied. */
    private static long rewrite(Table table, Schema schema, Group group, long targetBytes, List<DataFile> added) {
        OutputFileFactory files = OutputFileFactory.builderFor(table, 1, System.currentTimeMillis())
                .format(FileFormat.PARQUET)
                .operationId(Uuid7.next().toString())
                .build();
        long expected = group.files().stream().mapToLong(DataFile::recordCount).sum();
        long copied = 0;
        DataWriter<Record> writer = null;
        try {
            for (DataFile file : group.files()) {
                try (CloseableIterable<Record> rows = Parquet.read(table.io().newInputFile(file.location()))
                        .project(schema)
                        .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(schema, fileSchema))
                        .build()) {
                    for (Record row : rows) {
                        if (writer == null) {
                            writer = newWriter(table, schema, group, files);
                        }
                        writer.write(row);
                        copied++;
                        if (copied % 1000 == 0 && writer.length() >= targetBytes) {
                            added.add(close(writer));
                            writer = null;
                        }
                    }
                }
            }
            if (writer != null) {
                added.add(close(writer));
                writer = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot rewrite data files of " + table.name(), e);
        } finally {
            if (writer != null) {
                try {
                    added.add(close(writer));
                } catch (RuntimeException ignored) {
                    // the rewrite failed already; its files are deleted by the caller
                }
            }
        }
        if (copied != expected) {
            throw new IllegalStateException("read " + copied + " rows from files whose metadata counts " + expected
                    + "; nothing was committed");
        }
        return copied;
    }

    private static DataWriter<Record> newWriter(Table table, Schema schema, Group group, OutputFileFactory files)
            throws IOException {
        boolean unpartitioned = group.spec().isUnpartitioned();
        return Parquet.writeData(
                        unpartitioned ? files.newOutputFile() : files.newOutputFile(group.spec(), group.partition()))
                .schema(schema)
                .createWriterFunc(GenericParquetWriter::create)
                .setAll(table.properties())
                .metricsConfig(MetricsConfig.forTable(table))
                .withSpec(group.spec())
                .withPartition(unpartitioned ? null : group.partition())
                .overwrite()
                .build();
    }

    private static DataFile close(DataWriter<Record> writer) {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return writer.toDataFile();
    }

    private static void commit(Table table, Snapshot base, List<DataFile> removed, List<DataFile> added) {
        for (int attempt = 1; ; attempt++) {
            try {
                RewriteFiles rewrite = table.newRewrite().validateFromSnapshot(base.snapshotId());
                if (((HasTableOperations) table).operations().current().formatVersion() >= 2) {
                    // The new files take the planned snapshot's sequence number: equality deletes committed since
                    // then still apply to their rows.
                    rewrite.dataSequenceNumber(base.sequenceNumber());
                }
                removed.forEach(rewrite::deleteFile);
                added.forEach(rewrite::addFile);
                rewrite.set(MaintenanceAction.SUMMARY_PROPERTY, MaintenanceAction.COMPACT.wireName())
                        .commit();
                return;
            } catch (CommitStateUnknownException e) {
                // It may have landed: its files must stay (orphan removal takes them should it not have).
                throw e;
            } catch (CommitFailedException e) {
                if (attempt >= COMMIT_ATTEMPTS) {
                    deleteQuietly(table, added);
                    throw e;
                }
                table.refresh();
            } catch (RuntimeException e) {
                // a validation failure (a rewritten file was deleted meanwhile) or the catalog refused it
                deleteQuietly(table, added);
                throw e;
            }
        }
    }

    private static void deleteQuietly(Table table, List<DataFile> files) {
        for (DataFile file : files) {
            try {
                table.io().deleteFile(file.location());
            } catch (RuntimeException e) {
                // left for orphan removal
            }
        }
    }
}
