package io.tributary.catalog.api.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.tributary.auth.Roles;
import io.tributary.auth.testing.TestTokens;
import io.tributary.catalog.api.iceberg.IcebergTestFixture;
import io.tributary.catalog.api.iceberg.TemporaryWarehouse;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The platform's per-table lineage, impact analysis, lineage following renames and drops, and retention, over HTTP
 * against real PostgreSQL. The graph: the lake writer's job writes {@code a}; {@code refine} reads {@code a} and writes
 * {@code b} (b.total from a.amount); {@code report} reads {@code b} and writes {@code c} (c.sum from b.total).
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(TemporaryWarehouse.class)
class TableLineageTest {

    static final String PRODUCER = TestTokens.withRoles("pat", Roles.DATA_PRODUCER);
    static final String ADMIN = TestTokens.withRoles("ada", Roles.PLATFORM_ADMIN);
    static final String ANALYST = TestTokens.withRoles("ana", Roles.DATA_ANALYST);
    static final String NOBODY = TestTokens.withRoles("nora");
    static final String CATALOG = "tributary";
    static final String RUN_SCHEMA = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
    static final String FACET_SCHEMA = "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json";
    static final String PRODUCER_URI = "https://github.com/tributary-data/tributary/tree/main/catalog-service/test";

    @Inject
    IcebergTestFixture fixture;

    @Inject
    AgroalDataSource dataSource;

    private String ns;

