package io.tributary.query.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.query.core.ColumnPredicate;
import io.tributary.query.core.Inspection;
import io.tributary.query.core.QueryException;
import io.tributary.query.core.SqlInspector;
import io.tributary.query.core.TableName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The governed path's first gate: DuckDB's own parse tree, inspected, lets only SELECTs over lake tables through. */
class SqlInspectionTest {

    private static DuckDbSqlParser parser;
    private final SqlInspector inspector = new SqlInspector("lake");

    @BeforeAll
    static void open() {
        parser = new DuckDbSqlParser(new ObjectMapper());
    }

    @AfterAll
    static void close() {
        parser.close();
    }

    private Inspection inspect(String sql) {
        return inspector.inspect(parser.parse(sql));
    }

    @Test
    void findsEveryLakeTableAndTheColumnsNamed() {
        Inspection inspection = inspect("WITH recent AS (SELECT id, region FROM sales.orders WHERE id > 2) "
                + "SELECT r.label, count(*) FROM recent JOIN lake.sales.regions AS r USING (region) "
                + "WHERE EXISTS (SELECT 1 FROM ops.audit a WHERE a.id = recent.id) GROUP BY 1");
        assertThat(inspection.tables())
                .containsExactlyInAnyOrder(
                        new TableName("sales", "orders"),
                        new TableName("sales", "regions"),
                        new TableName("ops", "audit"));
        assertThat(inspection.columnRefs()).contains("id", "region", "label");
        assertThat(inspection.star()).isFalse();
    }

    @Test
    void aSingleTableWhereClauseGivesPruningPredicates() {
        Inspection inspection = inspect("SELECT * FROM sales.orders o WHERE o.id = 6 AND 2.5 < amount "
                + "AND (region = 'EU' OR region = 'US') AND note IS NULL AND flag = true");
        assertThat(inspection.predicatesFor(new TableName("sales", "orders")))
                .containsExactly(
                        new ColumnPredicate("id", ColumnPredicate.Op.EQ, ColumnPredicate.LiteralKind.INTEGER, "6"),
                        new ColumnPredicate(
                                "amount", ColumnPredicate.Op.GT, ColumnPredicate.LiteralKind.NUMERIC, "2.5"),
                        new ColumnPredicate(
                                "flag", ColumnPredicate.Op.EQ, ColumnPredicate.LiteralKind.BOOLEAN, "true"));
        assertThat(inspect("SELECT * FROM sales.orders o JOIN sales.regions r USING (region) WHERE o.id = 6")
                        .predicates())
                .isEmpty();
        assertThat(inspect("SELECT * FROM sales.orders o WHERE other.id = 6").predicates())
                .isEmpty();
    }

    @Test
    void generatorsValuesAndWindowsAreFine() {
        Inspection inspection = inspect("SELECT x, row_number() OVER (ORDER BY x) FROM range(3) t(x) "
                + "UNION ALL SELECT * FROM (VALUES (7, 1)) v(a, b)");
        assertThat(inspection.tables()).isEmpty();
        assertThat(inspection.star()).isTrue();
    }

    @Test
    void syntaxErrorsPointAtLineAndColumn() {
        assertThatThrownBy(() -> inspect("SELECT id\nFROM sales.orders WHERE ("))
                .isInstanceOfSatisfying(QueryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(QueryException.Reason.SYNTAX);
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo(25);
                });
    }

    @Test
    void anUnqualifiedTableIsUnknown() {
        assertThatThrownBy(() -> inspect("SELECT * FROM orders"))
                .isInstanceOfSatisfying(
                        QueryException.class,
                        e -> assertThat(e.reason()).isEqualTo(QueryException.Reason.UNKNOWN_TABLE));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "SELECT * FROM read_parquet('/warehouse/sales/orders/data/a.parquet')|table function read_parquet",
                "SELECT * FROM glob('/warehouse/**')|table function glob",
                "SELECT * FROM read_csv('/etc/passwd')|table function read_csv",
                "SELECT * FROM '/warehouse/sales/orders/data/a.parquet'|Reading files directly",
                "SELECT * FROM \"a.parquet\"|Reading files directly",
                "COPY sales.orders TO '/tmp/out.csv'|COPY statement",
                "ATTACH '/tmp/x.db' AS x|ATTACH statement",
                "INSTALL httpfs|INSTALL statement",
                "LOAD httpfs|LOAD statement",
                "PRAGMA enable_external_access|PRAGMA statement",
                "SET enable_external_access = true|SET statement",
                "CREATE TABLE t AS SELECT 1|CREATE statement",
                "SELECT 1; SELECT * FROM read_parquet('x')|Only one statement",
                "WITH orders AS (SELECT 1 AS id) SELECT * FROM sales.orders, orders|shadows the lake table",
                "SELECT * FROM information_schema.tables|information_schema.tables",
                "SELECT * FROM duckdb_views()|table function duckdb_views",
                "SELECT * FROM duckdb_settings|system relation duckdb_settings",
                "SELECT * FROM system.main.duckdb_tables|catalog system",
                "SELECT * FROM pg_catalog.pg_class|pg_catalog.pg_class",
                "SELECT current_setting('allowed_paths')|current_setting",
                "SELECT getenv('HOME')|getenv",
                "SELECT * FROM query('SELECT * FROM read_parquet(''x'')')|table function query",
                "SELECT json_execute_serialized_sql('x')|json_execute_serialized_sql",
                "SELECT * FROM sales.orders AT (VERSION => 1)|AT (VERSION",
                "DESCRIBE sales.orders|DESCRIBE",
                "SUMMARIZE sales.orders|DESCRIBE",
                "SELECT * FROM sqlite_master|system relation sqlite_master",
                "SELECT * FROM memory.main.t|catalog memory",
            })
    void refusesWhatReachesBeyondGovernedViews(String sql, String reason) {
        assertThatThrownBy(() -> inspect(sql.replace("\\n", "\n"))).isInstanceOfSatisfying(QueryException.class, e -> {
            assertThat(e.reason()).isIn(QueryException.Reason.NOT_ALLOWED);
            assertThat(e.getMessage()).contains(reason);
        });
    }

    @Test
    void aRefusedStatementIsNamedPastCommentsAndCase() {
        assertThatThrownBy(() -> inspect("/* hi */ -- there\n  copy sales.orders TO 'x'"))
                .isInstanceOfSatisfying(QueryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(QueryException.Reason.NOT_ALLOWED);
                    assertThat(e.getMessage()).contains("COPY statement");
                });
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT * FROM \"sales\".\"orders\" -- read_parquet('x')",
                "SELECT 'read_parquet(''/etc/passwd'')' AS s FROM sales.orders",
                "SELECT * FROM lake.sales.orders /* ; COPY x TO 'y' */",
            })
    void commentsAndLiteralsAreNotStatements(String sql) {
        assertThat(inspect(sql).tables()).containsExactly(new TableName("sales", "orders"));
    }

    @Test
    void aLookalikeNameIsJustAnotherTable() {
        // Cyrillic 'о' in 'оrders': the catalog will not know it; it never resolves to sales.orders.
        assertThat(inspect("SELECT * FROM sales.\u043erders").tables())
                .containsExactly(new TableName("sales", "\u043erders"));
    }
}
