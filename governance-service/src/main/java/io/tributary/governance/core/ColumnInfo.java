package io.tributary.governance.core;

import io.tributary.governance.core.expr.SqlType;
import java.util.List;

/** A top-level column of a table, with its type and the catalog's column tags. */
public record ColumnInfo(String name, SqlType type, List<String> tags) {
    public ColumnInfo {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
