package io.tributary.query.core;

import java.util.List;
import java.util.Objects;

/**
 * Read-only queries on one snapshot of a table, for governance's checks (quality rules, PII scans): they see the
 * stored values, with no masks and no row filters. Each query names the snapshot's rows as {@code {table}} and the
 * rows recent snapshots added as {@code {new_rows}}.
 *
 * @param snapshotId   the snapshot to read; null for the table's current one
 * @param newRowsAfter {@code {new_rows}} holds what the snapshots after this one (up to {@code snapshotId}) added;
 *                     null for what {@code snapshotId} itself added after its parent
 * @param maxRows      rows kept per query; more are cut and the result says so
 */
public record CheckRequest(TableName table, Long snapshotId, Long newRowsAfter, List<Query> queries, int maxRows) {

    public static final String TABLE_PLACEHOLDER = "{table}";
    public static final String NEW_ROWS_PLACEHOLDER = "{new_rows}";

    public CheckRequest {
        Objects.requireNonNull(table, "table");
        queries = List.copyOf(queries);
    }

    public record Query(String id, String sql) {
        public Query {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(sql, "sql");
        }
    }
}
