package io.tributary.query.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.ValidatableResponse;
import io.tributary.auth.testing.TestTokens;
import io.tributary.query.core.CheckRunner;
import io.tributary.query.testing.RecordingAuditSink;
import io.tributary.query.testing.TestLake;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class ChecksApiTest {

    static final String PATH = "/api/query/v1/checks";
    static final String GOVERNANCE = "tributary-governance";
    static final Schema EVENTS = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "email", Types.StringType.get()));

    /** {@code checks.appended}: two appends of 3 and 2 rows; {@code checks.deleted}: the same, then A's file deleted. */
    private static Lake lake;

    @Inject
    RecordingAuditSink audit;

    record Lake(long firstAppend, long secondAppend, long deleted) {}

    static synchronized Lake lake() {
        if (lake == null) {
            var catalog = TestLake.get().catalog();
            if (!catalog.namespaceExists(Namespace.of("checks"))) {
                catalog.createNamespace(Namespace.of("checks"));
            }
            Table appended = create("appended");
            DataFile first = append(appended, 1, 3);
            long firstAppend = appended.currentSnapshot().snapshotId();
            append(appended, 4, 2);
            long secondAppend = appended.currentSnapshot().snapshotId();
            Table deleted = create("deleted");
            DataFile a = append(deleted, 1, 3);
            append(deleted, 4, 2);
            deleted.newDelete().deleteFile(a).commit();
            lake = new Lake(firstAppend, secondAppend, deleted.currentSnapshot().snapshotId());
            assertThat(first).isNotNull();
        }
        return lake;
    }

    private static Table create(String name) {
        TableIdentifier id = TableIdentifier.of("checks", name);
        var catalog = TestLake.get().catalog();
        if (catalog.tableExists(id)) {
            catalog.dropTable(id, true);
        }
        return catalog.createTable(
                id, EVENTS, PartitionSpec.unpartitioned(), Map.of(TableProperties.FORMAT_VERSION, "2"));
    }

    private static DataFile append(Table table, long firstId, int count) {
        List<Record> records = IntStream.range(0, count)
                .mapToObj(i -> {
                    GenericRecord record = GenericRecord.create(EVENTS);
                    record.setField("id", firstId + i);
                    record.setField("email", "user" + (firstId + i) + "@example.com");
                    return (Record) record;
                })
                .toList();
        try {
            DataFile file = TestLake.writeData(table, EVENTS, records);
            table.newAppend().appendFile(file).commit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ValidatableResponse post(String token, String body) {
        lake();
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(body)
                .post(PATH)
                .then();
    }

    static String governance() {
        return TestTokens.withRoles(GOVERNANCE, "data-steward", "data-analyst");
    }

    static final String COUNTS = "\"queries\": [{\"id\": \"all\", \"sql\": \"SELECT count(*) AS n FROM {table} AS t\"},"
            + " {\"id\": \"new\", \"sql\": \"SELECT count(*) AS n, min(id) AS first FROM {new_rows} AS r\"}]";

    @Test
    void countsTheSnapshotAndTheRowsItsAppendAdded() {
        post(governance(), "{\"table\": \"checks.appended\", " + COUNTS + "}")
                .statusCode(200)
                .body("table", equalTo("checks.appended"))
                .body("snapshot-id", equalTo(lake().secondAppend()))
                .body("new-rows.after", equalTo(lake().firstAppend()))
                .body("new-rows.data-files", equalTo(1))
                .body("new-rows.exact", equalTo(true))
                .body("results.id", contains("all", "new"))
                .body("results[0].columns", contains("n"))
                .body("results[0].rows", contains(contains(5)))
                .body("results[0].truncated", equalTo(false))
                .body("results[1].rows", contains(contains(2, 4)));
        // From the first snapshot on: the first append's rows are the snapshot's own.
        post(
                        governance(),
                        "{\"table\": \"checks.appended\", \"snapshot-id\": " + lake().firstAppend() + ", " + COUNTS
                                + "}")
                .statusCode(200)
                .body("new-rows.after", nullValue())
                .body("new-rows.exact", equalTo(true))
                .body("results[0].rows", contains(contains(3)))
                .body("results[1].rows", contains(contains(3, 1)));
        post(
                        governance(),
                        "{\"table\": \"checks.appended\", \"new-rows-after\": " + lake().secondAppend() + ", " + COUNTS
                                + "}")
                .statusCode(200)
                .body("new-rows.data-files", equalTo(0))
                .body("results[1].rows", contains(contains(0, null)));
        assertThat(audit.events()).anySatisfy(event -> {
            assertThat(event.action()).isEqualTo(CheckRunner.ACTION);
            assertThat(event.principal()).isEqualTo(GOVERNANCE);
            assertThat(event.tables()).containsExactly("checks.appended");
            assertThat(event.outcome()).isEqualTo("succeeded");
            assertThat(event.details())
                    .containsEntry("snapshotId", lake().secondAppend())
                    .containsEntry("queries", 2);
        });
    }

    @Test
    void newRowsAreTheWholeTableAfterADeleteOrFromAnotherLine() {
        post(governance(), "{\"table\": \"checks.deleted\", " + COUNTS + "}")
                .statusCode(200)
                .body("snapshot-id", equalTo(lake().deleted()))
                .body("new-rows.exact", equalTo(false))
                .body("results[0].rows", contains(contains(2)))
                .body("results[1].rows", contains(contains(2, 4)));
        post(governance(), "{\"table\": \"checks.appended\", \"new-rows-after\": 42, " + COUNTS + "}")
                .statusCode(200)
                .body("new-rows.after", equalTo(42))
                .body("new-rows.exact", equalTo(false))
                .body("results[1].rows", contains(contains(5, 1)));
    }

    @Test
    void checksSeeTheStoredValuesWhereStatementsSeeTheMask() {
        assertThat(StatementsApiTest.all(
                        "ada",
                        StatementsApiTest.post("ada", "{\"sql\": \"SELECT email FROM sales.orders WHERE id = 1\"}")))
                .containsExactly(List.of("***"));
        String query = "{\"table\": \"sales.orders\", \"queries\": [{\"id\": \"email\", "
                + "\"sql\": \"SELECT email FROM {table} AS t WHERE id = 1\"}]}";
        post(governance(), query).statusCode(200).body("results[0].rows", contains(contains("ann@example.com")));
        post(TestTokens.withRoles("ada", "platform-admin"), query)
                .statusCode(200)
                .body("results[0].rows", contains(contains("ann@example.com")));
    }

    @Test
    void aFailingQueryIsItsOwnErrorAndTheOthersRun() {
        post(
                        governance(),
                        "{\"table\": \"checks.appended\", \"max-rows\": 2, \"queries\": ["
                                + "{\"id\": \"bad\", \"sql\": \"SELECT nope FROM {table} AS t\"},"
                                + "{\"id\": \"div\", \"sql\": \"SELECT CAST('x' AS INTEGER) FROM {table} AS t\"},"
                                + "{\"id\": \"ids\", \"sql\": \"SELECT id FROM {table} AS t ORDER BY id\"}]}")
                .statusCode(200)
                .body("results.id", contains("bad", "div", "ids"))
                .body("results[0].error", containsString("Binder Error"))
                .body("results[0].rows", nullValue())
                .body("results[1].error", containsString("Conversion Error"))
                .body("results[2].rows", contains(contains(1), contains(2)))
                .body("results[2].truncated", equalTo(true));
    }

    @Test
    void badRequestsNameTheField() {
        String one = "[{\"id\": \"a\", \"sql\": \"SELECT 1\"}]";
        post(governance(), "{\"queries\": " + one + "}")
                .statusCode(400)
                .body("type", equalTo("https://tributary.io/problems/invalid-request"))
                .body("errors.pointer", hasItem("/table"));
        post(
                        governance(),
                        "{\"table\": \"checks.appended\", \"queries\": [{\"id\": \"a\", \"sql\": \"SELECT 1\"},"
                                + " {\"id\": \"a\", \"sql\": \"SELECT 2\"}, {\"sql\": \"SELECT 3\"}]}")
                .statusCode(400)
                .body("errors.pointer", contains("/queries/1/id", "/queries/2/id"));
        String many = IntStream.range(0, 51)
                .mapToObj(i -> "{\"id\": \"q" + i + "\", \"sql\": \"SELECT 1\"}")
                .collect(Collectors.joining(",", "[", "]"));
        post(governance(), "{\"table\": \"checks.appended\", \"queries\": " + many + "}")
                .statusCode(400)
                .body("errors.pointer", contains("/queries"));
        post(governance(), "{\"table\": \"checks.appended\", \"queries\": []}")
                .statusCode(400)
                .body("errors.pointer", contains("/queries"));
        post(
                        governance(),
                        "{\"table\": \"checks.appended\", \"queries\": [{\"id\": \"ok\", \"sql\": \"SELECT 1\"},"
                                + " {\"id\": \"write\", \"sql\": \"DELETE FROM {table}\"},"
                                + " {\"id\": \"other\", \"sql\": \"SELECT * FROM sales.orders\"},"
                                + " {\"id\": \"file\", \"sql\": \"SELECT * FROM read_parquet('/etc/passwd')\"},"
                                + " {\"id\": \"bare\", \"sql\": \"SELECT * FROM orders\"},"
                                + " {\"id\": \"two\", \"sql\": \"SELECT 1; SELECT 2\"}]}")
                .statusCode(400)
                .body("type", equalTo("https://tributary.io/problems/invalid-request"))
                .body(
                        "errors.pointer",
                        contains(
                                "/queries/1/sql",
                                "/queries/2/sql",
                                "/queries/3/sql",
                                "/queries/4/sql",
                                "/queries/5/sql"))
                .body("errors[1].message", containsString("sales.orders"));
        post(governance(), "{\"table\": \"checks.appended\", \"max-rows\": 10001, \"queries\": " + one + "}")
                .statusCode(400)
                .body("errors.pointer", contains("/max-rows"));
        post(governance(), "{\"table\": ")
                .statusCode(400)
                .body("type", equalTo("https://tributary.io/problems/malformed-json"));
        String big = "x".repeat(ChecksResource.MAX_BODY_BYTES);
        post(
                        governance(),
                        "{\"table\": \"checks.appended\", \"queries\": [{\"id\": \"a\", \"sql\": \"SELECT '" + big
                                + "'\"}]}")
                .statusCode(413)
                .body("type", equalTo("https://tributary.io/problems/too-large"));
        assertThat(audit.events())
                .anySatisfy(event -> assertThat(event.outcome()).isEqualTo("refused"));
    }

    @Test
    void onlyTheListedClientsAndPlatformAdminsMayRunChecks() {
        String body = "{\"table\": \"checks.appended\", " + COUNTS + "}";
        post(TestTokens.withRoles("ana", "data-analyst"), body)
                .statusCode(403)
                .body("type", equalTo("https://tributary.io/problems/forbidden"));
        post(TestTokens.withRoles("tributary-query", "data-steward", "data-analyst"), body)
                .statusCode(403)
                .body("detail", containsString("tributary-query"));
        given().contentType("application/json").body(body).post(PATH).then().statusCode(401);
        assertThat(audit.events()).anySatisfy(event -> {
            assertThat(event.action()).isEqualTo(CheckRunner.ACTION);
            assertThat(event.principal()).isEqualTo("ana");
            assertThat(event.outcome()).isEqualTo("denied");
        });
    }

    @Test
    void unknownSnapshotsAndTablesAre404() {
        post(governance(), "{\"table\": \"checks.appended\", \"snapshot-id\": 42, " + COUNTS + "}")
                .statusCode(404)
                .body("type", equalTo("https://tributary.io/problems/not-found"))
                .body("detail", containsString("no snapshot 42"));
        post(governance(), "{\"table\": \"checks.missing\", " + COUNTS + "}")
                .statusCode(404)
                .body("type", equalTo("https://tributary.io/problems/unknown-table"));
    }
}
