package io.tributary.query.core;

import java.util.List;

/**
 * What a batch of checks found: one result per query, in the request's order.
 *
 * @param newRows what {@code {new_rows}} held
 */
public record CheckAnswer(TableName table, long snapshotId, NewRows newRows, List<Result> results) {

    public CheckAnswer {
        results = List.copyOf(results);
    }

    /**
     * @param after     the snapshot {@code {new_rows}} starts after (exclusive); null from the table's first snapshot
     * @param dataFiles the data files {@code {new_rows}} read
     * @param exact     false when a snapshot in the range rewrote or deleted rows, or {@code after} is not an ancestor:
     *                  {@code {new_rows}} was then the whole snapshot
     */
    public record NewRows(Long after, int dataFiles, boolean exact) {}

    /**
     * One query's rows (portable values, see {@link ResultValues}), or its error; never both.
     *
     * @param truncated more rows than the request's {@code max-rows} came back, and were cut
     */
    public record Result(
            String id,
            List<String> columns,
            List<List<Object>> rows,
            boolean truncated,
            long durationMs,
            String error) {

        public static Result failed(String id, String error, long durationMs) {
            return new Result(id, null, null, false, durationMs, error);
        }
    }
}
