package io.tributary.governance.core.lake;

import io.tributary.governance.core.TableRef;
import java.util.List;
import java.util.Objects;

/**
 * Read-only SQL on one snapshot of a table, through query-service's checks endpoint, with the true values (no masks or
 * row filters: the checks and the PII scan must see what is stored). A query's SQL names the table as
 * {@code {table}} (every row of the snapshot) and the new rows as {@code {new_rows}} (the rows the snapshots after
 * {@code newRowsAfter}, up to {@code snapshotId}, added; with no {@code newRowsAfter}, the rows {@code snapshotId}
 * itself added).
 */
public interface LakeReads {

    Answer run(TableRef table, long snapshotId, Long newRowsAfter, List<Query> queries)
            throws LakeReadsUnavailableException;

    record Query(String id, String sql) {
        public Query {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(sql, "sql");
        }
    }

    /**
     * @param newRowsExact false when a snapshot in the range rewrote or deleted rows, so {@code {new_rows}} was the
     *                     whole table
     */
    record Answer(long snapshotId, boolean newRowsExact, List<Result> results) {
        public Answer {
            results = List.copyOf(results);
        }

        public Result result(String id) {
            return results.stream()
                    .filter(r -> r.id().equals(id))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no result for query " + id));
        }
    }

    /** One query's rows (values as JSON scalars: strings, numbers, booleans, null), or its error. */
    record Result(
            String id,
            List<String> columns,
            List<List<Object>> rows,
            boolean truncated,
            String error,
            long durationMillis) {
        public Result {
            columns = columns == null ? List.of() : List.copyOf(columns);
            rows = rows == null ? List.of() : rows;
        }

        public boolean failed() {
            return error != null;
        }
    }
}
