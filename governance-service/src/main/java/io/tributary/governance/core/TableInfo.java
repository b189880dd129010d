package io.tributary.governance.core;

import java.util.List;
import java.util.Optional;

/**
 * What governance needs to know about a table from the catalog: its columns, their types and tags, and the
 * {@code producers} of its ingest contract, which are INSERT grants on it ({@link ContractProducers}), and the
 * contract's record {@code key} columns (empty when it names none), which identify a row in quality samples.
 */
public record TableInfo(TableRef ref, List<ColumnInfo> columns, List<String> producers, List<String> key) {

    public TableInfo {
        columns = List.copyOf(columns);
        producers = producers == null ? List.of() : List.copyOf(producers);
        key = key == null ? List.of() : List.copyOf(key);
    }

    public TableInfo(TableRef ref, List<ColumnInfo> columns, List<String> producers) {
        this(ref, columns, producers, List.of());
    }

    /** A table whose contract names no producers. */
    public TableInfo(TableRef ref, List<ColumnInfo> columns) {
        this(ref, columns, List.of());
    }

    public Optional<ColumnInfo> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public List<String> columnNames() {
        return columns.stream().map(ColumnInfo::name).toList();
    }
}
