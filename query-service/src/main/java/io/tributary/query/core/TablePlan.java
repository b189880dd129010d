package io.tributary.query.core;

import java.util.List;
import java.util.Optional;

/**
 * One table's snapshot as planned for a statement: its columns, the data files to scan (each with the delete files
 * that apply to it under the Iceberg spec's sequence-number rules), and what the planning pruned.
 *
 * @param snapshotId  the snapshot read; null for a table without snapshots
 * @param unsupported why the embedded engine cannot read this snapshot exactly (a deletion vector, a type), or null
 * @param byName      every planned data file names each column as the snapshot's schema does (no field ever renamed,
 *                    no name re-used, no type changed), so the engine may map Parquet columns by name, not field id
 */
public record TablePlan(
        TableName table,
        Long snapshotId,
        List<PlanColumn> columns,
        List<DataFileScan> files,
        String unsupported,
        PlanStats stats,
        boolean byName) {

    public TablePlan {
        columns = List.copyOf(columns);
        files = List.copyOf(files);
    }

    public TablePlan(
            TableName table,
            Long snapshotId,
            List<PlanColumn> columns,
            List<DataFileScan> files,
            String unsupported,
            PlanStats stats) {
        this(table, snapshotId, columns, files, unsupported, stats, false);
    }

    public Optional<String> unsupportedReason() {
        return Optional.ofNullable(unsupported);
    }

    public long bytes() {
        return files.stream()
                .mapToLong(f -> f.sizeBytes()
                        + f.deletes().stream()
                                .mapToLong(DeleteFileRef::sizeBytes)
                                .sum())
                .sum();
    }

    /**
     * A top-level column, by the Iceberg field id that maps it to Parquet columns across renames.
     *
     * @param type       the Iceberg type ({@code decimal(10,2)}, {@code timestamptz}, ...)
     * @param engineType the embedded engine's type for it, or null when it has none
     */
    public record PlanColumn(int fieldId, String name, String type, String engineType) {}

    /**
     * A data file to scan.
     *
     * @param location  where the table's metadata says it is
     * @param localPath where the engine reads it (the same file on local disk, or its copy in the local cache)
     */
    public record DataFileScan(
            String location, String localPath, long sizeBytes, long records, List<DeleteFileRef> deletes) {

        public DataFileScan {
            deletes = List.copyOf(deletes);
        }
    }

    /**
     * A delete file that applies to a data file.
     *
     * @param equalityFieldIds for an equality delete file, the field ids its rows compare on; empty for a position one
     */
    public record DeleteFileRef(
            Kind kind, String location, String localPath, long sizeBytes, List<Integer> equalityFieldIds) {

        public enum Kind {
            POSITION,
            EQUALITY
        }

        public DeleteFileRef {
            equalityFieldIds = List.copyOf(equalityFieldIds);
        }
    }

    /** How much planning kept and pruned. */
    public record PlanStats(int filesPlanned, int filesPruned, int deleteFiles) {}
}