    @BeforeEach
    void graph() {
        fixture.reset();
        ns = "tl" + UUID.randomUUID().toString().substring(0, 8);
        post(event(
                "COMPLETE",
                UUID.randomUUID(),
                "2026-01-01T00:00:00Z",
                "tributary.ingest/" + ns + ".a",
                "kafka://localhost:9092",
                "tributary.ingest." + ns + ".a",
                ns + ".a",
                null,
                null));
        post(event(
                "COMPLETE",
                UUID.randomUUID(),
                "2026-01-01T01:00:00Z",
                ns + "-refine",
                CATALOG,
                ns + ".a",
                ns + ".b",
                "total",
                "amount"));
        post(event(
                "COMPLETE",
                UUID.randomUUID(),
                "2026-01-01T02:00:00Z",
                ns + "-report",
                CATALOG,
                ns + ".b",
                ns + ".c",
                "sum",
                "total"));
    }

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType("application/json");
    }

    private static void post(String event) {
        as(PRODUCER).body(event).post("/api/v1/lineage").then().statusCode(201);
    }

    /** A run of {@code job} (namespace tributary) reading one dataset and writing one, with one column edge. */
    static String event(
            String type,
            UUID runId,
            String time,
            String job,
            String inputNamespace,
            String input,
            String output,
            String outputField,
            String inputField) {
        String facets = outputField == null
                ? ""
                : """
                , "facets": {"columnLineage": {"_producer": "%1$s", "_schemaURL": "%2$s", "fields": {
                   "%3$s": {"inputFields": [{"namespace": "%4$s", "name": "%5$s", "field": "%6$s",
                     "transformations": [{"type": "DIRECT", "subtype": "AGGREGATION", "description": "sum"}]}]}}}}
                """.formatted(PRODUCER_URI, FACET_SCHEMA, outputField, inputNamespace, input, inputField);
        return """
                {"eventType": "%1$s", "eventTime": "%2$s", "producer": "%3$s", "schemaURL": "%4$s",
                 "run": {"runId": "%5$s"}, "job": {"namespace": "%6$s", "name": "%7$s"},
                 "inputs": [{"namespace": "%8$s", "name": "%9$s"}],
                 "outputs": [{"namespace": "%6$s", "name": "%10$s"%11$s}]}
                """.formatted(
                type, time, PRODUCER_URI, RUN_SCHEMA, runId, CATALOG, job, inputNamespace, input, output, facets);
    }

    private JsonPath lineage(String table) {
        return as(ANALYST)
                .get("/api/catalog/v1/namespaces/{ns}/tables/{t}/lineage", ns, table)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void aTableShowsWhatItIsMadeFromAndWhatIsMadeFromIt() {
        JsonPath b = lineage("b");
        assertThat(b.getString("node")).isEqualTo("dataset:tributary:" + ns + ".b");
        assertThat(b.getList("upstream.jobs.node"))
                .containsExactly("job:tributary:" + ns + "-refine", "job:tributary:tributary.ingest/" + ns + ".a");
        assertThat(b.getList("upstream.jobs.distance")).containsExactly(1, 3);
        assertThat(b.getList("upstream.datasets.node"))
                .containsExactly(
                        "dataset:tributary:" + ns + ".a",
                        "dataset:kafka://localhost:9092:tributary.ingest." + ns + ".a");
        assertThat(b.getMap("upstream.datasets[0].table")).isEqualTo(Map.of("namespace", ns, "name", "a"));
        assertThat(b.getString("upstream.datasets[1].table")).isNull();
        assertThat(b.getString("upstream.jobs[0].latestRun.state")).isEqualTo("COMPLETED");
        assertThat(b.getList("downstream.jobs.node")).containsExactly("job:tributary:" + ns + "-report");
        assertThat(b.getList("downstream.datasets.node")).containsExactly("dataset:tributary:" + ns + ".c");
        assertThat(b.getList("downstream.edges.origin")).contains("dataset:tributary:" + ns + ".b");

        // One way only: a's downstream is b and c, never the topic a is made from.
        JsonPath a = lineage("a");
        assertThat(a.getList("downstream.datasets.node"))
                .containsExactly("dataset:tributary:" + ns + ".b", "dataset:tributary:" + ns + ".c");
        JsonPath shallow = as(ANALYST)
                .queryParam("depth", 2)
                .get("/api/catalog/v1/namespaces/{ns}/tables/a/lineage", ns)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(shallow.getList("downstream.datasets.node")).containsExactly("dataset:tributary:" + ns + ".b");
    }

    @Test
    void impactAnalysisFollowsAColumnDownstream() {
        JsonPath impact = as(ANALYST)
                .get("/api/catalog/v1/namespaces/{ns}/tables/a/columns/amount/impact", ns)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(impact.getString("columnNode")).isEqualTo("datasetField:tributary:" + ns + ".a:amount");
        assertThat(impact.getList("impacted.node"))
                .containsExactly(
                        "datasetField:tributary:" + ns + ".b:total", "datasetField:tributary:" + ns + ".c:sum");
        assertThat(impact.getList("impacted.distance")).containsExactly(1, 2);
        assertThat(impact.getMap("impacted[1].table")).isEqualTo(Map.of("namespace", ns, "name", "c"));
        assertThat(impact.getString("impacted[1].inputs[0].node"))
                .isEqualTo("datasetField:tributary:" + ns + ".b:total");
        assertThat(impact.getString("impacted[1].inputs[0].transformation.subtype"))
                .isEqualTo("AGGREGATION");
        assertThat(impact.getInt("impactedTables")).isEqualTo(2);

        JsonPath leaf = as(ANALYST)
                .get("/api/catalog/v1/namespaces/{ns}/tables/c/columns/sum/impact", ns)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(leaf.getList("impacted")).isEmpty();
    }

    @Test
    void badAsksAreProblems() {
        as(ANALYST)
                .get("/api/catalog/v1/namespaces/{ns}/tables/nothing/lineage", ns)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        for (String depth : List.of("0", "101", "deep")) {
            as(ANALYST)
                    .queryParam("depth", depth)
                    .get("/api/catalog/v1/namespaces/{ns}/tables/b/lineage", ns)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].pointer", equalTo("depth"));
        }
        given().get("/api/catalog/v1/namespaces/{ns}/tables/b/lineage", ns)
                .then()
                .statusCode(401);
        as(NOBODY)
                .get("/api/catalog/v1/namespaces/{ns}/tables/b/columns/total/impact", ns)
                .then()
                .statusCode(403);
    }

    @Test
    void lineageFollowsACatalogRenameAndOutlivesADrop() {
        RESTCatalog catalog = fixture.restCatalog("rename", Map.of());
        catalog.createNamespace(Namespace.of(ns));
        Schema schema = new Schema(Types.NestedField.required(1, "amount", Types.LongType.get()));
        catalog.createTable(TableIdentifier.of(ns, "a"), schema);
        catalog.renameTable(TableIdentifier.of(ns, "a"), TableIdentifier.of(ns, "orders"));

        JsonPath b = lineage("b");
        assertThat(b.getList("upstream.datasets.node")).contains("dataset:tributary:" + ns + ".orders");
        assertThat(b.getList("upstream.datasets.node")).doesNotContain("dataset:tributary:" + ns + ".a");
        as(ANALYST)
                .queryParam("nodeId", "dataset:tributary:" + ns + ".orders")
                .get("/api/v1/lineage")
                .then()
                .statusCode(200)
                .body(containsString("job:tributary:" + ns + "-refine"));
        as(ANALYST)
                .queryParam("nodeId", "dataset:tributary:" + ns + ".a")
                .get("/api/v1/lineage")
                .then()
                .statusCode(404);
        JsonPath impact = as(ANALYST)
                .get("/api/catalog/v1/namespaces/{ns}/tables/orders/columns/amount/impact", ns)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(impact.getList("impacted.node")).contains("datasetField:tributary:" + ns + ".b:total");
        // The job version that read a now names orders, under the id its runs already carry.
        JsonPath versions = as(ANALYST)
                .get("/api/v1/namespaces/tributary/jobs/{job}/versions", ns + "-refine")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(versions.getInt("totalCount")).isEqualTo(1);
        assertThat(versions.getList("versions[0].inputs.name")).containsExactly(ns + ".orders");
        assertThat(versions.getString("versions[0].latestRun.jobVersion.version"))
                .isEqualTo(versions.getString("versions[0].version"));

        catalog.dropTable(TableIdentifier.of(ns, "orders"), false);
        JsonPath dropped = lineage("orders");
        assertThat(dropped.getList("downstream.datasets.node")).contains("dataset:tributary:" + ns + ".b");
        assertThat(deletedAt(ns + ".orders")).isNotNull();
        assertThat(marquezDataset(ns + ".orders").getBoolean("deleted")).isTrue();
        catalog.createTable(TableIdentifier.of(ns, "orders"), schema);
        assertThat(deletedAt(ns + ".orders")).isNull();
        assertThat(marquezDataset(ns + ".orders").getBoolean("deleted")).isFalse();
    }

    @Test
    void retentionPrunesOldRunsAndEventsButKeepsTheGraph() throws SQLException {
        UUID old = UUID.randomUUID();
        post(event("START", old, "2020-01-01T00:00:00Z", ns + "-refine", CATALOG, ns + ".a", ns + ".b", null, null));
        post(event("COMPLETE", old, "2020-01-01T00:05:00Z", ns + "-refine", CATALOG, ns + ".a", ns + ".b", null, null));
        UUID lonely = UUID.randomUUID();
        post(event(
                "COMPLETE",
                lonely,
                "2020-01-01T00:00:00Z",
                ns + "-archive",
                CATALOG,
                ns + ".c",
                ns + ".d",
                null,
                null));
        long before = count("SELECT count(*) FROM lineage_events");

        as(ANALYST).post("/api/catalog/v1/admin/lineage/prune").then().statusCode(403);
        as(ADMIN)
                .queryParam("olderThan", "soon")
                .post("/api/catalog/v1/admin/lineage/prune")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("olderThan"));
        JsonPath pruned = as(ADMIN)
                .queryParam("olderThan", "P365D")
                .post("/api/catalog/v1/admin/lineage/prune")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(pruned.getLong("eventsPruned")).isGreaterThanOrEqualTo(3);
        assertThat(count("SELECT count(*) FROM lineage_events")).isEqualTo(before - pruned.getLong("eventsPruned"));
        assertThat(count("SELECT count(*) FROM lineage_events WHERE event_time < '2021-01-01'"))
                .isZero();
        // The old run of refine is gone; archive's only run is its latest and stays.
        assertThat(count("SELECT count(*) FROM lineage_runs WHERE run_id = '" + old + "'"))
                .isZero();
        assertThat(count("SELECT count(*) FROM lineage_runs WHERE run_id = '" + lonely + "'"))
                .isEqualTo(1);
        JsonPath d = lineage("d");
        assertThat(d.getList("upstream.jobs.node")).contains("job:tributary:" + ns + "-archive");
    }

    private static JsonPath marquezDataset(String name) {
        return as(ANALYST)
                .get("/api/v1/namespaces/tributary/datasets/{name}", name)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private Object deletedAt(String name) {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT deleted_at FROM lineage_datasets WHERE node_id = 'dataset:tributary:" + name + "'")) {
            assertThat(rows.next()).as("lineage node of " + name).isTrue();
            return rows.getObject(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
