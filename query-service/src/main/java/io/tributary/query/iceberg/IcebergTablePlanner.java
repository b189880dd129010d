package io.tributary.query.iceberg;

import io.tributary.query.core.AsOf;
import io.tributary.query.core.Caller;
import io.tributary.query.core.CheckPlanner;
import io.tributary.query.core.ColumnPredicate;
import io.tributary.query.core.QueryException;
import io.tributary.query.core.TableName;
import io.tributary.query.core.TablePlan;
import io.tributary.query.core.TablePlanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.exceptions.RESTException;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.SnapshotUtil;
import org.jboss.logging.Logger;

/**
 * Plans a table's snapshot with Iceberg's own scan planning, as the caller: Iceberg assigns each data file the delete
 * files that apply to it by the spec's sequence-number rules (position deletes up to and including the data file's
 * sequence number, equality deletes only above it), so the plan carries exactly those.
 */
public final class IcebergTablePlanner implements TablePlanner, CheckPlanner {

    private static final Logger LOG = Logger.getLogger(IcebergTablePlanner.class);
    /** A statement asks for a table's columns, then (after governance decides) for its plan: one load serves both. */
    private static final long STATEMENT_REUSE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private static final int MAX_LOADED = 256;
    private static final int MAX_PLANNED = 128;

    private final CatalogSource catalogs;
    private final FileLocator files;
    private final LinkedHashMap<Loaded, Load> loaded = new LinkedHashMap<>();
    private final LinkedHashMap<Planned, List<FileScanTask>> planned = new LinkedHashMap<>(16, 0.75f, true);

    public IcebergTablePlanner(CatalogSource catalogs, FileLocator files) {
        this.catalogs = catalogs;
        this.files = files;
    }

    @Override
    public List<TablePlan.PlanColumn> columns(Caller caller, TableName name, AsOf.Point asOf) {
        Table table = load(caller, name);
        Snapshot snapshot = snapshot(table, name, asOf);
        return columns(snapshot == null ? table.schema() : SnapshotUtil.schemaFor(table, snapshot.snapshotId()));
    }

    private static List<TablePlan.PlanColumn> columns(Schema schema) {
        List<TablePlan.PlanColumn> columns = new ArrayList<>();
        for (Types.NestedField field : schema.columns()) {
            columns.add(new TablePlan.PlanColumn(
                    field.fieldId(), field.name(), field.type().toString(), IcebergTypes.duckdb(field.type())));
        }
        return columns;
    }

    @Override
    public TablePlan plan(Caller caller, TableName name, AsOf.Point asOf, List<ColumnPredicate> prune) {
        long t0 = System.nanoTime();
        Table table = load(caller, name);
        long loadedNanos = System.nanoTime() - t0;
        Snapshot snapshot = snapshot(table, name, asOf);
        Schema schema = snapshot == null ? table.schema() : SnapshotUtil.schemaFor(table, snapshot.snapshotId());
        List<ScanFile> scanFiles =
                snapshot == null ? List.of() : scanFiles(table, name, snapshot, PruningFilter.of(schema, prune));
        TablePlan plan = plan(table, name, snapshot, schema, scanFiles);
        LOG.debugf(
                "Planned %s for %s: load %d ms, plan %d ms, %d files, columns by %s",
                name,
                caller,
                loadedNanos / 1_000_000,
                (System.nanoTime() - t0 - loadedNanos) / 1_000_000,
                plan.files().size(),
                plan.byName() ? "name" : "field id");
        return plan;
    }

    @Override
    public CheckPlans plan(Caller caller, TableName name, Long snapshotId, Long newRowsAfter) {
        Table table = load(caller, name);
        Snapshot snapshot = snapshotId == null ? table.currentSnapshot() : table.snapshot(snapshotId);
        if (snapshot == null) {
            throw new QueryException(
                    QueryException.Reason.UNKNOWN_SNAPSHOT,
                    snapshotId == null
                            ? "Table " + name + " has no snapshot yet."
                            : "Table " + name + " has no snapshot " + snapshotId + ".");
        }
        Schema schema = SnapshotUtil.schemaFor(table, snapshot.snapshotId());
        TablePlan whole = plan(
                table, name, snapshot, schema, scanFiles(table, name, snapshot, PruningFilter.of(schema, List.of())));
        Long after = newRowsAfter != null ? newRowsAfter : snapshot.parentId();
        List<Snapshot> appends = appendsSince(table, snapshot, after);
        if (appends == null) {
            return new CheckPlans(whole, whole, after, false);
        }
        List<ScanFile> added = new ArrayList<>();
        try {
            // Only appends in the range: no delete file written in it, and none written before applies to new files.
            for (Snapshot append : appends) {
                append.addedDataFiles(table.io()).forEach(file -> added.add(new ScanFile(file, List.of())));
            }
        } catch (RESTException e) {
            throw new QueryException(
                    QueryException.Reason.UNAVAILABLE, "The catalog cannot be reached to plan " + name + ".", e);
        }
        return new CheckPlans(whole, plan(table, name, snapshot, schema, added), after, true);
    }

