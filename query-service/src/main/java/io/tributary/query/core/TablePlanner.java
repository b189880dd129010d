package io.tributary.query.core;

import java.util.List;

/**
 * Plans a table's snapshot through the catalog, as the caller: the catalog enforces its own access too. Files that
 * {@code prune} rules out (by partition values and column statistics) are left out of the plan.
 */
public interface TablePlanner {

    /**
     * @throws QueryException {@link QueryException.Reason#UNKNOWN_TABLE} when the catalog has no such table (or does
     *                        not show it to the caller), {@link QueryException.Reason#INVALID_REQUEST} for an as-of
     *                        point the table has no snapshot for, {@link QueryException.Reason#UNAVAILABLE} when the
     *                        catalog cannot be reached
     */
    TablePlan plan(Caller caller, TableName table, AsOf.Point asOf, List<ColumnPredicate> prune);

    /** The snapshot's columns only, so governance can decide before the files are planned. */
    List<TablePlan.PlanColumn> columns(Caller caller, TableName table, AsOf.Point asOf);
}
