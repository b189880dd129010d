package io.tributary.query.core;

import java.util.List;
import java.util.Map;

/**
 * Runs read-only SQL over planned snapshots as they are stored, with no governance applied: only for the service's
 * own checks, whose SQL {@link CheckSql} has already confined to the relations given here.
 */
public interface SnapshotSql {

    /**
     * Opens one sandboxed session in which each relation is a view of its plan's rows, under its name.
     *
     * @throws QueryException when the views cannot be built
     */
    Session open(Map<TableName, TablePlan> relations);

    /** Queries run one at a time; a failed one leaves the session usable. */
    interface Session extends AutoCloseable {

        /**
         * @param maxRows rows kept; the result says whether more came
         * @throws QueryException with the engine's reason; {@link QueryException.Reason#CANCELLED} after
         *                        {@link #cancel()}
         */
        Rows run(String sql, int maxRows);

        /** Stops the query running now, from any thread. */
        void cancel();

        @Override
        void close();
    }

    record Rows(List<String> columns, List<List<Object>> rows, boolean truncated) {}
}
