package io.tributary.governance.core.quality;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SqlAssertionTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT * FROM sales.orders WHERE total < 0",
                "select order_id from sales.orders where note = 'drop; delete' -- ; update\n",
                "WITH o AS (SELECT * FROM sales.orders) SELECT * FROM o WHERE total IS NULL",
                "(SELECT 1 WHERE false)",
                "SELECT \"update\", \"set\" FROM t /* ; DROP TABLE t */",
                "SELECT 'it''s; fine' AS x;",
                "SELECT E'a\\'; b' AS x",
                "SELECT $$ ; DELETE $$ AS x",
                "SELECT * FROM t WHERE regexp_matches(s, '\\d+;')"
            })
    void oneReadingStatementPasses(String sql) {
        assertThat(SqlAssertion.check(sql).refusal()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiterString = " => ",
            quoteCharacter = '`',
            value = {
                "SELECT 1; SELECT 2 => more than one statement",
                "SELECT 1; DROP TABLE sales.orders => more than one statement",
                "SELECT 1;; => more than one statement",
                "DELETE FROM sales.orders => must be one SELECT",
                "INSERT INTO t SELECT 1 => must be one SELECT",
                "UPDATE t SET a = 1 => must be one SELECT",
                "CREATE TABLE x AS SELECT 1 => must be one SELECT",
                "COPY t TO 'x.csv' => must be one SELECT",
                "ATTACH 'x.db' => must be one SELECT",
                "PRAGMA version => must be one SELECT",
                "CALL f() => must be one SELECT",
                "SET threads = 1 => must be one SELECT",
                "INSTALL httpfs => must be one SELECT",
                "LOAD httpfs => must be one SELECT",
                "WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d => DELETE at position",
                "SELECT * INTO copy FROM t => INTO at position",
                "WITH x AS (VALUES (1)) TABLE x => must be one SELECT",
                "SELECT 'open => never closed",
                "SELECT /* open => never closed",
                "SELECT \"open => never closed",
                "SELECT E'\\''; DROP TABLE t; --' => more than one statement",
                "SELECT $$ ' $$; DROP TABLE t; --' => more than one statement",
                "   -- only a comment => is empty",
                "; => is empty"
            })
    void anythingElseIsRefusedWithTheReason(String sql, String reason) {
        assertThat(SqlAssertion.check(sql).refusal())
                .hasValueSatisfying(p -> assertThat(p).contains(reason));
    }

    @Test
    void theStatementToRunDropsTheTrailingSemicolonAndComments() {
        assertThat(SqlAssertion.check("SELECT 1 ; -- done").statement()).isEqualTo("SELECT 1");
    }
}
