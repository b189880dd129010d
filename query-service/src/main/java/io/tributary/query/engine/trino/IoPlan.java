package io.tributary.query.engine.trino;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.query.core.TableName;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code EXPLAIN (TYPE IO, FORMAT JSON)} says a statement reads and writes, in one catalog: its tables and the
 * columns its plan constrains (Trino lists a column only when the plan filters on it).
 *
 * @param written the table a write goes to, or null for a read
 */
public record IoPlan(List<TableName> read, List<String> constrainedColumns, TableName written) {

    public IoPlan {
        read = List.copyOf(read);
        constrainedColumns = List.copyOf(constrainedColumns);
    }

    public static final IoPlan UNKNOWN = new IoPlan(List.of(), List.of(), null);

    public static IoPlan parse(JsonNode plan, String catalog) {
        Set<TableName> read = new LinkedHashSet<>();
        Set<String> columns = new LinkedHashSet<>();
        for (JsonNode input : plan.path("inputTableColumnInfos")) {
            TableName table = table(input.path("table"), catalog);
            if (table == null) {
                continue;
            }
            read.add(table);
            for (JsonNode constraint : input.path("constraint").path("columnConstraints")) {
                String column = constraint.path("columnName").asText(null);
                if (column != null) {
                    columns.add(table + "." + column);
                }
            }
        }
        TableName written = table(plan.path("outputTable"), catalog);
        return new IoPlan(List.copyOf(read), List.copyOf(columns), written);
    }

    /** Every table the statement reads or writes. */
    public List<TableName> tables() {
        Set<TableName> all = new LinkedHashSet<>(read);
        if (written != null) {
            all.add(written);
        }
        return List.copyOf(all);
    }

    private static TableName table(JsonNode table, String catalog) {
        JsonNode schemaTable = table.path("schemaTable");
        if (!schemaTable.isObject()
                || !catalog.equalsIgnoreCase(table.path("catalog").asText(catalog))) {
            return null;
        }
        String schema = schemaTable.path("schema").asText(null);
        String name = schemaTable.path("table").asText(null);
        return schema == null || name == null ? null : new TableName(schema, name);
    }
}
