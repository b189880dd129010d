package io.tributary.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A federated Trino catalog (warehouse_pg: a PostgreSQL database of its own, infra/trino/federation.properties) joins
 * with the lake under the same governance: admins reach it through MANAGE on {@code *}, analysts only once a steward
 * grants the catalog by name, since their SELECT on {@code *} means the lake.
 */
class FederationTest {

    private static final String POLICIES = "/api/governance/v1/policies";
    private static final String CATALOG = "warehouse_pg";
    private static final String SUFFIX = Long.toString(System.currentTimeMillis(), 36);
    private static final String PG_TABLE = "e2e_customers_" + SUFFIX;
    private static final String SCHEMA = "e2e_fed_" + SUFFIX;
    private static final String JOIN = "SELECT o.order_id, c.name, o.amount FROM iceberg." + SCHEMA + ".orders o JOIN "
            + CATALOG + ".public." + PG_TABLE + " c ON o.customer_id = c.id ORDER BY o.order_id";
    private static final List<List<Object>> JOINED =
            List.of(List.of(1, "Ada", "12.50"), List.of(2, "Bob", "3.25"), List.of(3, "Ada", "7.00"));

    private static boolean lakeSchemaMade;
    private static boolean pgTableMade;
    private static String grantId;

    @BeforeAll
    static void aPostgresTableAndALakeTable() throws SQLException {
        assumeTrue(Trino.available(), "Trino is not part of this run");
        try (Connection pg = federationDatabase();
                Statement sql = pg.createStatement()) {
            sql.execute("CREATE TABLE " + PG_TABLE + " (id bigint PRIMARY KEY, name text NOT NULL)");
            pgTableMade = true;
            sql.execute("INSERT INTO " + PG_TABLE + " VALUES (10, 'Ada'), (20, 'Bob'), (30, 'Cy')");
        }
        ok(admin(), "CREATE SCHEMA iceberg." + SCHEMA);
        lakeSchemaMade = true;
        ok(
                admin(),
                "CREATE TABLE iceberg." + SCHEMA + ".orders (order_id integer, customer_id bigint, amount"
                        + " decimal(10, 2))");
        ok(admin(), "INSERT INTO iceberg." + SCHEMA + ".orders VALUES (1, 10, 12.50), (2, 20, 3.25), (3, 10, 7.00)");
    }

    @AfterAll
    static void restorePoliciesAndDropTheTables() throws SQLException {
        if (grantId != null) {
            given().header("Authorization", "Bearer " + steward())
                    .queryParam("reason", "end of FederationTest")
                    .delete(Suite.gateway() + POLICIES + "/" + grantId)
                    .then()
                    .statusCode(204);
        }
        if (lakeSchemaMade) {
            Trino.run(admin(), "DROP TABLE IF EXISTS iceberg." + SCHEMA + ".orders");
            Trino.run(admin(), "DROP SCHEMA IF EXISTS iceberg." + SCHEMA);
        }
        if (pgTableMade) {
            try (Connection pg = federationDatabase();
                    Statement sql = pg.createStatement()) {
                sql.execute("DROP TABLE IF EXISTS " + PG_TABLE);
            }
        }
    }

    @Test
    void theLakeJoinsAPostgresTableForAdminsAndForAnalystsOnceGranted() {
        assertThat(Trino.run(admin(), "SELECT count(*) FROM tpch.tiny.nation").ok())
                .containsExactly(List.of(25));
        assertThat(Trino.run(admin(), JOIN).ok()).containsExactlyElementsOf(JOINED);

        // The analysts' bootstrap SELECT on * is the lake only: no federated catalog without a grant naming it.
        for (String sql : List.of(JOIN, "SELECT count(*) FROM tpch.tiny.nation")) {
            Trino.Result denied = Trino.run(analyst(), sql);
            assertThat(denied.failed()).as(sql).isTrue();
            assertThat(denied.errorName()).isEqualTo("PERMISSION_DENIED");
            assertThat(denied.errorMessage()).startsWith("Access Denied");
        }

        // A grant may name only a catalog Trino has.
        given().header("Authorization", "Bearer " + steward())
                .contentType(ContentType.JSON)
                .body(grant("catalog:nosuch"))
                .post(Suite.gateway() + POLICIES)
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors[0].pointer", org.hamcrest.Matchers.equalTo("/securable"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("'nosuch'"));

        grantId = given().header("Authorization", "Bearer " + steward())
                .contentType(ContentType.JSON)
                .body(grant("catalog:" + CATALOG + ".public." + PG_TABLE))
                .post(Suite.gateway() + POLICIES)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Trino.Result granted = poll(() -> Trino.run(analyst(), JOIN), result -> !result.failed());
        assertThat(granted.ok()).containsExactlyElementsOf(JOINED);
        // The grant names one table: the rest of the catalog stays out of reach.
        assertThat(Trino.run(analyst(), "SELECT count(*) FROM tpch.tiny.nation").failed())
                .isTrue();
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static Map<String, Object> grant(String securable) {
        return Map.of(
                "kind", "grant",
                "principal", "role:data-analyst",
                "privilege", "SELECT",
                "securable", securable,
                "reason", "analysts may join the customers of " + CATALOG);
    }

    private static Connection federationDatabase() throws SQLException {
        String url = "jdbc:postgresql://" + Suite.setting("TRIBUTARY_PG_HOST", "127.0.0.1") + ":"
                + Suite.setting("TRIBUTARY_PG_PORT", "15432") + "/federation";
        String password = Suite.setting("TRIBUTARY_SECRET_PG_FEDERATION", null);
        assumeTrue(password != null, "TRIBUTARY_SECRET_PG_FEDERATION is not set: the launcher makes it");
        return DriverManager.getConnection(url, "federation", password);
    }

    private static void ok(String token, String sql) {
        Trino.run(token, sql).ok();
    }

    private static String admin() {
        return Suite.userToken("ada");
    }

    private static String analyst() {
        return Suite.userToken("ana");
    }

    private static String steward() {
        return Suite.userToken("sam");
    }

    /** Policies reach every decision cache within about a second; a few seconds of patience for the slow case. */
    private static Trino.Result poll(Supplier<Trino.Result> query, Predicate<Trino.Result> done) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Trino.Result result = query.get();
        while (!done.test(result) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return result;
            }
            result = query.get();
        }
        return result;
    }
}
