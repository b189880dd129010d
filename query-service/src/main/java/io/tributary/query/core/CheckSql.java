package io.tributary.query.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A check's SQL: its placeholders become the names of the two relations a check may read, and the result must pass
 * the same inspection as a statement (one SELECT, no table functions, files or system catalogs) while naming no lake
 * table but those two.
 */
public final class CheckSql {

    /** What {@code {table}} reads: every row of the snapshot. */
    public static final TableName TABLE = new TableName("tributary_checks", "snapshot_rows");

    /** What {@code {new_rows}} reads: the rows the range of snapshots added. */
    public static final TableName NEW_ROWS = new TableName("tributary_checks", "new_rows");

    private static final Set<TableName> RELATIONS = Set.of(TABLE, NEW_ROWS);

    private final SqlParser parser;
    private final SqlInspector inspector;

    public CheckSql(SqlParser parser, SqlInspector inspector) {
        this.parser = parser;
        this.inspector = inspector;
    }

    /** The SQL to run, with each placeholder replaced by its relation's name. */
    public static String rewrite(String sql) {
        return sql.replace(CheckRequest.TABLE_PLACEHOLDER, quoted(TABLE))
                .replace(CheckRequest.NEW_ROWS_PLACEHOLDER, quoted(NEW_ROWS));
    }

    /**
     * @throws InvalidRequestException naming {@code /queries/<i>/sql} of every query that does not parse, is not one
     *                                 SELECT, or reads anything but the placeholders
     */
    public void validate(List<CheckRequest.Query> queries) {
        List<InvalidRequestException.Fault> faults = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            String fault = fault(queries.get(i).sql());
            if (fault != null) {
                faults.add(new InvalidRequestException.Fault("/queries/" + i + "/sql", fault));
            }
        }
        if (!faults.isEmpty()) {
            throw new InvalidRequestException(
                    "A query is not one SELECT over {table} and {new_rows}: "
                            + faults.get(0).message(),
                    faults);
        }
    }

    private String fault(String sql) {
        try {
            Inspection inspection = inspector.inspect(parser.parse(rewrite(sql)));
            for (TableName table : inspection.tables()) {
                if (!RELATIONS.contains(table)) {
                    return "reads " + table + "; a check reads only {table} and {new_rows}";
                }
            }
            return null;
        } catch (QueryException e) {
            if (e.reason() == QueryException.Reason.UNKNOWN_TABLE) {
                return e.getMessage().replaceFirst(": name lake tables as namespace\\.table\\.$", "")
                        + "; a check reads only {table} and {new_rows}";
            }
            return e.line() == null
                    ? e.getMessage()
                    : e.getMessage() + " (line " + e.line() + ", column " + e.column() + ")";
        }
    }

    private static String quoted(TableName table) {
        return "\"" + table.namespace() + "\".\"" + table.table() + "\"";
    }
}
