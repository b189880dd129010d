package io.tributary.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/**
 * Governance's checks endpoint on the running suite: records posted twice through the gateway, then counted on the
 * snapshot and on the rows the second post added, with governance's own client-credentials token.
 */
class QueryChecksTest {

    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "email", Types.StringType.get()));

    @Test
    void governanceCountsTheSnapshotAndTheRowsTheLastPostAdded() throws Exception {
        String namespace = "e2e_checks_" + Long.toString(System.currentTimeMillis(), 36);
        TableIdentifier id = TableIdentifier.of(Namespace.of(namespace), "signups");
        String url = Suite.gateway() + "/api/ingest/v1/tables/" + namespace + "/signups/records";
        try (RESTCatalog admin = Suite.catalog(Suite.userToken("ada"))) {
            LakeWriterTest.createTable(admin, id, SCHEMA, PartitionSpec.unpartitioned());
            post(url, "[{\"id\": 1, \"email\": \"a@example.com\"}, {\"id\": 2}, {\"id\": 3}]");
            long first = snapshotWithRows(admin, id, 3);
            post(url, "[{\"id\": 4, \"email\": \"d@example.com\"}, {\"id\": 5}]");
            long second = snapshotWithRows(admin, id, 5);

            String body = "{\"table\": \"" + namespace + ".signups\", \"new-rows-after\": " + first + ", \"queries\": ["
                    + "{\"id\": \"rows\", \"sql\": \"SELECT count(*) AS n FROM {table} AS t\"},"
                    + "{\"id\": \"new\", \"sql\": \"SELECT count(*) AS n, min(id) AS low FROM {new_rows} AS r\"},"
                    + "{\"id\": \"email\", \"sql\": \"SELECT email FROM {table} AS t WHERE id = 4\"},"
                    + "{\"id\": \"bad\", \"sql\": \"SELECT nope FROM {table} AS t\"}]}";
            JsonPath answer = given().auth()
                    .oauth2(Suite.serviceToken("tributary-governance"))
                    .contentType("application/json")
                    .body(body)
                    .post(Suite.gateway() + "/api/query/v1/checks")
                    .then()
                    .statusCode(200)
                    .body("snapshot-id", equalTo(second))
                    .body("new-rows.after", equalTo(first))
                    .body("new-rows.exact", equalTo(true))
                    .extract()
                    .jsonPath();
            assertThat(answer.getList("results[0].rows")).isEqualTo(List.of(List.of(5)));
            assertThat(answer.getList("results[1].rows")).isEqualTo(List.of(List.of(2, 4)));
            assertThat(answer.getList("results[2].rows")).isEqualTo(List.of(List.of("d@example.com")));
            assertThat(answer.getString("results[3].error")).contains("Binder Error");

            given().auth()
                    .oauth2(Suite.userToken("ana"))
                    .contentType("application/json")
                    .body(body)
                    .post(Suite.serviceUrl("query") + "/api/query/v1/checks")
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json");
        }
    }

    private static void post(String url, String records) {
        given().auth()
                .oauth2(Suite.producerToken())
                .contentType("application/json")
                .body(records)
                .post(url)
                .then()
                .statusCode(200);
    }

    /** The current snapshot once the table holds {@code rows} rows, by its summary. */
    private static long snapshotWithRows(RESTCatalog catalog, TableIdentifier id, long rows) throws Exception {
        Table table = LakeWriterTest.poll(
                () -> catalog.loadTable(id),
                t -> t.currentSnapshot() != null
                        && Long.parseLong(t.currentSnapshot().summary().getOrDefault("total-records", "0")) >= rows,
                Duration.ofSeconds(120));
        assertThat(table.currentSnapshot()).as("a snapshot of %s", id).isNotNull();
        assertThat(table.currentSnapshot().summary()).containsEntry("total-records", Long.toString(rows));
        return table.currentSnapshot().snapshotId();
    }
}