    /**
     * The snapshots from {@code snapshot} back to {@code after} (exclusive; null: the table's first), or null when one
     * of them is not an append or {@code after} is not an ancestor.
     */
    private static List<Snapshot> appendsSince(Table table, Snapshot snapshot, Long after) {
        List<Snapshot> appends = new ArrayList<>();
        Snapshot current = snapshot;
        while (current != null && (after == null || current.snapshotId() != after)) {
            if (!DataOperations.APPEND.equals(current.operation())) {
                return null;
            }
            appends.add(current);
            Long parent = current.parentId();
            if (parent != null && after != null && parent.longValue() == after) {
                // Reached without asking for the parent: a table loaded with only its branches' and tags' snapshots
                // would otherwise load all of them for it.
                return appends;
            }
            current = parent == null ? null : table.snapshot(parent);
        }
        return current == null && after != null ? null : appends;
    }

    /** A data file to read with the delete files that apply to it. */
    private record ScanFile(DataFile file, List<DeleteFile> deletes) {}

    private List<ScanFile> scanFiles(Table table, TableName name, Snapshot snapshot, Expression filter) {
        try {
            return tasks(table, snapshot, filter).stream()
                    .map(task -> new ScanFile(task.file(), task.deletes()))
                    .toList();
        } catch (RESTException e) {
            throw new QueryException(
                    QueryException.Reason.UNAVAILABLE, "The catalog cannot be reached to plan " + name + ".", e);
        }
    }

    private TablePlan plan(Table table, TableName name, Snapshot snapshot, Schema schema, List<ScanFile> planned) {
        List<TablePlan.PlanColumn> columns = columns(schema);
        String unsupported = columns.stream()
                .filter(column -> column.engineType() == null)
                .findFirst()
                .map(column -> "column " + column.name() + " has type " + column.type() + ", which DuckDB cannot read")
                .orElse(null);
        if (snapshot == null) {
            return new TablePlan(name, null, columns, List.of(), unsupported, new TablePlan.PlanStats(0, 0, 0));
        }
        List<TablePlan.DataFileScan> scans = new ArrayList<>();
        List<Long> cleanSequenceNumbers = new ArrayList<>();
        int deleteFiles = 0;
        try {
            for (ScanFile task : planned) {
                if (task.file().format() != FileFormat.PARQUET && unsupported == null) {
                    unsupported = "a data file is " + task.file().format() + ", not Parquet";
                }
                List<TablePlan.DeleteFileRef> deletes = new ArrayList<>();
                for (DeleteFile delete : task.deletes()) {
                    deleteFiles++;
                    if (delete.format() != FileFormat.PARQUET && unsupported == null) {
                        unsupported = "the snapshot has deletion vectors or non-Parquet delete files";
                    }
                    if (unsupported != null) {
                        continue;
                    }
                    boolean equality = delete.content() == FileContent.EQUALITY_DELETES;
                    deletes.add(new TablePlan.DeleteFileRef(
                            equality ? TablePlan.DeleteFileRef.Kind.EQUALITY : TablePlan.DeleteFileRef.Kind.POSITION,
                            location(delete),
                            local(table, delete),
                            delete.fileSizeInBytes(),
                            equality ? delete.equalityFieldIds() : List.of()));
                }
                if (unsupported != null) {
                    continue;
                }
                if (deletes.isEmpty()) {
                    cleanSequenceNumbers.add(task.file().dataSequenceNumber());
                }
                scans.add(new TablePlan.DataFileScan(
                        location(task.file()),
                        local(table, task.file()),
                        task.file().fileSizeInBytes(),
                        task.file().recordCount(),
                        deletes));
            }
        } catch (RESTException e) {
            throw new QueryException(
                    QueryException.Reason.UNAVAILABLE, "The catalog cannot be reached to plan " + name + ".", e);
        }
        if (unsupported != null) {
            scans.clear();
        }
        int total = totalDataFiles(snapshot, scans.size());
        boolean byName = ColumnNames.exact(table, schema, cleanSequenceNumbers);
        return new TablePlan(
                name,
                snapshot.snapshotId(),
                columns,
                scans,
                unsupported,
                new TablePlan.PlanStats(scans.size(), Math.max(0, total - scans.size()), deleteFiles),
                byName);
    }

