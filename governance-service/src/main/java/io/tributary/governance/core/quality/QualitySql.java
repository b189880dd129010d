package io.tributary.governance.core.quality;

import io.tributary.governance.core.ColumnInfo;
import io.tributary.governance.core.TableInfo;
import io.tributary.governance.core.expr.SqlDialect;
import io.tributary.governance.core.expr.SqlType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Compiles a rule to SQL for DuckDB or Trino: one query counting the checked and the failing rows, and one listing
 * up to {@link #SAMPLE_LIMIT} failing keys. The caller supplies the FROM relations, so the same rule checks a whole
 * snapshot or only the rows one snapshot added. A {@code schema} rule needs no engine: it is decided on the catalog's
 * columns here.
 */
public final class QualitySql {

    public static final int SAMPLE_LIMIT = 20;

    private QualitySql() {}

    /**
     * Where the rule runs.
     *
     * @param relation    the table as a FROM relation, such as {@code "sales"."orders"} or {@code read_parquet([...])}
     * @param newRows     the rows to check when only some are (those a snapshot added), as a FROM relation; null for all
     * @param keyColumns  the columns that identify a failing row in samples; empty for the rule's own columns
     * @param dialect     {@link SqlDialect#DUCKDB} or {@link SqlDialect#TRINO}
     */
    public record Target(String relation, String newRows, List<String> keyColumns, SqlDialect dialect) {
        public Target {
            Objects.requireNonNull(relation, "relation");
            keyColumns = keyColumns == null ? List.of() : List.copyOf(keyColumns);
            if (dialect != SqlDialect.DUCKDB && dialect != SqlDialect.TRINO) {
                throw new IllegalArgumentException("quality rules run on DuckDB or Trino");
            }
        }

        /** The rows a row-level rule checks. */
        String scope() {
            return newRows == null ? relation : newRows;
        }
    }

    /** What running a rule takes. */
    public sealed interface Compiled {}

    /**
     * Two queries: {@code count} answers one row {@code (checked_rows, failing_rows)}; {@code samples} (null when a
     * rule has no row to show) answers up to {@link #SAMPLE_LIMIT} failing rows' keys.
     */
    public record Queries(String count, String samples) implements Compiled {}

    /** Decided without an engine: what fails (empty when the rule holds). */
    public record Decided(List<String> failures) implements Compiled {}

    public static Compiled compile(QualityRule rule, TableInfo table, Target target) {
        RuleCheck check = rule.check();
        if (check instanceof RuleCheck.Schema schema) {
            return new Decided(schemaFailures(schema, table));
        }
        if (check instanceof RuleCheck.Unique unique) {
            return unique(unique, target);
        }
        if (check instanceof RuleCheck.RowCount rowCount) {
            String failing = "CASE WHEN " + outside("count(*)", rowCount.min(), rowCount.max()) + " THEN 1 ELSE 0 END";
            return new Queries(
                    "SELECT count(*) AS checked_rows, " + failing + " AS failing_rows FROM " + target.scope() + " AS t",
                    null);
        }
        if (check instanceof RuleCheck.Freshness freshness) {
            return new Queries(freshness(freshness, table, target), null);
        }
        if (check instanceof RuleCheck.Sql sql) {
            String statement = SqlAssertion.check(sql.sql()).statement();
            return new Queries(
                    "SELECT CAST(NULL AS BIGINT) AS checked_rows, count(*) AS failing_rows FROM (\n" + statement
                            + "\n) AS q",
                    "SELECT * FROM (\n" + statement + "\n) AS q LIMIT " + SAMPLE_LIMIT);
        }
        String failing = failing(check, target.dialect());
        String keys = (target.keyColumns().isEmpty() ? check.columns() : target.keyColumns())
                .stream().map(QualitySql::quote).collect(Collectors.joining(", "));
        return new Queries(
                "SELECT count(*) AS checked_rows, count(*) FILTER (WHERE " + failing + ") AS failing_rows FROM "
                        + target.scope() + " AS t",
                "SELECT " + keys + " FROM " + target.scope() + " AS t WHERE " + failing + " LIMIT " + SAMPLE_LIMIT);
    }

    /** The condition a failing row meets, for the rules that judge each row by itself. */
    static String failing(RuleCheck check, SqlDialect dialect) {
        if (check instanceof RuleCheck.NotNull notNull) {
            return "("
                    + notNull.columns().stream().map(c -> quote(c) + " IS NULL").collect(Collectors.joining(" OR "))
                    + ")";
        }
        if (check instanceof RuleCheck.AcceptedValues accepted) {
            String column = quote(accepted.column());
            boolean strings = accepted.values().stream().allMatch(String.class::isInstance);
            String compared = strings ? "CAST(" + column + " AS VARCHAR)" : column;
            String values = accepted.values().stream().map(QualitySql::literal).collect(Collectors.joining(", "));
            return "(" + column + " IS NOT NULL AND " + compared + " NOT IN (" + values + "))";
        }
        if (check instanceof RuleCheck.Range range) {
            String column = quote(range.column());
            List<String> outside = new ArrayList<>();
            if (range.min() != null) {
                outside.add(column + (range.minInclusive() ? " < " : " <= ") + number(range.min()));
            }
            if (range.max() != null) {
                outside.add(column + (range.maxInclusive() ? " > " : " >= ") + number(range.max()));
            }
            return "(" + column + " IS NOT NULL AND (" + String.join(" OR ", outside) + "))";
        }
        if (check instanceof RuleCheck.Regex regex) {
            String column = quote(regex.column());
            String function = dialect == SqlDialect.DUCKDB ? "regexp_matches" : "regexp_like";
            return "(" + column + " IS NOT NULL AND NOT " + function + "(" + column + ", " + literal(regex.pattern())
                    + "))";
        }
        if (check instanceof RuleCheck.Length length) {
            String column = quote(length.column());
            return "(" + column + " IS NOT NULL AND " + outside("length(" + column + ")", length.min(), length.max())
                    + ")";
        }
        throw new IllegalArgumentException("a " + check.type().wireName() + " rule is not judged row by row");
    }

    private static Queries unique(RuleCheck.Unique unique, Target target) {
        List<String> columns = unique.columns().stream().map(QualitySql::quote).toList();
        String keys = String.join(", ", columns);
        StringBuilder where = new StringBuilder(
                columns.stream().map(c -> "t." + c + " IS NOT NULL").collect(Collectors.joining(" AND ")));
        if (target.newRows() != null) {
            // Only keys the new rows hold, each counted over the whole table: an old row can be the duplicate.
            where.append(" AND EXISTS (SELECT 1 FROM ")
                    .append(target.newRows())
                    .append(" AS n WHERE ")
                    .append(columns.stream().map(c -> "n." + c + " = t." + c).collect(Collectors.joining(" AND ")))
                    .append(")");
        }
        String groups = "WITH duplicates AS (SELECT "
                + columns.stream().map(c -> "t." + c).collect(Collectors.joining(", "))
                + ", count(*) AS occurrences FROM " + target.relation() + " AS t WHERE " + where + " GROUP BY "
                + columns.stream().map(c -> "t." + c).collect(Collectors.joining(", "))
                + " HAVING count(*) > 1) ";
        return new Queries(
                groups + "SELECT (SELECT count(*) FROM " + target.scope()
                        + " AS s) AS checked_rows, CAST(coalesce(sum(occurrences), 0) AS BIGINT) AS failing_rows"
                        + " FROM duplicates",
                groups + "SELECT " + keys + ", occurrences FROM duplicates ORDER BY occurrences DESC LIMIT "
                        + SAMPLE_LIMIT);
    }

    private static String freshness(RuleCheck.Freshness freshness, TableInfo table, Target target) {
        String column = quote(freshness.column());
        boolean zoned = table.column(freshness.column())
                .map(ColumnInfo::type)
                .map(SqlType::trino)
                .map(t -> t.contains("with time zone"))
                .orElse(true);
        // A timestamp without zone holds UTC wall-clock time in Iceberg tables; compare it with UTC's wall clock.
        String now = zoned ? "current_timestamp" : "CAST(current_timestamp AT TIME ZONE 'UTC' AS TIMESTAMP)";
        String oldest = now + " - INTERVAL '" + freshness.maxAge().getSeconds() + "' SECOND";
        return "SELECT count(*) AS checked_rows, CASE WHEN max(" + column + ") IS NULL OR max(" + column + ") < "
                + oldest + " THEN 1 ELSE 0 END AS failing_rows FROM " + target.relation() + " AS t";
    }

    /** What a schema rule finds wrong with the table's current columns. */
    static List<String> schemaFailures(RuleCheck.Schema schema, TableInfo table) {
        List<String> failures = new ArrayList<>();
        schema.types().forEach((name, expected) -> {
            var column = table.column(name);
            if (column.isEmpty()) {
                failures.add(name + ": missing, expected " + expected);
            } else if (!SqlType.fromIceberg(expected).equals(column.get().type())) {
                failures.add(name + ": is " + column.get().type().trino() + ", expected " + expected);
            }
        });
        return failures;
    }

    private static String outside(String value, Long min, Long max) {
        List<String> outside = new ArrayList<>();
        if (min != null) {
            outside.add(value + " < " + min);
        }
        if (max != null) {
            outside.add(value + " > " + max);
        }
        return "(" + String.join(" OR ", outside) + ")";
    }

    /** A double-quoted identifier, as both engines read it. */
    public static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** A SQL literal of a string, number or boolean. */
    static String literal(Object value) {
        if (value instanceof BigDecimal number) {
            return number(number);
        }
        if (value instanceof Boolean bool) {
            return bool ? "TRUE" : "FALSE";
        }
        return "'" + value.toString().replace("'", "''") + "'";
    }

    private static String number(BigDecimal number) {
        return number.stripTrailingZeros().toPlainString();
    }
}
