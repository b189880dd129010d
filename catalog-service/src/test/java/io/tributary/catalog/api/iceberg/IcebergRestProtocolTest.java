package io.tributary.catalog.api.iceberg;

import static io.restassured.RestAssured.given;
import static io.tributary.catalog.api.iceberg.IcebergTestFixture.assertErrorModel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.specification.RequestSpecification;
import io.tributary.auth.Roles;
import io.tributary.auth.testing.TestTokens;
import io.tributary.catalog.core.iceberg.TributaryCatalog;
import io.tributary.contracts.iceberg.WriterView;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Iceberg REST protocol as an engine sees it on the wire: config, paging, error codes and ErrorModel bodies,
 * multi-table transactions, metrics reports, and bad input that is refused without leaving anything behind.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(TemporaryWarehouse.class)
class IcebergRestProtocolTest {

    private static final String SCHEMA_JSON =
            "{\"type\": \"struct\", \"schema-id\": 0, \"fields\": [{\"id\": 1, \"name\": \"id\", \"required\": true, \"type\": \"long\"}]}";
    private static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));

    @Inject
    IcebergTestFixture fixture;

    @Inject
    TributaryCatalog catalog;

    @BeforeEach
    void emptyCatalog() {
        fixture.reset();
    }

    private static RequestSpecification admin() {
        return given().contentType("application/json").auth().oauth2(TestTokens.withRoles("ada", Roles.PLATFORM_ADMIN));
    }

    private static void createNamespace(String... levels) {
        String json = java.util.Arrays.stream(levels)
                .map(level -> "\"" + level + "\"")
                .collect(Collectors.joining(","));
        admin().body("{\"namespace\": [" + json + "]}")
                .post("/iceberg/v1/namespaces")
                .then()
                .statusCode(200);
    }

    private static void createTable(String namespace, String name) {
        admin().body("{\"name\": \"" + name + "\", \"schema\": " + SCHEMA_JSON + "}")
                .post("/iceberg/v1/namespaces/" + namespace + "/tables")
                .then()
                .statusCode(200);
    }

    // ---- config ----------------------------------------------------------------------------------------------------

    @Test
    void configListsTheEndpointsAndAcceptsOnlyThisWarehouse() {
        admin().get("/iceberg/v1/config")
                .then()
                .statusCode(200)
                .body("endpoints", hasItem("POST /v1/{prefix}/transactions/commit"))
                .body("endpoints", hasItem("GET /v1/{prefix}/namespaces/{namespace}/views/{view}"))
                .body("defaults", hasKey("warehouse"))
                .body("defaults.rest-page-size", equalTo("1000"))
                .body("overrides", notNullValue());
        admin().queryParam("warehouse", "tributary")
                .get("/iceberg/v1/config")
                .then()
                .statusCode(200);
        assertErrorModel(
                admin().queryParam("warehouse", "elsewhere")
                        .get("/iceberg/v1/config")
                        .then(),
                404,
                "NoSuchWarehouseException");
    }

    @Test
    void theCatalogNameServesAsTheOptionalPathPrefix() throws Exception {
        try (RESTCatalog prefixed = fixture.restCatalog("prefixed", Map.of("prefix", "tributary"))) {
            prefixed.createNamespace(Namespace.of("sales"));
            prefixed.createTable(TableIdentifier.of("sales", "orders"), SCHEMA);
            assertThat(prefixed.listTables(Namespace.of("sales")))
                    .containsExactly(TableIdentifier.of("sales", "orders"));
        }
        admin().get("/iceberg/v1/tributary/namespaces/sales/tables/orders")
                .then()
                .statusCode(200);
        admin().get("/iceberg/v1/namespaces/sales/tables/orders").then().statusCode(200);
    }

    // ---- namespaces ------------------------------------------------------------------------------------------------

    @Test
    void namespacesArePagedInNameOrder() {
        for (String name : List.of("e", "c", "a", "d", "b")) {
            createNamespace(name);
        }
        List<String> seen = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            var page = admin().queryParam("pageSize", 2)
                    .queryParam("pageToken", token)
                    .get("/iceberg/v1/namespaces")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            List<List<String>> namespaces = page.getList("namespaces");
            assertThat(namespaces).hasSizeLessThanOrEqualTo(2);
            namespaces.forEach(namespace -> seen.add(namespace.get(0)));
            token = page.getString("next-page-token");
            pages++;
        } while (token != null);
        assertThat(seen).containsExactly("a", "b", "c", "d", "e");
        assertThat(pages).isEqualTo(3);
        assertErrorModel(
                admin().queryParam("pageSize", 0).get("/iceberg/v1/namespaces").then(),
                400,
                "IllegalArgumentException");
    }

    @Test
    void nestedNamespacesAreListedUnderTheirParent() {
        createNamespace("lake");
        createNamespace("lake", "raw");
        createNamespace("lake", "curated");
        admin().queryParam("parent", "lake")
                .get("/iceberg/v1/namespaces")
                .then()
                .statusCode(200)
                .body("namespaces", equalTo(List.of(List.of("lake", "curated"), List.of("lake", "raw"))));
        admin().urlEncodingEnabled(false)
                .get("/iceberg/v1/namespaces/lake%1Fraw")
                .then()
                .statusCode(200)
                .body("namespace", equalTo(List.of("lake", "raw")));
        assertErrorModel(
                admin().body("{\"namespace\": [\"nowhere\", \"child\"]}")
                        .post("/iceberg/v1/namespaces")
                        .then(),
                404,
                "NoSuchNamespaceException");
        assertErrorModel(admin().delete("/iceberg/v1/namespaces/lake").then(), 409, "NamespaceNotEmptyException");
    }

    @Test
    void namespacePropertiesReportUpdatedRemovedAndMissing() {
        admin().body("{\"namespace\": [\"sales\"], \"properties\": {\"owner\": \"ada\", \"tier\": \"gold\"}}")
                .post("/iceberg/v1/namespaces")
                .then()
                .statusCode(200);
        admin().body("{\"removals\": [\"tier\", \"absent\"], \"updates\": {\"owner\": \"nora\", \"team\": \"growth\"}}")
                .post("/iceberg/v1/namespaces/sales/properties")
                .then()
                .statusCode(200)
                .body("updated", equalTo(List.of("owner", "team")))
                .body("removed", equalTo(List.of("tier")))
                .body("missing", equalTo(List.of("absent")));
        admin().get("/iceberg/v1/namespaces/sales")
                .then()
                .statusCode(200)
                .body("properties", equalTo(Map.of("owner", "nora", "team", "growth", "location", warehouse("sales"))));
    }

    @Test
    void aNamespaceWithoutALocationAnswersItsDefaultOneAndItsTablesLiveThere() throws Exception {
        createNamespace("lake");
        createNamespace("lake", "raw");
        admin().urlEncodingEnabled(false)
                .get("/iceberg/v1/namespaces/lake%1Fraw")
                .then()
                .statusCode(200)
                .body("properties", equalTo(Map.of("location", warehouse("lake/raw"))));
        try (RESTCatalog client = fixture.restCatalog("protocol", Map.of())) {
            Table table = client.createTable(TableIdentifier.of(Namespace.of("lake", "raw"), "events"), SCHEMA);
            assertThat(table.location()).startsWith(warehouse("lake/raw") + "/events-");
            // Only the answer carries the default: nothing is stored, so there is nothing to remove.
            assertThat(client.removeProperties(Namespace.of("lake", "raw"), new HashSet<>(List.of("location"))))
                    .isFalse();
        }
    }

    @Test
    void aNamespaceLocationInsideTheWarehouseIsKeptAndHoldsItsTables() {
        String location = warehouse("custom/sales-area");
        admin().body("{\"namespace\": [\"sales\"], \"properties\": {\"location\": \"" + location + "/\"}}")
                .post("/iceberg/v1/namespaces")
                .then()
                .statusCode(200);
        admin().get("/iceberg/v1/namespaces/sales")
                .then()
                .statusCode(200)
                .body("properties", equalTo(Map.of("location", location + "/")));
        admin().body("{\"name\": \"orders\", \"schema\": " + SCHEMA_JSON + "}")
                .post("/iceberg/v1/namespaces/sales/tables")
                .then()
                .statusCode(200)
                .body("metadata.location", startsWith(location + "/orders-"));
    }

    @Test
    void aNamespaceLocationOutsideTheWarehouseIsKeptButItsTablesAre400AndWriteNothing() {
        admin().body("{\"namespace\": [\"sales\"], \"properties\": {\"location\": \"file:/etc/tributary\"}}")
                .post("/iceberg/v1/namespaces")
                .then()
                .statusCode(200);
        admin().get("/iceberg/v1/namespaces/sales")
                .then()
                .body("properties", equalTo(Map.of("location", "file:/etc/tributary")));
        assertErrorModel(
                        admin().body("{\"name\": \"orders\", \"schema\": " + SCHEMA_JSON + "}")
                                .post("/iceberg/v1/namespaces/sales/tables")
                                .then(),
                        400,
                        "IllegalArgumentException")
                .body("error.message", containsString("file:/etc/tributary/orders-"));
        assertThat(fixture.rows("iceberg_relations")).isZero();
        assertThat(fixture.warehouseFiles()).isEmpty();
    }

    /** A folder of the catalog's warehouse, as the catalog spells locations. */
    private String warehouse(String path) {
        return catalog.warehouseLocation() + "/" + path;
    }

    @Test
    void lookupsOfMissingThingsAre404WithTheMatchingType() {
        assertErrorModel(admin().get("/iceberg/v1/namespaces/nowhere").then(), 404, "NoSuchNamespaceException");
        admin().head("/iceberg/v1/namespaces/nowhere").then().statusCode(404);
        createNamespace("sales");
        assertErrorModel(admin().get("/iceberg/v1/namespaces/sales/tables/none").then(), 404, "NoSuchTableException");
        assertErrorModel(admin().get("/iceberg/v1/namespaces/sales/views/none").then(), 404, "NoSuchViewException");
        assertErrorModel(admin().get("/iceberg/v1/namespaces/nowhere/tables").then(), 404, "NoSuchNamespaceException");
        assertErrorModel(
                admin().body("{\"namespace\": [\"sales\"]}")
                        .post("/iceberg/v1/namespaces")
                        .then(),
                409,
                "AlreadyExistsException");
    }

    // ---- commits ---------------------------------------------------------------------------------------------------

    @Test
    void aViolatedRequirementIs409AndChangesNothing() {
        createNamespace("sales");
        createTable("sales", "orders");
        String before = fixture.metadataLocation("sales", "orders");
        List<Path> files = fixture.warehouseFiles();

        assertErrorModel(
                admin().body(
                                "{\"requirements\": [{\"type\": \"assert-table-uuid\", \"uuid\": \"00000000-0000-0000-0000-000000000000\"}],"
                                        + " \"updates\": [{\"action\": \"set-properties\", \"updates\": {\"k\": \"v\"}}]}")
                        .post("/iceberg/v1/namespaces/sales/tables/orders")
                        .then(),
                409,
                "CommitFailedException");

        assertThat(fixture.metadataLocation("sales", "orders")).isEqualTo(before);
        assertThat(fixture.warehouseFiles()).isEqualTo(files);
    }

    @Test
    void aStorageFailureIs503WithRetryAfterAndChangesNothing() throws Exception {
        createNamespace("sales");
        createTable("sales", "orders");
        String before = fixture.metadataLocation("sales", "orders");
        String table = before.substring(0, before.lastIndexOf("/metadata/"));
        Path tableDir = table.startsWith("file:") ? Path.of(java.net.URI.create(table)) : Path.of(table);
        // A plain file where the new metadata directory would go: the next metadata file cannot be written.
        java.nio.file.Files.writeString(tableDir.resolve("blocked"), "not a directory");
        String blockedPath = "{\"updates\": [{\"action\": \"set-properties\", \"updates\": "
                + "{\"write.metadata.path\": \"" + table + "/blocked/metadata\"}}]}";

        assertErrorModel(
                        admin().body(blockedPath)
                                .post("/iceberg/v1/namespaces/sales/tables/orders")
                                .then(),
                        503,
                        "ServiceUnavailableException")
                .header("Retry-After", "5")
                .body("error.message", containsString("warehouse storage failed"));
        assertThat(fixture.metadataLocation("sales", "orders")).isEqualTo(before);

        admin().body("{\"updates\": [{\"action\": \"set-properties\", \"updates\": {\"k\": \"v\"}}]}")
                .post("/iceberg/v1/namespaces/sales/tables/orders")
                .then()
                .statusCode(200)
                .body("metadata.properties.k", equalTo("v"));
    }

    @Test
    void aMultiTableTransactionCommitsAllOrNothing() {
        createNamespace("sales");
        createTable("sales", "orders");
        createTable("sales", "customers");
        String ordersBefore = fixture.metadataLocation("sales", "orders");
        String customersBefore = fixture.metadataLocation("sales", "customers");
        List<Path> files = fixture.warehouseFiles();

        String failing = "{\"table-changes\": ["
                + change("orders", "[]")
                + ","
                + change(
                        "customers",
                        "[{\"type\": \"assert-table-uuid\", \"uuid\": \"00000000-0000-0000-0000-000000000000\"}]")
                + "]}";
        assertErrorModel(
                admin().body(failing).post("/iceberg/v1/transactions/commit").then(), 409, "CommitFailedException");
        assertThat(fixture.metadataLocation("sales", "orders")).isEqualTo(ordersBefore);
        assertThat(fixture.metadataLocation("sales", "customers")).isEqualTo(customersBefore);
        assertThat(fixture.warehouseFiles()).isEqualTo(files);

        String passing = "{\"table-changes\": [" + change("orders", "[]") + "," + change("customers", "[]") + "]}";
        admin().body(passing).post("/iceberg/v1/transactions/commit").then().statusCode(204);
        for (String table : List.of("orders", "customers")) {
            admin().get("/iceberg/v1/namespaces/sales/tables/" + table)
                    .then()
                    .statusCode(200)
                    .body("metadata.properties.batch", equalTo("42"));
        }
        assertThat(fixture.metadataLocation("sales", "orders")).isNotEqualTo(ordersBefore);
    }

    private static String change(String table, String requirements) {
        return "{\"identifier\": {\"namespace\": [\"sales\"], \"name\": \"" + table + "\"}, \"requirements\": "
                + requirements + ", \"updates\": [{\"action\": \"set-properties\", \"updates\": {\"batch\": \"42\"}}]}";
    }

    /**
     * Answers to loads and commits carry the metadata JSON the catalog wrote, not serialized again: it must be
     * exactly the file's content, through commits alone, multi-table transactions and a gzip-compressed file, while
     * {@code snapshots=refs} still answers fewer snapshots than the file holds.
     */
    @Test
    void loadAndCommitAnswersHoldExactlyTheMetadataFile() throws Exception {
        try (RESTCatalog client = fixture.restCatalog("engine", Map.of())) {
            Table table = ordersOfThreeAppends(client);
            // main and the tag reference two of the three snapshots: refs mode answers those two.
            table.manageSnapshots()
                    .createTag("first", table.history().get(0).snapshotId())
                    .commit();
        }
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();

        String committed = admin().body(
                        "{\"updates\": [{\"action\": \"set-properties\", \"updates\": {\"k\": \"v\"}}]}")
                .post("/iceberg/v1/namespaces/sales/tables/orders")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertAnswerIsTheFile(json, committed, fixture.metadataLocation("sales", "orders"));
        String loaded = admin().get("/iceberg/v1/namespaces/sales/tables/orders")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertAnswerIsTheFile(json, loaded, fixture.metadataLocation("sales", "orders"));
        assertThat(json.readTree(loaded).at("/metadata/snapshots").size()).isEqualTo(3);
        assertThat(json.readTree(admin().get("/iceberg/v1/namespaces/sales/tables/orders?snapshots=refs")
                                .then()
                                .statusCode(200)
                                .extract()
                                .asString())
                        .at("/metadata/snapshots")
                        .size())
                .isEqualTo(2);

        admin().body("{\"table-changes\": [" + change("orders", "[]") + "]}")
                .post("/iceberg/v1/transactions/commit")
                .then()
                .statusCode(204);
        loaded = admin().get("/iceberg/v1/namespaces/sales/tables/orders")
                .then()
                .statusCode(200)
                .body("metadata.properties.batch", equalTo("42"))
                .extract()
                .asString();
        assertAnswerIsTheFile(json, loaded, fixture.metadataLocation("sales", "orders"));

        committed = admin().body(
                        "{\"updates\": [{\"action\": \"set-properties\", \"updates\": {\"write.metadata.compression-codec\": \"gzip\"}}]}")
                .post("/iceberg/v1/namespaces/sales/tables/orders")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        String gzipped = fixture.metadataLocation("sales", "orders");
        assertThat(gzipped).endsWith(".gz.metadata.json");
        assertAnswerIsTheFile(json, committed, gzipped);
        assertThat(catalog.loadTable(TableIdentifier.of("sales", "orders"))
                        .properties()
                        .get("write.metadata.compression-codec"))
                .isEqualTo("gzip");
    }

    /**
     * {@code snapshots=refs} on a table with statistics of a snapshot no branch or tag names (engines such as Trino
     * write them on every insert): the answer leaves out that snapshot and its statistics, and a client loading lazily
     * still sees every snapshot.
     */
    @Test
    void aRefsLoadLeavesOutStatisticsOfLeftOutSnapshots() throws Exception {
        try (RESTCatalog client = fixture.restCatalog("engine", Map.of())) {
            Table table = ordersOfThreeAppends(client);
            long first = table.history().get(0).snapshotId();
            long head = table.currentSnapshot().snapshotId();
            table.updateStatistics()
                    .setStatistics(new org.apache.iceberg.GenericStatisticsFile(
                            first, table.location() + "/metadata/first.stats", 10, 5, List.of()))
                    .setStatistics(new org.apache.iceberg.GenericStatisticsFile(
                            head, table.location() + "/metadata/head.stats", 10, 5, List.of()))
                    .commit();
        }

        admin().get("/iceberg/v1/namespaces/sales/tables/orders?snapshots=refs")
                .then()
                .statusCode(200)
                .body("metadata-location", equalTo(fixture.metadataLocation("sales", "orders")))
                .body("metadata.snapshots.size()", equalTo(1))
                .body("metadata.statistics.size()", equalTo(1))
                .body(
                        "metadata.statistics[0].snapshot-id",
                        equalTo(admin().get("/iceberg/v1/namespaces/sales/tables/orders")
                                .then()
                                .statusCode(200)
                                .body("metadata.snapshots.size()", equalTo(3))
                                .body("metadata.statistics.size()", equalTo(2))
                                .extract()
                                .path("metadata.current-snapshot-id")));
        try (RESTCatalog lazy = fixture.restCatalog("lazy", Map.of("snapshot-loading-mode", "refs"))) {
            Table table = lazy.loadTable(TableIdentifier.of("sales", "orders"));
            assertThat(table.snapshots()).hasSize(3);
        }
    }

    /**
     * The lake writer asks for its view of a table ({@code X-Tributary-Snapshots: checkpoints}): branch and tag heads,
     * and each branch head's history back to the first snapshot carrying a writer checkpoint. Loads and commits are
     * answered with it; other clients, and an explicit {@code snapshots=refs}, get what they asked for.
     */
    @Test
    void theWriterViewHoldsRefHeadsAndEachBranchsHistoryBackToItsLatestCheckpoint() throws Exception {
        List<Long> ids = new ArrayList<>();
        try (RESTCatalog client = fixture.restCatalog("engine", Map.of())) {
            client.createNamespace(Namespace.of("sales"));
            Table table = client.createTable(TableIdentifier.of("sales", "orders"), SCHEMA);
            // main: s0, s1, s2 by the writer (checkpoints), then s3 and s4 by another engine
            for (int i = 0; i < 5; i++) {
                org.apache.iceberg.AppendFiles append = table.newFastAppend().appendFile(file("main-" + i));
                if (i < 3) {
                    append.set(WriterView.OFFSETS, "{\"tributary.ingest.sales.orders\":{\"0\":" + i + "}}");
                }
                append.commit();
                ids.add(table.currentSnapshot().snapshotId());
            }
            table.manageSnapshots().createTag("v1", ids.get(1)).commit();
            table.manageSnapshots().createBranch("audit", ids.get(2)).commit();
            table.newFastAppend()
                    .appendFile(file("audit-0"))
                    .set(WriterView.OFFSETS, "{\"tributary.ingest.sales.orders\":{\"0\":9}}")
                    .toBranch("audit")
                    .commit();
            table.refresh();
            ids.add(table.refs().get("audit").snapshotId());
        }
        String path = "/iceberg/v1/namespaces/sales/tables/orders";

        assertThat(snapshotIds(admin().header(WriterView.HEADER, WriterView.CHECKPOINTS)
                        .get(path)))
                .as("s4, s3 and s2 on main, the tag's s1, the audit head; not s0")
                .containsExactlyInAnyOrder(ids.get(1), ids.get(2), ids.get(3), ids.get(4), ids.get(5));
        assertThat(snapshotIds(admin().header(WriterView.HEADER, WriterView.CHECKPOINTS)
                        .get(path + "?snapshots=all")))
                .hasSize(5);
        assertThat(snapshotIds(admin().get(path))).hasSize(6);
        assertThat(snapshotIds(admin().header(WriterView.HEADER, "everything; drop table x")
                        .get(path)))
                .as("any other value of the header is ignored")
                .hasSize(6);
        assertThat(snapshotIds(admin().header(WriterView.HEADER, WriterView.CHECKPOINTS)
                        .get(path + "?snapshots=refs")))
                .containsExactlyInAnyOrder(ids.get(1), ids.get(4), ids.get(5));
        admin().header(WriterView.HEADER, WriterView.CHECKPOINTS)
                .get(path)
                .then()
                .body("metadata-location", equalTo(fixture.metadataLocation("sales", "orders")))
                .body("metadata.current-snapshot-id", equalTo(ids.get(4)));

        // A client sending the header commits as any other, and holds the view the commit answers.
        try (RESTCatalog writer =
                fixture.restCatalog("writer", Map.of("header." + WriterView.HEADER, WriterView.CHECKPOINTS))) {
            Table table = writer.loadTable(TableIdentifier.of("sales", "orders"));
            assertThat(table.snapshots()).hasSize(5);
            table.newFastAppend()
                    .appendFile(file("main-5"))
                    .set(WriterView.OFFSETS, "{\"tributary.ingest.sales.orders\":{\"0\":5}}")
                    .commit();
            long head = table.currentSnapshot().snapshotId();
            assertThat(table.currentSnapshot().parentId()).isEqualTo(ids.get(4));
            assertThat(((org.apache.iceberg.HasTableOperations) table)
                            .operations()
                            .current()
                            .snapshots())
                    .extracting(org.apache.iceberg.Snapshot::snapshotId)
                    .containsExactlyInAnyOrder(head, ids.get(1), ids.get(5));
        }
        assertThat(snapshotIds(admin().get(path))).hasSize(7);
    }

    private static org.apache.iceberg.DataFile file(String name) {
        return DataFiles.builder(PartitionSpec.unpartitioned())
                .withPath("/lake/orders/" + name + ".parquet")
                .withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(10)
                .withRecordCount(1)
                .build();
    }

    private static List<Long> snapshotIds(io.restassured.response.Response answer) {
        answer.then().statusCode(200);
        List<Long> ids = answer.jsonPath().getList("metadata.snapshots.snapshot-id", Long.class);
        return ids;
    }

    /** {@code sales.orders}, created through the client, with three appends of one file each. */
    /**
     * A table committed every second writes a metadata file a second, megabytes each once it holds an hour of
     * snapshots: unless the table says otherwise, the catalog deletes each file that falls out of the table's metadata
     * log ({@code write.metadata.previous-versions-max}) when it commits.
     */
    @Test
    void metadataFilesThatLeaveTheLogAreDeletedUnlessTheTableKeepsThem() throws Exception {
        try (RESTCatalog client = fixture.restCatalog("engine", Map.of())) {
            client.createNamespace(Namespace.of("logs"));
            Table deleting = client.buildTable(TableIdentifier.of("logs", "events"), SCHEMA)
                    .withProperty("write.metadata.previous-versions-max", "2")
                    .create();
            assertThat(deleting.properties()).containsEntry("write.metadata.delete-after-commit.enabled", "true");
            // A create transaction (stage-create, then a commit; engines create tables as they write them this way).
            client.buildTable(TableIdentifier.of("logs", "staged"), SCHEMA)
                    .createTransaction()
                    .commitTransaction();
            assertThat(client.loadTable(TableIdentifier.of("logs", "staged")).properties())
                    .containsEntry("write.metadata.delete-after-commit.enabled", "true");
            Table keeping = client.buildTable(TableIdentifier.of("logs", "kept"), SCHEMA)
                    .withProperty("write.metadata.previous-versions-max", "2")
                    .withProperty("write.metadata.delete-after-commit.enabled", "false")
                    .create();
            for (int i = 0; i < 5; i++) {
                deleting.updateProperties().set("n", Integer.toString(i)).commit();
                keeping.updateProperties().set("n", Integer.toString(i)).commit();
            }
            assertThat(metadataFiles(deleting))
                    .as("the current file and the 2 the log names")
                    .hasSize(3);
            assertThat(metadataFiles(keeping)).as("every version").hasSize(6);
            deleting.refresh();
            assertThat(deleting.properties()).containsEntry("n", "4");
        }
    }

    private static List<Path> metadataFiles(Table table) throws java.io.IOException {
        String location = table.location();
        Path directory = (location.startsWith("file:") ? Path.of(java.net.URI.create(location)) : Path.of(location))
                .resolve("metadata");
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".metadata.json"))
                    .toList();
        }
    }

    private static Table ordersOfThreeAppends(RESTCatalog client) {
        client.createNamespace(Namespace.of("sales"));
        Table table = client.createTable(TableIdentifier.of("sales", "orders"), SCHEMA);
        for (int i = 0; i < 3; i++) {
            table.newFastAppend()
                    .appendFile(DataFiles.builder(PartitionSpec.unpartitioned())
                            .withPath("/lake/orders/" + i + ".parquet")
                            .withFormat(FileFormat.PARQUET)
                            .withFileSizeInBytes(10)
                            .withRecordCount(1)
                            .build())
                    .commit();
        }
        return table;
    }

    private static void assertAnswerIsTheFile(
            com.fasterxml.jackson.databind.ObjectMapper json, String answer, String location) throws Exception {
        Path file = Path.of(java.net.URI.create(location));
        byte[] bytes = java.nio.file.Files.readAllBytes(file);
        if (location.endsWith(".gz.metadata.json")) {
            try (java.io.InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
                bytes = in.readAllBytes();
            }
        }
        com.fasterxml.jackson.databind.JsonNode body = json.readTree(answer);
        assertThat(body.get("metadata-location").asText()).isEqualTo(location);
        assertThat(body.get("metadata")).isEqualTo(json.readTree(bytes));
    }

    @Test
    void commitReportsFromEnginesAreCountedAndStored() throws Exception {
        try (RESTCatalog catalog = fixture.restCatalog("engine", Map.of())) {
            catalog.createNamespace(Namespace.of("sales"));
            Table table = catalog.createTable(TableIdentifier.of("sales", "orders"), SCHEMA);
            table.newFastAppend()
                    .appendFile(DataFiles.builder(PartitionSpec.unpartitioned())
                            .withPath("/lake/orders/1.parquet")
                            .withFormat(FileFormat.PARQUET)
                            .withFileSizeInBytes(10)
                            .withRecordCount(1)
                            .build())
                    .commit();
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (fixture.rows("iceberg_metrics_reports") == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(fixture.rows("iceberg_metrics_reports")).isGreaterThanOrEqualTo(1);
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(org.hamcrest.Matchers.containsString(
                        "tributary_catalog_iceberg_metrics_reports_total{type=\"commit\""));
        assertErrorModel(
                admin().body("{\"report-type\": \"commit-report\"}")
                        .post("/iceberg/v1/namespaces/sales/tables/orders/metrics")
                        .then(),
                400,
                "BadRequestException");
    }

    // ---- bad input -------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "..\\\\etc", "tab\\there", "nul\\u0000x", "bell\\u0007"})
    void invalidNamespaceNamesAre400AndStoreNothing(String level) {
        // Iceberg's own parser already refuses NUL (BadRequestException); the catalog's rules refuse the rest.
        admin().body("{\"namespace\": [\"" + level + "\"]}")
                .post("/iceberg/v1/namespaces")
                .then()
                .statusCode(400)
                .body("error.code", equalTo(400))
                .body("error.type", org.hamcrest.Matchers.oneOf("IllegalArgumentException", "BadRequestException"));
        assertThat(fixture.rows("iceberg_namespaces")).isZero();
    }

    @Test
    void namesLongerThan255CharactersAre400() {
        String tooLong = "n".repeat(256);
        assertErrorModel(
                admin().body("{\"namespace\": [\"" + tooLong + "\"]}")
                        .post("/iceberg/v1/namespaces")
                        .then(),
                400,
                "IllegalArgumentException");
        admin().body("{\"namespace\": [\"" + "n".repeat(255) + "\"]}")
                .post("/iceberg/v1/namespaces")
                .then()
                .statusCode(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../escape", "a/b", "x\\u0001y"})
    void invalidTableNamesAre400AndWriteNothing(String name) {
        createNamespace("sales");
        assertErrorModel(
                admin().body("{\"name\": \"" + name + "\", \"schema\": " + SCHEMA_JSON + "}")
                        .post("/iceberg/v1/namespaces/sales/tables")
                        .then(),
                400,
                "IllegalArgumentException");
        assertThat(fixture.rows("iceberg_relations")).isZero();
        assertThat(fixture.warehouseFiles()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:/etc/tributary", "file:/tmp/../etc/x", "/var/lib/elsewhere", "s3://someone-else/t"})
    void locationsOutsideTheWarehouseAre400AndWriteNothing(String location) {
        createNamespace("sales");
        assertErrorModel(
                admin().body("{\"name\": \"orders\", \"location\": \"" + location + "\", \"schema\": " + SCHEMA_JSON
                                + "}")
                        .post("/iceberg/v1/namespaces/sales/tables")
                        .then(),
                400,
                "IllegalArgumentException");
        assertThat(fixture.rows("iceberg_relations")).isZero();
        assertThat(fixture.warehouseFiles()).isEmpty();
    }

    @Test
    void aTableInAMissingNamespaceIs404AndWritesNothing() {
        assertErrorModel(
                admin().body("{\"name\": \"orders\", \"schema\": " + SCHEMA_JSON + "}")
                        .post("/iceberg/v1/namespaces/nowhere/tables")
                        .then(),
                404,
                "NoSuchNamespaceException");
        assertThat(fixture.warehouseFiles()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{",
                "not json",
                "[]",
                "{\"namespace\": \"flat-string\"}",
                "{\"namespace\": [\"a\"], \"properties\": \"flat\"}"
            })
    void malformedBodiesAre400BadRequest(String body) {
        assertErrorModel(admin().body(body).post("/iceberg/v1/namespaces").then(), 400, "BadRequestException");
        assertThat(fixture.rows("iceberg_namespaces")).isZero();
    }

    @Test
    void propertyMapsOverTheLimitsAre400AndChangeNothing() {
        String tooMany =
                IntStream.range(0, 1001).mapToObj(i -> "\"k" + i + "\": \"v\"").collect(Collectors.joining(","));
        assertErrorModel(
                admin().body("{\"namespace\": [\"sales\"], \"properties\": {" + tooMany + "}}")
                        .post("/iceberg/v1/namespaces")
                        .then(),
                400,
                "IllegalArgumentException");
        String huge = "x".repeat(1024 * 1024);
        assertErrorModel(
                admin().body("{\"namespace\": [\"sales\"], \"properties\": {\"big\": \"" + huge + "\"}}")
                        .post("/iceberg/v1/namespaces")
                        .then(),
                400,
                "IllegalArgumentException");
        assertThat(fixture.rows("iceberg_namespaces")).isZero();

        admin().body("{\"namespace\": [\"sales\"], \"properties\": {\"owner\": \"ada\"}}")
                .post("/iceberg/v1/namespaces")
                .then()
                .statusCode(200);
        assertErrorModel(
                admin().body("{\"updates\": {" + tooMany + "}}")
                        .post("/iceberg/v1/namespaces/sales/properties")
                        .then(),
                400,
                "IllegalArgumentException");
        admin().get("/iceberg/v1/namespaces/sales")
                .then()
                .body("properties", equalTo(Map.of("owner", "ada", "location", warehouse("sales"))));

        createTable("sales", "orders");
        String before = fixture.metadataLocation("sales", "orders");
        List<Path> files = fixture.warehouseFiles();
        assertErrorModel(
                admin().body("{\"requirements\": [], \"updates\": [{\"action\": \"set-properties\", \"updates\": {"
                                + tooMany + "}}]}")
                        .post("/iceberg/v1/namespaces/sales/tables/orders")
                        .then(),
                400,
                "IllegalArgumentException");
        assertThat(fixture.metadataLocation("sales", "orders")).isEqualTo(before);
        assertThat(fixture.warehouseFiles()).isEqualTo(files);
        admin().get("/iceberg/v1/namespaces/sales/tables/orders")
                .then()
                .statusCode(200)
                .body("metadata.properties", not(hasKey("k0")))
                .body("metadata.properties.k0", nullValue());
    }
}
