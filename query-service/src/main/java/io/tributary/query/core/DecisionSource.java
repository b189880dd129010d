package io.tributary.query.core;

import java.util.List;
import java.util.Map;

/** Governance's decisions: which tables, columns and rows a caller may read, and how values are masked. */
public interface DecisionSource {

    /**
     * @param tables the tables a statement reads, each with all of its columns
     * @return a decision for every table asked about
     * @throws QueryException {@link QueryException.Reason#UNAVAILABLE} when no decision can be had; the statement then
     *                        does not run
     */
    Map<TableName, TableAccess> decide(Caller caller, String engine, List<TableColumns> tables);

    /** A table and its columns' names, as planned. */
    record TableColumns(TableName table, List<String> columns) {

        public TableColumns {
            columns = List.copyOf(columns);
        }
    }
}
