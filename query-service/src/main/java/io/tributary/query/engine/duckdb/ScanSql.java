package io.tributary.query.engine.duckdb;

import io.tributary.query.core.QueryException;
import io.tributary.query.core.TableAccess;
import io.tributary.query.core.TablePlan;
import io.tributary.query.core.TablePlan.DataFileScan;
import io.tributary.query.core.TablePlan.DeleteFileRef;
import io.tributary.query.core.TablePlan.PlanColumn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The DuckDB SQL that reads a planned snapshot exactly: Parquet columns mapped by name when the plan says the names
 * are exact (DuckDB plans joins far better that way), else by Iceberg field id (so renamed columns read right); each
 * data file's position deletes joined on its row numbers, its equality deletes
 * compared on their fields; and the governed view over it, with masks, the row filter and only allowed columns.
 */
public final class ScanSql {

    private ScanSql() {}

    /** The raw scan of a table's snapshot, with every column under its current name. */
    public static String scan(TablePlan plan) {
        return scan(plan, plan.byName());
    }

    /**
     * @param byName map the files without deletes by column name (only exact when {@link TablePlan#byName()}); files
     *               read one by one for their deletes are always mapped by field id
     */
    static String scan(TablePlan plan, boolean byName) {
        List<PlanColumn> columns = plan.columns();
        String schema = schemaMap(columns);
        String projection = columns.stream().map(c -> "d." + ident(c.name())).collect(Collectors.joining(", "));
        List<String> parts = new ArrayList<>();
        List<DataFileScan> clean =
                plan.files().stream().filter(f -> f.deletes().isEmpty()).toList();
        if (!clean.isEmpty() && byName) {
            // union_by_name gives NULL for a column a file predates; a cast to the column's own type is a no-op.
            String named = columns.stream()
                    .map(c -> "CAST(d." + ident(c.name()) + " AS " + c.engineType() + ") AS " + ident(c.name()))
                    .collect(Collectors.joining(", "));
            parts.add("SELECT " + named + " FROM read_parquet("
                    + list(clean.stream().map(DataFileScan::localPath).toList()) + ", union_by_name = true) AS d");
        } else if (!clean.isEmpty()) {
            parts.add("SELECT " + projection + " FROM read_parquet("
                    + list(clean.stream().map(DataFileScan::localPath).toList()) + ", schema := " + schema + ") AS d");
        }
        for (DataFileScan file : plan.files()) {
            if (file.deletes().isEmpty()) {
                continue;
            }
            parts.add("SELECT " + projection + " FROM read_parquet(" + list(List.of(file.localPath())) + ", schema := "
                    + schema + ", file_row_number = true) AS d WHERE " + deleteConditions(plan, file));
        }
        if (parts.isEmpty()) {
            return "SELECT "
                    + columns.stream()
                            .map(c -> "CAST(NULL AS " + c.engineType() + ") AS " + ident(c.name()))
                            .collect(Collectors.joining(", "))
                    + " WHERE false";
        }
        return String.join("\nUNION ALL\n", parts);
    }

    /**
     * The governed view's body: the allowed columns in table order, masked ones replaced by their mask, rows through
     * the row filter (which sees the unmasked values).
     */
    public static String governedView(TablePlan plan, TableAccess access) {
        return governedView(plan, access, plan.byName());
    }

    static String governedView(TablePlan plan, TableAccess access, boolean byName) {
        Map<String, TableAccess.ColumnAccess> allowed = new LinkedHashMap<>();
        access.columns().forEach(column -> allowed.put(column.name(), column));
        List<String> select = new ArrayList<>();
        for (PlanColumn column : plan.columns()) {
            TableAccess.ColumnAccess rule = allowed.get(column.name());
            if (rule == null) {
                continue;
            }
            select.add(rule.masked() ? "(" + rule.mask() + ") AS " + ident(column.name()) : ident(column.name()));
        }
        if (select.isEmpty()) {
            throw new QueryException(
                    QueryException.Reason.ACCESS_DENIED, "No column of " + plan.table() + " is visible to you.");
        }
        String filter = access.rowFilter() == null || access.rowFilter().isBlank()
                ? ""
                : "\nWHERE (" + access.rowFilter() + ")";
        return "SELECT " + String.join(", ", select) + " FROM (\n" + scan(plan, byName) + "\n) AS t" + filter;
    }

    private static String deleteConditions(TablePlan plan, DataFileScan file) {
        List<String> conditions = new ArrayList<>();
        List<String> positions = file.deletes().stream()
                .filter(d -> d.kind() == DeleteFileRef.Kind.POSITION)
                .map(DeleteFileRef::localPath)
                .toList();
        if (!positions.isEmpty()) {
            conditions.add("NOT EXISTS (SELECT 1 FROM read_parquet(" + list(positions) + ") AS p WHERE p.file_path = "
                    + literal(file.location()) + " AND p.pos = d.file_row_number)");
        }
        Map<List<Integer>, List<String>> equality = new LinkedHashMap<>();
        file.deletes().stream()
                .filter(d -> d.kind() == DeleteFileRef.Kind.EQUALITY)
                .forEach(d -> equality.computeIfAbsent(d.equalityFieldIds(), key -> new ArrayList<>())
                        .add(d.localPath()));
        equality.forEach((fieldIds, paths) -> {
            List<PlanColumn> keys =
                    fieldIds.stream().map(id -> column(plan, id)).toList();
            String match = keys.stream()
                    .map(c -> "e." + ident(c.name()) + " IS NOT DISTINCT FROM d." + ident(c.name()))
                    .collect(Collectors.joining(" AND "));
            conditions.add("NOT EXISTS (SELECT 1 FROM read_parquet(" + list(paths) + ", schema := " + schemaMap(keys)
                    + ") AS e WHERE " + match + ")");
        });
        return String.join(" AND ", conditions);
    }

    private static PlanColumn column(TablePlan plan, int fieldId) {
        return plan.columns().stream()
                .filter(c -> c.fieldId() == fieldId)
                .findFirst()
                .orElseThrow(() -> new QueryException(
                        QueryException.Reason.UNSUPPORTED,
                        "An equality delete of " + plan.table()
                                + " compares on a field that is not a top-level column."));
    }

    private static String schemaMap(List<PlanColumn> columns) {
        return columns.stream()
                .map(c -> c.fieldId() + ": {name: " + literal(c.name()) + ", type: " + literal(c.engineType())
                        + ", default_value: NULL}")
                .collect(Collectors.joining(", ", "MAP {", "}"));
    }

    private static String list(List<String> paths) {
        return paths.stream().map(ScanSql::literal).collect(Collectors.joining(", ", "[", "]"));
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
