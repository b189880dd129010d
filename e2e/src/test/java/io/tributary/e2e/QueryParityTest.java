package io.tributary.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The same governed SQL through {@code POST /api/query/v1/statements} on both engines: DuckDB (views built from
 * governance's decision) and Trino (governance's OPA contract) must answer each principal with the same columns and
 * rows. The tables have decimals, timestamps with zone, nulls, a struct and a list, a {@code pii}-tagged column, rows
 * in two countries, position deletes (Trino's DELETE and UPDATE) and an earlier snapshot to travel to. Analysts get
 * the pii column hashed and, through a row filter this test adds and removes, only Norwegian customers; stewards and
 * admins see everything in the clear.
 */
@Order(50)
class QueryParityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PRINCIPALS = List.of("ana", "sam", "ada");

    private static String ns;
    private static long firstOrdersSnapshot;
    private static String rowFilterPolicy;

    /** A statement of the parity suite; {@code ordered} when its SQL fixes the row order. */
    private record Query(String sql, boolean ordered, Object asOf) {}

    /** A statement's whole answer through the gateway: columns (name and type), rows, or the problem. */
    private record Answer(
            int status, List<List<String>> columns, List<List<Object>> rows, String engine, JsonNode body) {}

    @BeforeAll
    static void createTables() throws Exception {
        assumeTrue(Trino.available(), "Trino is not part of this run (TRIBUTARY_TEST_TRINO=0)");
        ns = "parity_" + Long.toString(System.currentTimeMillis(), 36);
        String ada = Suite.userToken("ada");
        String warehouse = given().auth()
                .oauth2(ada)
                .get(Suite.gateway() + "/iceberg/v1/config")
                .then()
                .statusCode(200)
                .extract()
                .path("defaults.warehouse");
        // Trino stages creates only in a namespace with a location.
        trino(ada, "CREATE SCHEMA " + ns + " WITH (location = '" + warehouse + "/" + ns + "')");
        trino(
                ada,
                "CREATE TABLE " + ns + ".customers (id bigint, name varchar, email varchar, country varchar,"
                        + " joined timestamp(6) with time zone, balance decimal(12,2),"
                        + " address row(city varchar, zip varchar), tags array(varchar))");
        trino(
                ada,
                "INSERT INTO " + ns + ".customers VALUES"
                        + " (1, 'Ada', 'ada@example.com', 'NO', TIMESTAMP '2024-01-05 08:30:00.123456 UTC', 1200.50,"
                        + " ROW('Oslo', '0150'), ARRAY['vip', 'early']),"
                        + " (2, 'Bo', 'bo@example.se', 'SE', TIMESTAMP '2024-02-10 23:59:59.000001 UTC', -15.25,"
                        + " ROW('Malmö', '21119'), ARRAY['new']),"
                        + " (3, 'Cai', NULL, 'NO', TIMESTAMP '2024-03-01 00:00:00 UTC', 0.00, ROW('Bergen', NULL), NULL),"
                        + " (4, 'Dag', 'dag@example.no', 'NO', NULL, NULL, NULL, ARRAY['vip']),"
                        + " (5, 'Eva', 'eva@example.se', 'SE', TIMESTAMP '2023-12-31 23:00:00 UTC', 99999.99,"
                        + " ROW('Lund', '22100'), ARRAY['early', 'vip', 'x'])");
        trino(
                ada,
                "CREATE TABLE " + ns + ".orders (id bigint, customer_id bigint, amount decimal(10,2), qty integer,"
                        + " ordered_at timestamp(6) with time zone, note varchar)");
        trino(
                ada,
                "INSERT INTO " + ns + ".orders VALUES"
                        + " (1, 1, 10.00, 1, TIMESTAMP '2024-01-06 10:00:00 UTC', 'first'),"
                        + " (2, 1, 250.75, 3, TIMESTAMP '2024-02-01 12:30:00.5 UTC', NULL),"
                        + " (3, 2, 19.99, 2, TIMESTAMP '2024-02-11 08:00:00 UTC', 'gift'),"
                        + " (4, 3, 5.50, 1, TIMESTAMP '2024-03-02 09:15:00 UTC', NULL),"
                        + " (5, 4, 120.00, 4, TIMESTAMP '2024-03-05 18:45:00 UTC', 'bulk'),"
                        + " (6, 5, 0.99, 1, TIMESTAMP '2024-03-31 23:59:59 UTC', NULL),"
                        + " (7, 5, 45.00, 2, TIMESTAMP '2024-04-01 00:00:00 UTC', 'late'),"
                        + " (8, 2, 75.25, 5, TIMESTAMP '2024-04-15 14:00:00 UTC', NULL)");
        firstOrdersSnapshot = ((Number) trino(
                                ada,
                                "SELECT snapshot_id FROM " + ns + ".\"orders$snapshots\" ORDER BY committed_at DESC"
                                        + " LIMIT 1")
                        .get(0)
                        .get(0))
                .longValue();
        trino(
                ada,
                "INSERT INTO " + ns + ".orders VALUES"
                        + " (9, 1, 33.30, 3, TIMESTAMP '2024-05-01 06:00:00 UTC', 'second batch'),"
                        + " (10, 3, 1000.00, 10, TIMESTAMP '2024-05-02 07:00:00 UTC', NULL),"
                        + " (11, 99, 12.00, 1, TIMESTAMP '2024-05-03 08:00:00 UTC', 'no customer')");
        // Position deletes: both engines must apply them.
        trino(ada, "DELETE FROM " + ns + ".orders WHERE id IN (3, 10)");
        trino(ada, "UPDATE " + ns + ".orders SET note = 'corrected', amount = 121.00 WHERE id = 5");

        given().auth()
                .oauth2(ada)
                .contentType("application/json")
                .body(Map.of("column-tags", Map.of("email", List.of("pii"))))
                .patch(Suite.gateway() + "/api/catalog/v1/namespaces/" + ns + "/tables/customers")
                .then()
                .statusCode(200);
        rowFilterPolicy = given().auth()
                .oauth2(Suite.userToken("sam"))
                .contentType("application/json")
                .body(Map.of(
                        "kind", "row-filter",
                        "table", ns + ".customers",
                        "predicate", "country = 'NO'",
                        "applies-to", List.of("role:data-analyst"),
                        "reason", "query parity test: analysts see Norwegian customers"))
                .post(Suite.gateway() + "/api/governance/v1/policies")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        awaitGovernance();
    }

    @AfterAll
    static void dropTables() {
        if (ns == null) {
            return;
        }
        if (rowFilterPolicy != null) {
            given().auth()
                    .oauth2(Suite.userToken("sam"))
                    .queryParam("reason", "query parity test done")
                    .delete(Suite.gateway() + "/api/governance/v1/policies/" + rowFilterPolicy)
                    .then()
                    .statusCode(204);
        }
        String ada = Suite.userToken("ada");
        for (String table : List.of("customers", "orders", "inbox")) {
            Trino.run(ada, "DROP TABLE IF EXISTS " + ns + "." + table);
        }
        Trino.run(ada, "DROP SCHEMA IF EXISTS " + ns);
    }

    /** The tag and the row filter reach every decision cache within seconds; wait until both engines show them. */
    private static void awaitGovernance() throws InterruptedException {
        String ana = Suite.userToken("ana");
        String sql = "SELECT id, email FROM " + ns + ".customers WHERE id = 1";
        for (int attempt = 0; attempt < 60; attempt++) {
            Answer duckdb = run(ana, sql, "duckdb", null);
            Answer trino = run(ana, sql, "trino", null);
            if (masked(duckdb) && masked(trino)) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("the pii tag never masked " + ns + ".customers.email for ana");
    }

    private static boolean masked(Answer answer) {
        return answer.status() == 200
                && answer.rows().size() == 1
                && String.valueOf(answer.rows().get(0).get(1)).matches("[0-9a-f]{64}");
    }

    private List<Query> queries() {
        String c = ns + ".customers";
        String o = ns + ".orders";
        return List.of(
                new Query("SELECT id, name, email, country FROM " + c, false, null),
                new Query("SELECT id, joined, balance FROM " + c + " ORDER BY id", true, null),
                new Query("SELECT id, address, tags FROM " + c, false, null),
                new Query("SELECT id, address.city AS city, tags[1] AS first_tag FROM " + c, false, null),
                new Query(
                        "SELECT country, count(*) AS n, sum(balance) AS total FROM " + c + " GROUP BY country",
                        false,
                        null),
                new Query("SELECT id, customer_id, amount, qty, ordered_at, note FROM " + o, false, null),
                new Query(
                        "SELECT o.id, c.name, c.email, o.amount FROM " + o + " o JOIN " + c
                                + " c ON o.customer_id = c.id",
                        false,
                        null),
                new Query(
                        "SELECT o.id, c.name FROM " + o + " o LEFT JOIN " + c
                                + " c ON o.customer_id = c.id ORDER BY o.id",
                        true,
                        null),
                new Query(
                        "SELECT c.country, sum(o.amount) AS total, count(*) AS n FROM " + o + " o JOIN " + c
                                + " c ON o.customer_id = c.id GROUP BY c.country",
                        false,
                        null),
                new Query(
                        "SELECT id, customer_id, amount, row_number() OVER (PARTITION BY customer_id ORDER BY"
                                + " ordered_at, id) AS rn FROM " + o,
                        false,
                        null),
                new Query(
                        "SELECT id, amount, sum(amount) OVER (ORDER BY id) AS running FROM " + o + " ORDER BY id",
                        true,
                        null),
                new Query(
                        "SELECT id, lag(amount) OVER (ORDER BY id) AS previous FROM " + o + " ORDER BY id", true, null),
                new Query(
                        "WITH t AS (SELECT customer_id, sum(amount) AS total FROM " + o + " GROUP BY customer_id)"
                                + " SELECT customer_id, total, rank() OVER (ORDER BY total DESC) AS r FROM t",
                        false,
                        null),
                new Query(
                        "SELECT id, note, coalesce(note, 'none') AS note_or_none, note IS NULL AS missing FROM " + o,
                        false,
                        null),
                new Query(
                        "SELECT count(*) AS n, count(note) AS with_note, count(DISTINCT customer_id) AS customers"
                                + " FROM " + o,
                        false,
                        null),
                new Query(
                        "SELECT id, ordered_at FROM " + o + " WHERE year(ordered_at) = 2024 AND month(ordered_at)"
                                + " >= 3",
                        false,
                        null),
                new Query(
                        "SELECT date_trunc('month', ordered_at) AS month, sum(amount) AS total FROM " + o
                                + " GROUP BY 1",
                        false,
                        null),
                new Query(
                        "SELECT max(amount) AS top, min(amount) AS low, CAST(sum(qty) AS bigint) AS units,"
                                + " avg(CAST(qty AS double)) AS mean_qty FROM " + o,
                        false,
                        null),
                new Query(
                        "SELECT customer_id AS id FROM " + o + " WHERE amount > 100 UNION SELECT id FROM " + c
                                + " WHERE country = 'SE'",
                        false,
                        null),
                new Query(
                        "SELECT name FROM " + c + " c WHERE EXISTS (SELECT 1 FROM " + o
                                + " o WHERE o.customer_id = c.id AND o.qty > 2)",
                        false,
                        null),
                new Query(
                        "SELECT id, CASE WHEN amount >= 100 THEN 'large' WHEN amount >= 20 THEN 'medium' ELSE"
                                + " 'small' END AS size FROM " + o,
                        false,
                        null),
                new Query(
                        "SELECT upper(name) AS upper_name, length(email) AS email_length FROM " + c
                                + " WHERE email IS NOT NULL",
                        false,
                        null),
                new Query("SELECT id, email FROM " + c + " WHERE email IS NULL OR balance IS NULL", false, null),
                new Query("SELECT id, amount, note FROM " + o, false, Map.of(ns + ".orders", firstOrdersSnapshot)),
                new Query("SELECT count(*) AS n, sum(amount) AS total FROM " + o, false, firstOrdersSnapshot),
                new Query(
                        "SELECT c.name, o.amount FROM " + o + " o JOIN " + c + " c ON o.customer_id = c.id"
                                + " ORDER BY o.amount DESC, c.name LIMIT 3",
                        true,
                        Map.of(ns + ".orders", firstOrdersSnapshot)));
    }

    @Test
    void bothEnginesAnswerEveryPrincipalAlike() {
        SoftAssertions soft = new SoftAssertions();
        int compared = 0;
        for (String principal : PRINCIPALS) {
            String token = Suite.userToken(principal);
            for (Query query : queries()) {
                Answer duckdb = run(token, query.sql(), "duckdb", query.asOf());
                Answer trino = run(token, query.sql(), "trino", query.asOf());
                String what = principal + ": " + query.sql() + (query.asOf() == null ? "" : " as-of " + query.asOf());
                soft.assertThat(duckdb.status())
                        .as("duckdb status, " + what + " " + duckdb.body())
                        .isEqualTo(200);
                soft.assertThat(trino.status())
                        .as("trino status, " + what + " " + trino.body())
                        .isEqualTo(200);
                if (duckdb.status() != 200 || trino.status() != 200) {
                    continue;
                }
                soft.assertThat(duckdb.engine()).isEqualTo("duckdb");
                soft.assertThat(trino.engine()).isEqualTo("trino");
                soft.assertThat(trino.columns()).as("columns, " + what).isEqualTo(duckdb.columns());
                if (query.ordered()) {
                    soft.assertThat(trino.rows()).as("rows, " + what).isEqualTo(duckdb.rows());
                } else {
                    soft.assertThat(trino.rows())
                            .as("rows, " + what)
                            .containsExactlyInAnyOrderElementsOf(duckdb.rows());
                }
                soft.assertThat(duckdb.rows()).as("rows, " + what).isNotEmpty();
                compared++;
            }
        }
        soft.assertAll();
        assertThat(compared).isGreaterThanOrEqualTo(20 * PRINCIPALS.size());
    }

    @Test
    void anAnalystsSelectOnTrinoGetsMaskedAndFilteredRows() {
        String sql = "SELECT id, email, country FROM " + ns + ".customers WHERE email IS NOT NULL ORDER BY id";
        Answer analyst = run(Suite.userToken("ana"), sql, "trino", null);
        assertThat(analyst.status()).as(String.valueOf(analyst.body())).isEqualTo(200);
        assertThat(analyst.engine()).isEqualTo("trino");
        assertThat(analyst.rows()).extracting(row -> row.get(0)).containsExactly(1, 4);
        assertThat(analyst.rows()).allSatisfy(row -> {
            assertThat((String) row.get(1)).matches("[0-9a-f]{64}");
            assertThat(row.get(2)).isEqualTo("NO");
        });
        Answer steward = run(Suite.userToken("sam"), sql, "trino", null);
        assertThat(steward.rows())
                .extracting(row -> row.get(1))
                .containsExactly("ada@example.com", "bo@example.se", "dag@example.no", "eva@example.se");
    }

    @Test
    void autoRunsAnInsertOnTrino() {
        String ada = Suite.userToken("ada");
        trino(ada, "CREATE TABLE IF NOT EXISTS " + ns + ".inbox (id bigint, body varchar)");
        Answer insert = run(ada, "INSERT INTO " + ns + ".inbox VALUES (1, 'hello'), (2, NULL)", "auto", null);
        assertThat(insert.status()).as(String.valueOf(insert.body())).isEqualTo(200);
        assertThat(insert.engine()).isEqualTo("trino");
        assertThat(insert.rows()).containsExactly(List.of(2));
        Answer read = run(ada, "SELECT id, body FROM " + ns + ".inbox ORDER BY id", "duckdb", null);
        assertThat(read.rows()).containsExactly(List.of(1, "hello"), java.util.Arrays.asList(2, null));
        // engine duckdb keeps refusing writes.
        Answer refused = run(ada, "INSERT INTO " + ns + ".inbox VALUES (3, 'no')", "duckdb", null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().path("type").asText()).endsWith("/statement-not-allowed");
    }

    /** Runs a statement through the gateway and reads every page of its answer. */
    private static Answer run(String token, String sql, String engine, Object asOf) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("sql", sql);
        request.put("engine", engine);
        if (asOf != null) {
            request.put("as-of", asOf);
        }
        Response response = given().auth()
                .oauth2(token)
                .contentType("application/json")
                .accept("application/json")
                .body(request)
                .post(Suite.gateway() + "/api/query/v1/statements");
        JsonNode page = read(response);
        if (response.statusCode() != 200) {
            return new Answer(response.statusCode(), List.of(), List.of(), null, page);
        }
        List<List<Object>> rows = new ArrayList<>();
        while (true) {
            for (JsonNode row : page.path("data")) {
                List<Object> values = new ArrayList<>();
                row.forEach(value -> values.add(value.isNull() ? null : JSON.convertValue(value, Object.class)));
                rows.add(values);
            }
            if (!page.hasNonNull("next-uri")) {
                break;
            }
            URI next = URI.create(page.get("next-uri").asText());
            response = given().auth()
                    .oauth2(token)
                    .accept("application/json")
                    .get(Suite.gateway() + next.getRawPath() + "?" + next.getRawQuery());
            page = read(response);
            if (response.statusCode() != 200) {
                return new Answer(response.statusCode(), List.of(), List.of(), null, page);
            }
        }
        List<List<String>> columns = new ArrayList<>();
        page.path("columns")
                .forEach(column -> columns.add(List.of(
                        column.path("name").asText(), column.path("type").asText())));
        return new Answer(200, columns, rows, page.path("stats").path("engine").asText(null), page);
    }

    private static JsonNode read(Response response) {
        try {
            return JSON.readTree(response.asString());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + response.asString(), e);
        }
    }

    private static List<List<Object>> trino(String token, String sql) {
        return Trino.run(token, sql).ok();
    }
}
