package io.tributary.governance.core.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.governance.core.TableInfo;
import io.tributary.governance.core.TableRef;
import io.tributary.governance.core.expr.SqlDialect;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class QualitySqlTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TableInfo ORDERS = QualityRuleValidatorTest.CATALOG
            .table(new TableRef("shop", "orders"))
            .orElseThrow();
    private static final QualitySql.Target ALL =
            new QualitySql.Target("\"shop\".\"orders\"", null, List.of(), SqlDialect.DUCKDB);
    private static final QualitySql.Target NEW_ROWS =
            new QualitySql.Target("\"shop\".\"orders\"", "new_rows", List.of("order_id"), SqlDialect.TRINO);

    private static QualityRule rule(String json) throws Exception {
        QualityRule.Draft draft =
                new QualityRuleValidator(QualityRuleValidatorTest.CATALOG).read(JSON.readTree(json.replace('\'', '"')));
        return new QualityRule(
                UUID.randomUUID(),
                draft.table(),
                draft.name(),
                draft.check(),
                draft.severity(),
                draft.description(),
                1,
                "sam",
                Instant.EPOCH,
                "sam",
                Instant.EPOCH);
    }

    private static QualitySql.Queries queries(String json, QualitySql.Target target) throws Exception {
        return (QualitySql.Queries) QualitySql.compile(rule(json), ORDERS, target);
    }

    @Test
    void notNullCountsRowsWithANullAmongTheColumns() throws Exception {
        QualitySql.Queries q =
                queries("{'table':'shop.orders','name':'n','type':'not_null','columns':['order_id','status']}", ALL);
        assertThat(q.count())
                .isEqualTo("SELECT count(*) AS checked_rows, count(*) FILTER (WHERE (\"order_id\" IS NULL OR"
                        + " \"status\" IS NULL)) AS failing_rows FROM \"shop\".\"orders\" AS t");
        assertThat(q.samples())
                .isEqualTo("SELECT \"order_id\", \"status\" FROM \"shop\".\"orders\" AS t WHERE (\"order_id\" IS NULL"
                        + " OR \"status\" IS NULL) LIMIT 20");
    }

    @Test
    void onlyTheNewRowsAreCheckedWhenTheCallerSaysSoAndSamplesShowItsKeys() throws Exception {
        QualitySql.Queries q = queries(
                "{'table':'shop.orders','name':'r','type':'range','columns':['total'],"
                        + "'params':{'min':0,'max':1000.50,'max-inclusive':false}}",
                NEW_ROWS);
        assertThat(q.count())
                .isEqualTo("SELECT count(*) AS checked_rows, count(*) FILTER (WHERE (\"total\" IS NOT NULL AND"
                        + " (\"total\" < 0 OR \"total\" >= 1000.5))) AS failing_rows FROM new_rows AS t");
        assertThat(q.samples()).startsWith("SELECT \"order_id\" FROM new_rows AS t WHERE");
    }

    @Test
    void literalsAndIdentifiersAreEscaped() throws Exception {
        QualitySql.Queries q = queries(
                "{'table':'shop.orders','name':'s','type':'accepted_values','columns':['status'],"
                        + "'params':{'values':['new','it\\u0027s']}}",
                ALL);
        assertThat(q.count())
                .contains("(\"status\" IS NOT NULL AND CAST(\"status\" AS VARCHAR) NOT IN ('new', 'it''s'))");
        assertThat(QualitySql.quote("we\"ird")).isEqualTo("\"we\"\"ird\"");
    }

    @Test
    void regexUsesEachEnginesFunction() throws Exception {
        String json = "{'table':'shop.orders','name':'e','type':'regex','columns':['email'],"
                + "'params':{'pattern':'^[^@]+@[^@]+$'}}";
        assertThat(queries(json, ALL).count()).contains("NOT regexp_matches(\"email\", '^[^@]+@[^@]+$')");
        assertThat(queries(json, NEW_ROWS).count()).contains("NOT regexp_like(\"email\", '^[^@]+@[^@]+$')");
    }

    @Test
    void lengthAndRowCountCompareWithTheirBounds() throws Exception {
        assertThat(queries(
                                "{'table':'shop.orders','name':'l','type':'length','columns':['email'],'params':{'min':3,'max':254}}",
                                ALL)
                        .count())
                .contains("(\"email\" IS NOT NULL AND (length(\"email\") < 3 OR length(\"email\") > 254))");
        QualitySql.Queries rows =
                queries("{'table':'shop.orders','name':'c','type':'row_count','params':{'min':1}}", NEW_ROWS);
        assertThat(rows.count())
                .isEqualTo("SELECT count(*) AS checked_rows, CASE WHEN (count(*) < 1) THEN 1 ELSE 0 END AS failing_rows"
                        + " FROM new_rows AS t");
        assertThat(rows.samples()).isNull();
    }

    @Test
    void uniqueCountsDuplicatesOverTheWholeTableForTheNewRowsKeys() throws Exception {
        QualitySql.Queries q =
                queries("{'table':'shop.orders','name':'u','type':'unique','columns':['order_id']}", NEW_ROWS);
        String groups = "WITH duplicates AS (SELECT t.\"order_id\", count(*) AS occurrences FROM \"shop\".\"orders\""
                + " AS t WHERE t.\"order_id\" IS NOT NULL AND EXISTS (SELECT 1 FROM new_rows AS n WHERE"
                + " n.\"order_id\" = t.\"order_id\") GROUP BY t.\"order_id\" HAVING count(*) > 1) ";
        assertThat(q.count())
                .isEqualTo(groups + "SELECT (SELECT count(*) FROM new_rows AS s) AS checked_rows,"
                        + " CAST(coalesce(sum(occurrences), 0) AS BIGINT) AS failing_rows FROM duplicates");
        assertThat(q.samples())
                .isEqualTo(
                        groups + "SELECT \"order_id\", occurrences FROM duplicates ORDER BY occurrences DESC LIMIT 20");
    }

    @Test
    void freshnessComparesTheNewestValueWithNow() throws Exception {
        QualitySql.Queries q = queries(
                "{'table':'shop.orders','name':'f','type':'freshness','columns':['created_at'],'params':{'max-age':'PT6H'}}",
                NEW_ROWS);
        assertThat(q.count())
                .isEqualTo("SELECT count(*) AS checked_rows, CASE WHEN max(\"created_at\") IS NULL OR"
                        + " max(\"created_at\") < current_timestamp - INTERVAL '21600' SECOND THEN 1 ELSE 0 END"
                        + " AS failing_rows FROM \"shop\".\"orders\" AS t");
    }

    @Test
    void anSqlAssertionIsWrappedWithoutItsSemicolon() throws Exception {
        QualitySql.Queries q = queries(
                "{'table':'shop.orders','name':'q','type':'sql','params':{'sql':'SELECT order_id FROM shop.orders WHERE total < 0; -- negative'}}",
                ALL);
        assertThat(q.count())
                .isEqualTo("SELECT CAST(NULL AS BIGINT) AS checked_rows, count(*) AS failing_rows FROM (\n"
                        + "SELECT order_id FROM shop.orders WHERE total < 0\n) AS q");
        assertThat(q.samples())
                .isEqualTo("SELECT * FROM (\nSELECT order_id FROM shop.orders WHERE total < 0\n) AS q LIMIT 20");
    }

    @Test
    void aSchemaRuleIsDecidedOnTheCatalogsColumns() throws Exception {
        QualitySql.Compiled holds = QualitySql.compile(
                rule(
                        "{'table':'shop.orders','name':'s','type':'schema','params':{'types':{'order_id':'long','total':'decimal(10,2)'}}}"),
                ORDERS,
                ALL);
        assertThat(holds).isEqualTo(new QualitySql.Decided(List.of()));
        QualityRule changed =
                rule("{'table':'shop.orders','name':'s','type':'schema','params':{'types':{'order_id':'string'}}}");
        assertThat(QualitySql.compile(changed, ORDERS, ALL))
                .isEqualTo(new QualitySql.Decided(List.of("order_id: is bigint, expected string")));
        TableInfo dropped = new TableInfo(
                ORDERS.ref(), ORDERS.columns().subList(1, ORDERS.columns().size()));
        QualityRule idLong =
                rule("{'table':'shop.orders','name':'s','type':'schema','params':{'types':{'order_id':'long'}}}");
        assertThat(QualitySql.compile(idLong, dropped, ALL))
                .isEqualTo(new QualitySql.Decided(List.of("order_id: missing, expected long")));
    }
}