    /**
     * The snapshot's file tasks under a pruning filter. A snapshot's files never change, so planning it again with the
     * same filter is skipped; the caller's own load of the table has already passed the catalog's access check.
     */
    private List<FileScanTask> tasks(Table table, Snapshot snapshot, Expression filter) {
        UUID uuid = table.uuid();
        Planned key = uuid == null ? null : new Planned(uuid, snapshot.snapshotId(), filter.toString());
        synchronized (planned) {
            List<FileScanTask> hit = key == null ? null : planned.get(key);
            if (hit != null) {
                return hit;
            }
        }
        List<FileScanTask> tasks = new ArrayList<>();
        TableScan scan = table.newScan()
                .useSnapshot(snapshot.snapshotId())
                .caseSensitive(false)
                .filter(filter);
        try (CloseableIterable<FileScanTask> planning = scan.planFiles()) {
            planning.forEach(tasks::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (key == null) {
            return tasks;
        }
        synchronized (planned) {
            planned.put(key, List.copyOf(tasks));
            Iterator<List<FileScanTask>> eldest = planned.values().iterator();
            while (planned.size() > MAX_PLANNED && eldest.hasNext()) {
                eldest.next();
                eldest.remove();
            }
        }
        return tasks;
    }

    private record Planned(UUID table, long snapshotId, String filter) {}

    private String local(Table table, ContentFile<?> file) {
        return files.localPath(table.io(), location(file), file.fileSizeInBytes());
    }

    private static String location(ContentFile<?> file) {
        return file.location();
    }

    private static int totalDataFiles(Snapshot snapshot, int planned) {
        String total = snapshot.summary() == null ? null : snapshot.summary().get("total-data-files");
        try {
            return total == null ? planned : Integer.parseInt(total);
        } catch (NumberFormatException e) {
            return planned;
        }
    }

    /**
     * The table as the catalog gives it to this caller. Only the same request's caller (the same object) reuses a load,
     * so no statement ever reads metadata older than its own start.
     */
    private Table load(Caller caller, TableName name) {
        Loaded key = new Loaded(caller, name);
        long now = System.nanoTime();
        synchronized (loaded) {
            Load hit = loaded.get(key);
            if (hit != null && now - hit.at() < STATEMENT_REUSE_NANOS) {
                return hit.table();
            }
        }
        Table table = loadFromCatalog(caller, name);
        synchronized (loaded) {
            loaded.remove(key);
            loaded.put(key, new Load(table, now));
            Iterator<Load> oldest = loaded.values().iterator();
            while (oldest.hasNext() && loaded.size() > 1) {
                Load load = oldest.next();
                if (loaded.size() <= MAX_LOADED && now - load.at() < STATEMENT_REUSE_NANOS) {
                    break;
                }
                oldest.remove();
            }
        }
        return table;
    }

    /** A caller by identity: two requests of the same user are two callers. */
    private record Loaded(Caller caller, TableName table) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Loaded that && that.caller == caller && that.table.equals(table);
        }

        @Override
        public int hashCode() {
            return 31 * System.identityHashCode(caller) + table.hashCode();
        }
    }

    private record Load(Table table, long at) {}

    private Table loadFromCatalog(Caller caller, TableName name) {
        try {
            Catalog catalog = catalogs.catalogFor(caller);
            return catalog.loadTable(TableIdentifier.of(Namespace.of(name.namespace()), name.table()));
        } catch (NoSuchTableException e) {
            throw new QueryException(QueryException.Reason.UNKNOWN_TABLE, "Table " + name + " does not exist.");
        } catch (ForbiddenException e) {
            throw new QueryException(
                    QueryException.Reason.ACCESS_DENIED, "The catalog does not let you read " + name + ".");
        } catch (NotAuthorizedException e) {
            throw new QueryException(QueryException.Reason.ACCESS_DENIED, "The catalog did not accept your token.");
        } catch (RESTException e) {
            throw new QueryException(
                    QueryException.Reason.UNAVAILABLE, "The catalog cannot be reached to load " + name + ".", e);
        }
    }

    private static Snapshot snapshot(Table table, TableName name, AsOf.Point asOf) {
        if (asOf == null) {
            return table.currentSnapshot();
        }
        if (asOf.snapshotId() != null) {
            Snapshot snapshot = table.snapshot(asOf.snapshotId());
            if (snapshot == null) {
                throw new QueryException(
                        QueryException.Reason.INVALID_REQUEST,
                        "Table " + name + " has no snapshot " + asOf.snapshotId() + ".");
            }
            return snapshot;
        }
        try {
            return table.snapshot(
                    SnapshotUtil.snapshotIdAsOfTime(table, asOf.timestamp().toEpochMilli()));
        } catch (IllegalArgumentException e) {
            throw new QueryException(
                    QueryException.Reason.INVALID_REQUEST,
                    "Table " + name + " has no snapshot as of " + asOf.timestamp() + ".");
        }
    }
}
