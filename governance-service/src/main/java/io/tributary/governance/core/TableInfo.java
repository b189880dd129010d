package io.tributary.governance.core;

import java.util.List;
import java.util.Optional;

/** What governance needs to know about a table from the catalog: its columns, their types and tags. */
public record TableInfo(TableRef ref, List<ColumnInfo> columns) {

    public TableInfo {
        columns = List.copyOf(columns);
    }

    public Optional<ColumnInfo> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public List<String> columnNames() {
        return columns.stream().map(ColumnInfo::name).toList();
    }
}
