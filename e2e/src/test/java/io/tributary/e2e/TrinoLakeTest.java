package io.tributary.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Trino writes to the lake with its default settings, as a platform admin: schemas, tables, CREATE TABLE AS, row-level
 * changes, schema evolution, metadata tables and time travel. Then the lake writer keeps committing to a table Trino
 * wrote to, and Trino reads both its own changes and the ingested rows.
 */
@Order(10)
class TrinoLakeTest {

    private static final Duration DEADLINE = Duration.ofSeconds(120);

    @Test
    void trinoWritesTheLakeAndTheLakeWriterKeepsCommittingAfterIt() throws Exception {
        assumeTrue(Trino.available(), "Trino is not part of this run");
        String ada = Suite.userToken("ada");
        String schema = "e2e_trino_" + Long.toString(System.currentTimeMillis(), 36);
        String orders = schema + ".orders";

        // Schemas and tables, with no location given anywhere: the catalog answers the namespace's default one.
        ok(ada, "CREATE SCHEMA " + schema);
        assertThat(column(Trino.run(ada, "SHOW SCHEMAS").ok(), 0)).contains(schema);
        ok(ada, "CREATE TABLE " + orders + " (order_id bigint, customer varchar, amount decimal(10, 2))");
        ok(ada, "INSERT INTO " + orders + " VALUES (1, 'ada', 12.50), (2, 'bob', 3.25), (3, 'cy', 7.00)");
        assertThat(rows(ada, "SELECT * FROM " + orders)).containsExactly("1|ada|12.50", "2|bob|3.25", "3|cy|7.00");
        List<Object> first = Trino.run(
                        ada,
                        "SELECT snapshot_id, CAST(committed_at AS varchar) FROM \"" + schema
                                + "\".\"orders$snapshots\" ORDER BY committed_at DESC LIMIT 1")
                .ok()
                .get(0);
        long firstSnapshot = ((Number) first.get(0)).longValue();
        String firstCommittedAt = (String) first.get(1);

        // CREATE TABLE AS from a lake table.
        ok(
                ada,
                "CREATE TABLE " + schema + ".big_orders AS SELECT order_id, amount FROM " + orders
                        + " WHERE amount > 5");
        assertThat(rows(ada, "SELECT * FROM " + schema + ".big_orders")).containsExactly("1|12.50", "3|7.00");
        // And from another catalog an admin may read.
        ok(ada, "CREATE TABLE " + schema + ".nations AS SELECT nationkey, name FROM tpch.tiny.nation");
        assertThat(count(ada, "SELECT count(*) FROM " + schema + ".nations")).isEqualTo(25);
        assertThat(rows(ada, "SELECT * FROM " + schema + ".nations WHERE nationkey < 2"))
                .containsExactly("0|ALGERIA", "1|ARGENTINA");
        assertThat(column(Trino.run(ada, "SHOW TABLES FROM " + schema).ok(), 0))
                .contains("orders", "big_orders", "nations");

        // Row-level changes and a new column.
        ok(ada, "DELETE FROM " + orders + " WHERE order_id = 2");
        ok(ada, "UPDATE " + orders + " SET amount = 13.00 WHERE order_id = 1");
        ok(
                ada,
                "MERGE INTO " + orders + " t USING (VALUES (3, 'cy', 8.00), (4, 'dee', 4.00)) AS s(order_id, customer,"
                        + " amount) ON t.order_id = s.order_id"
                        + " WHEN MATCHED THEN UPDATE SET amount = s.amount"
                        + " WHEN NOT MATCHED THEN INSERT (order_id, customer, amount) VALUES (s.order_id, s.customer, s.amount)");
        ok(ada, "ALTER TABLE " + orders + " ADD COLUMN note varchar");
        ok(ada, "INSERT INTO " + orders + " VALUES (5, 'eve', 1.00, 'gift')");
        assertThat(rows(ada, "SELECT * FROM " + orders))
                .containsExactly("1|ada|13.00|null", "3|cy|8.00|null", "4|dee|4.00|null", "5|eve|1.00|gift");

        // Metadata tables: every commit is a snapshot, and the row-level changes wrote position delete files.
        long trinoSnapshots = count(ada, "SELECT count(*) FROM \"" + schema + "\".\"orders$snapshots\"");
        assertThat(trinoSnapshots).isGreaterThanOrEqualTo(6);
        assertThat(count(ada, "SELECT count(*) FROM \"" + schema + "\".\"orders$files\" WHERE content = 1"))
                .isPositive();
        assertThat(count(ada, "SELECT count(*) FROM \"" + schema + "\".\"orders$files\" WHERE content = 0"))
                .isPositive();

        // Time travel to the first insert, by snapshot id and by its commit time.
        assertThat(rows(
                        ada,
                        "SELECT order_id, customer, amount FROM " + orders + " FOR VERSION AS OF " + firstSnapshot))
                .containsExactly("1|ada|12.50", "2|bob|3.25", "3|cy|7.00");
        assertThat(rows(
                        ada,
                        "SELECT order_id, customer, amount FROM " + orders + " FOR TIMESTAMP AS OF TIMESTAMP '"
                                + firstCommittedAt + "'"))
                .containsExactly("1|ada|12.50", "2|bob|3.25", "3|cy|7.00");

        // Producers may now write the table Trino made; records go through the ingest path and the lake writer.
        given().auth()
                .oauth2(ada)
                .contentType("application/json")
                .body("{\"producers\": [\"example-producer\"]}")
                .when()
                .put(Suite.gateway() + "/api/catalog/v1/namespaces/" + schema + "/tables/orders/contract")
                .then()
                .statusCode(200);
        String producer = Suite.producerToken();
        String url = Suite.gateway() + "/api/ingest/v1/tables/" + schema + "/orders/records";
        // The contract change reaches governance's decisions through Kafka: until it has, the producer is refused
        // (403, nothing published), so the post is repeated for a while.
        String records = "[{\"order_id\": 6, \"customer\": \"fay\", \"amount\": \"2.50\", \"note\": \"ingested\"},"
                + " {\"order_id\": 7, \"customer\": \"gus\"}]";
        io.restassured.response.Response posted = LakeWriterTest.poll(
                () -> given().auth()
                        .oauth2(producer)
                        .contentType("application/json")
                        .body(records)
                        .when()
                        .post(url),
                r -> r.statusCode() != 403,
                java.time.Duration.ofSeconds(30));
        posted.then().statusCode(200).body("accepted", equalTo(2));
        List<String> landed =
                LakeWriterTest.poll(() -> rows(ada, "SELECT * FROM " + orders), r -> r.size() >= 6, DEADLINE);
        assertThat(landed)
                .containsExactly(
                        "1|ada|13.00|null",
                        "3|cy|8.00|null",
                        "4|dee|4.00|null",
                        "5|eve|1.00|gift",
                        "6|fay|2.50|ingested",
                        "7|gus|null|null");
        assertThat(count(ada, "SELECT count(*) FROM \"" + schema + "\".\"orders$snapshots\""))
                .isGreaterThan(trinoSnapshots);
        assertThat(count(
                        ada,
                        "SELECT count(*) FROM \"" + schema + "\".\"orders$snapshots\""
                                + " WHERE element_at(summary, 'tributary.kafka.offsets') IS NOT NULL"))
                .isPositive();

        // Trino still commits after the lake writer, and the writer after Trino again.
        ok(ada, "DELETE FROM " + orders + " WHERE order_id = 7");
        given().auth()
                .oauth2(producer)
                .contentType("application/json")
                .body("{\"order_id\": 8, \"customer\": \"hal\"}")
                .when()
                .post(url)
                .then()
                .statusCode(200)
                .body("accepted", equalTo(1));
        List<String> last =
                LakeWriterTest.poll(() -> rows(ada, "SELECT order_id FROM " + orders), r -> r.contains("8"), DEADLINE);
        assertThat(last).containsExactly("1", "3", "4", "5", "6", "8");
    }

    private static void ok(String token, String sql) {
        Trino.run(token, sql).ok();
    }

    /** The rows ordered by their first column, each as its values joined by {@code |}. */
    private static List<String> rows(String token, String sql) {
        return Trino.run(token, "SELECT * FROM (" + sql + ") ORDER BY 1").ok().stream()
                .map(row -> row.stream().map(String::valueOf).collect(Collectors.joining("|")))
                .toList();
    }

    private static List<String> column(List<List<Object>> rows, int index) {
        return rows.stream().map(row -> String.valueOf(row.get(index))).toList();
    }

    private static long count(String token, String sql) {
        return ((Number) Trino.run(token, sql).ok().get(0).get(0)).longValue();
    }
}
