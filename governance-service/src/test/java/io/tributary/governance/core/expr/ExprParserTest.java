package io.tributary.governance.core.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExprParserTest {

    private static final List<String> COLUMNS = List.of("country", "email", "amount", "created_at", "Region");
    private static final Bindings ANA = new Bindings("ana", Set.of("data-analyst"), Map.of("country", "DE"));

    private static String both(String text) {
        Expr bound = ANA.bind(ExprChecker.check(ExprParser.parsePredicate(text), COLUMNS), null);
        String duck = SqlRenderer.render(bound, SqlDialect.DUCKDB);
        assertThat(SqlRenderer.render(bound, SqlDialect.TRINO)).isEqualTo(duck);
        return duck;
    }

    @Test
    void identityReferencesBecomeLiteralsOfTheCaller() {
        assertThat(both("country = attribute('country')")).isEqualTo("(\"country\" = 'DE')");
        assertThat(both("has_role('data-steward') OR country = 'FR'")).isEqualTo("(FALSE OR (\"country\" = 'FR'))");
        assertThat(both("email LIKE current_user || '@%'")).isEqualTo("(\"email\" LIKE ('ana' || '@%'))");
        assertThat(both("attribute('missing') IS NULL")).isEqualTo("(NULL IS NULL)");
    }

    @Test
    void operatorsAreParenthesizedSoBothEnginesReadTheSameTree() {
        assertThat(both("amount + 1 * 2 > 3 AND NOT country IN ('DE', 'FR')"))
                .isEqualTo("(((\"amount\" + (1 * 2)) > 3) AND (NOT (\"country\" IN ('DE', 'FR'))))");
        assertThat(both("amount BETWEEN 1 AND 10 OR amount NOT BETWEEN -5 AND 0"))
                .isEqualTo("((\"amount\" BETWEEN 1 AND 10) OR (\"amount\" NOT BETWEEN (-5) AND 0))");
        assertThat(both("CASE WHEN amount > 10 THEN 'big' ELSE 'small' END = 'big'"))
                .isEqualTo("(CASE WHEN (\"amount\" > 10) THEN 'big' ELSE 'small' END = 'big')");
        assertThat(both("country != 'x' and email is not null"))
                .isEqualTo("((\"country\" <> 'x') AND (\"email\" IS NOT NULL))");
    }

    @Test
    void columnsResolveToTheTablesSpellingAndQuotesAreEscaped() {
        assertThat(both("region = 'it''s'")).isEqualTo("(\"Region\" = 'it''s')");
        assertThat(both("\"Region\" = lower('X')")).isEqualTo("(\"Region\" = lower('X'))");
    }

    @Test
    void sha256RendersAsLowerHexInBothEngines() {
        Expr call = new Expr.Call("sha256_hex", List.of(new Expr.Column("email", -1)), -1);
        assertThat(SqlRenderer.render(call, SqlDialect.DUCKDB)).isEqualTo("sha256(\"email\")");
        assertThat(SqlRenderer.render(call, SqlDialect.TRINO)).isEqualTo("lower(to_hex(sha256(to_utf8(\"email\"))))");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "country IN (SELECT c FROM t)|subqueries are not allowed|13",
                "(SELECT 1) = 1|subqueries are not allowed|2",
                "EXISTS (SELECT 1)|subqueries are not allowed|1",
                "pg_sleep(10) = 1|function 'pg_sleep' is not allowed|1",
                "count(*) > 1|'*' is not allowed as an argument|7",
                "nosuch = 1|unknown column 'nosuch'|1",
                "t.country = 'DE'|qualified names are not allowed|2",
                "country = 'DE'; DROP TABLE x|';' is not allowed|15",
                "country = 'DE' -- comment|comments are not allowed|16",
                "country = 'DE|unterminated string literal|11",
                "country =|the expression ends too early|10",
                "has_role(country)|takes a string literal|1",
                "lower('a', 'b') = 'a'|takes 1 argument(s), not 2|1",
                "country = 'a' 'b'|unexpected 'b'|15",
                "CASE END|expected|6",
            })
    void refusalsNameTheFaultAndItsPosition(String text, String message, int position) {
        assertThatThrownBy(() -> ExprChecker.check(ExprParser.parsePredicate(text), COLUMNS))
                .isInstanceOf(ExprException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((ExprException) e).position() + 1).isEqualTo(position));
    }

    @Test
    void deepNestingAndHugeInputAreRefused() {
        String deep = "(".repeat(200) + "1" + ")".repeat(200) + " = 1";
        assertThatThrownBy(() -> ExprParser.parsePredicate(deep)).hasMessageContaining("nested deeper");
        String notNot = "NOT ".repeat(200) + "true";
        assertThatThrownBy(() -> ExprParser.parsePredicate(notNot)).hasMessageContaining("nested deeper");
        assertThatThrownBy(() -> ExprParser.parsePredicate("a".repeat(5000))).hasMessageContaining("longer than");
    }

    @Test
    void valueIsTheMaskedColumnOnlyInMasks() {
        Expr mask =
                ExprChecker.check(ExprParser.parseMask("CASE WHEN has_role('eu') THEN value ELSE NULL END"), COLUMNS);
        Expr bound = ANA.bind(mask, new Expr.Column("email", -1));
        assertThat(SqlRenderer.render(bound, SqlDialect.TRINO))
                .isEqualTo("CASE WHEN FALSE THEN \"email\" ELSE NULL END");
        assertThatThrownBy(() -> ExprChecker.check(ExprParser.parsePredicate("value = 1"), COLUMNS))
                .hasMessageContaining("unknown column 'value'");
    }
}
