package io.tributary.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Table maintenance on the real path: the lake writer fills a table with one snapshot and one small file per batch, an
 * admin triggers maintenance through the gateway, and the table ends with fewer snapshots and files, the same rows,
 * and a writer that resumes from its checkpoint and writes every later record exactly once.
 */
@Order(16)
class TableMaintenanceTest {

    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "note", Types.StringType.get()));

    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final int BATCH = 10;

    @Test
    void maintenanceShrinksTheTableKeepsEveryRowAndTheWriterResumesExactlyOnce() throws Exception {
        String namespace = "e2e_maint_" + Long.toString(System.currentTimeMillis(), 36);
        TableIdentifier id = TableIdentifier.of(Namespace.of(namespace), "events");
        try (RESTCatalog admin = Suite.catalog(Suite.userToken("ada"));
                RESTCatalog analyst = Suite.catalog(Suite.userToken("ana"))) {
            LakeWriterTest.createTable(admin, id, SCHEMA, PartitionSpec.unpartitioned());
            int batches = 15;
            for (int b = 0; b < batches; b++) {
                push(namespace, b);
                long expected = (long) (b + 1) * BATCH;
                long landed = LakeWriterTest.poll(() -> totalRecords(analyst, id), n -> n >= expected, DEADLINE);
                assertThat(landed).as("records after batch %s", b).isEqualTo(expected);
            }
            Table before = analyst.loadTable(id);
            int snapshotsBefore = size(before.snapshots());
            long filesBefore = Long.parseLong(before.currentSnapshot().summary().get("total-data-files"));
            assertThat(snapshotsBefore).isGreaterThanOrEqualTo(batches);
            assertThat(filesBefore).isGreaterThanOrEqualTo(batches);

            JsonPath answer = maintain(
                            Suite.userToken("ada"),
                            namespace,
                            "events",
                            "{\"older-than\": \"PT0S\", \"retain-last\": 1, \"max-manifests\": 1}")
                    .statusCode(200)
                    .body("table", equalTo(namespace + ".events"))
                    .body("outcome", equalTo("done"))
                    .extract()
                    .jsonPath();
            System.out.println("maintenance answered: " + answer.prettify());
            assertThat(answer.getList("actions.action"))
                    .containsExactly("compact", "rewrite-manifests", "expire-snapshots", "remove-orphans");
            assertThat(answer.getString("actions[0].outcome")).isEqualTo("done");
            assertThat(answer.getLong("actions[0].files-rewritten")).isEqualTo(filesBefore);
            assertThat(answer.getLong("actions[0].files-added")).isEqualTo(1);
            assertThat(answer.getString("actions[2].outcome")).isEqualTo("done");
            assertThat(answer.getLong("actions[2].snapshots-expired")).isPositive();

            Table after = analyst.loadTable(id);
            int snapshotsAfter = size(after.snapshots());
            long filesAfter = Long.parseLong(after.currentSnapshot().summary().get("total-data-files"));
            System.out.printf(
                    "maintenance: snapshots %d -> %d, data files %d -> %d%n",
                    snapshotsBefore, snapshotsAfter, filesBefore, filesAfter);
            assertThat(snapshotsAfter).isLessThan(snapshotsBefore);
            assertThat(filesAfter).isLessThan(filesBefore);
            assertRowsExactlyOnce(analyst, id, batches * BATCH);

            // The writer resumes from its checkpoint: later records land once, earlier ones are not written again.
            int more = 5;
            for (int b = batches; b < batches + more; b++) {
                push(namespace, b);
            }
            long total = (long) (batches + more) * BATCH;
            LakeWriterTest.poll(() -> totalRecords(analyst, id), n -> n >= total, DEADLINE);
            Thread.sleep(3000); // a duplicate would land in the next commit or two
            assertRowsExactlyOnce(analyst, id, (int) total);
        }
    }

    @Test
    void refusesCallersWithoutTheAdminRoleBadInputAndUnknownTables() {
        String path = Suite.gateway() + "/api/ingest/v1/admin/maintenance/e2e_nowhere/none";
        given().contentType("application/json")
                .body("{}")
                .when()
                .post(path)
                .then()
                .statusCode(401);
        for (String user : List.of("ana", "pat", "sam", "nora")) {
            given().auth()
                    .oauth2(Suite.userToken(user))
                    .contentType("application/json")
                    .body("{}")
                    .when()
                    .post(path)
                    .then()
                    .statusCode(403);
        }
        String ada = Suite.userToken("ada");
        maintain(ada, "e2e_nowhere", "none", "{\"actions\": [\"vacuum\"]}")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/actions/0"));
        maintain(ada, "e2e_nowhere", "none", "{\"orphan-older-than\": \"PT5M\"}")
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/orphan-older-than"));
        maintain(ada, "e2e_nowhere", "none", "{\"actions\": ").statusCode(400).contentType("application/problem+json");
        maintain(ada, "e2e_nowhere", "none", "{\"actions\": [\"compact\"]}")
                .statusCode(404)
                .contentType("application/problem+json");
    }

    private static ValidatableResponse maintain(String token, String namespace, String table, String body) {
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(body)
                .when()
                .post(Suite.gateway() + "/api/ingest/v1/admin/maintenance/" + namespace + "/" + table)
                .then();
    }

    private static void push(String namespace, int batch) {
        String records = IntStream.range(0, BATCH)
                .mapToObj(i -> "{\"id\": " + (batch * BATCH + i) + ", \"note\": \"batch " + batch + "\"}")
                .collect(Collectors.joining(",", "[", "]"));
        given().auth()
                .oauth2(Suite.producerToken())
                .contentType("application/json")
                .body(records)
                .when()
                .post(Suite.gateway() + "/api/ingest/v1/tables/" + namespace + "/events/records")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(BATCH));
    }

    private static long totalRecords(RESTCatalog catalog, TableIdentifier id) {
        Table table = catalog.loadTable(id);
        return table.currentSnapshot() == null
                ? 0
                : Long.parseLong(table.currentSnapshot().summary().getOrDefault("total-records", "0"));
    }

    private static void assertRowsExactlyOnce(RESTCatalog catalog, TableIdentifier id, int expected) {
        List<Record> rows = LakeWriterTest.rows(catalog, id);
        Set<Object> distinct = new HashSet<>();
        rows.forEach(r -> distinct.add(r.getField("id")));
        assertThat(rows).as("rows").hasSize(expected);
        assertThat(distinct).as("distinct ids").hasSize(expected);
    }

    private static int size(Iterable<?> items) {
        int n = 0;
        for (Object ignored : items) {
            n++;
        }
        return n;
    }
}
