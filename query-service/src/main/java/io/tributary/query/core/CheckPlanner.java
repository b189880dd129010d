package io.tributary.query.core;

/** Plans the two relations a batch of checks reads: a snapshot's rows, and the rows recent snapshots added. */
public interface CheckPlanner {

    /**
     * @param snapshotId   null for the table's current snapshot
     * @param newRowsAfter null for the snapshot's parent
     * @throws QueryException {@link QueryException.Reason#UNKNOWN_TABLE} or
     *                        {@link QueryException.Reason#UNKNOWN_SNAPSHOT} when either does not exist,
     *                        {@link QueryException.Reason#UNAVAILABLE} when the catalog cannot be reached
     */
    CheckPlans plan(Caller caller, TableName table, Long snapshotId, Long newRowsAfter);

    /**
     * @param table   every row of the snapshot, deletes applied
     * @param newRows the data files the snapshots in (after, snapshot] added; the whole snapshot when not exact
     * @param after   the snapshot the range starts after, or null from the table's first snapshot
     * @param exact   whether every snapshot in the range only appended and {@code after} is an ancestor
     */
    record CheckPlans(TablePlan table, TablePlan newRows, Long after, boolean exact) {}
}
