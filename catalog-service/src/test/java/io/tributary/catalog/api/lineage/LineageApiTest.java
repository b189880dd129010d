package io.tributary.catalog.api.lineage;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

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
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Lineage ingest and the Marquez-shaped reads, over HTTP against real PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(TemporaryWarehouse.class)
class LineageApiTest {

    static final String PRODUCER = TestTokens.withRoles("pat", Roles.DATA_PRODUCER);
    static final String ADMIN = TestTokens.withRoles("ada", Roles.PLATFORM_ADMIN);
    static final String ANALYST = TestTokens.withRoles("ana", Roles.DATA_ANALYST);
    static final String STEWARD = TestTokens.withRoles("sam", Roles.DATA_STEWARD);

    @Inject
    IcebergTestFixture fixture;

    @Inject
    AgroalDataSource dataSource;

    private String ns;

    /** An empty lineage graph (the events list spans every namespace), and a namespace of the test's own. */
    @BeforeEach
    void emptyGraph() throws SQLException {
        fixture.reset();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            for (String table : List.of(
                    "lineage_column_edges",
                    "lineage_edges",
                    "lineage_dataset_versions",
                    "lineage_runs",
                    "lineage_job_versions",
                    "lineage_dataset_fields",
                    "lineage_datasets",
                    "lineage_jobs",
                    "lineage_namespaces",
                    "lineage_events")) {
                statement.execute("DELETE FROM " + table);
            }
        }
        ns = "test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType("application/json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1", "/api/catalog/v1"})
    void aRunEventBecomesTheGraphAndARepeatChangesNothing(String base) {
        UUID run = UUID.randomUUID();
        String event = LineageEvents.run("COMPLETE", run, "2026-12-01T10:00:00Z", ns, "load", "raw", "orders");
        long events = fixture.rows("lineage_events");

        as(PRODUCER).body(event).post(base + "/lineage").then().statusCode(201).body("stored", equalTo(true));
        as(ADMIN).body(event).post(base + "/lineage").then().statusCode(200).body("stored", equalTo(false));
        assertThat(fixture.rows("lineage_events")).isEqualTo(events + 1);

        String dataset = "dataset:" + ns + ":orders";
        String job = "job:" + ns + ":load";
        JsonPath graph = as(ANALYST)
                .queryParam("nodeId", dataset)
                .get(base + "/lineage")
                .then()
                .statusCode(200)
                .body("graph.id", containsInAnyOrder(dataset, job, "dataset:" + ns + ":raw"))
                .extract()
                .jsonPath();
        Map<String, Object> jobNode = node(graph, job);
        assertThat(jobNode).containsEntry("type", "JOB");
        assertThat(jobNode.get("inEdges"))
                .isEqualTo(List.of(Map.of("origin", "dataset:" + ns + ":raw", "destination", job)));
        assertThat(jobNode.get("outEdges")).isEqualTo(List.of(Map.of("origin", job, "destination", dataset)));
        assertThat(graph.getString("graph.find { it.id == '" + job + "' }.data.latestRun.state"))
                .isEqualTo("COMPLETED");
        assertThat(graph.getString("graph.find { it.id == '" + job + "' }.data.latestRun.id"))
                .isEqualTo(run.toString());
        assertThat(graph.getList("graph.find { it.id == '" + dataset + "' }.data.fields.name"))
                .containsExactly("order_id");

        // The job and the run lead to the same graph.
        as(STEWARD)
                .queryParam("nodeId", job)
                .get(base + "/lineage")
                .then()
                .statusCode(200)
                .body("graph", hasSize(3));
        as(STEWARD)
                .queryParam("nodeId", "run:" + run)
                .get(base + "/lineage")
                .then()
                .statusCode(200)
                .body("graph", hasSize(3));
    }

    @Test
    void columnLineageFollowsTheFacet() {
        UUID run = UUID.randomUUID();
        as(PRODUCER)
                .body(LineageEvents.run("COMPLETE", run, "2026-12-01T10:00:00Z", ns, "load", "raw", "orders"))
                .post("/api/v1/lineage")
                .then()
                .statusCode(201);
        as(PRODUCER)
                .body(LineageEvents.run(
                        "COMPLETE", UUID.randomUUID(), "2026-12-01T11:00:00Z", ns, "report", "orders", "summary"))
                .post("/api/v1/lineage")
                .then()
                .statusCode(201);
        String field = "datasetField:" + ns + ":orders:order_id";
        String source = "datasetField:" + ns + ":raw:id";

        JsonPath upstream = as(ANALYST)
                .queryParam("nodeId", field)
                .get("/api/v1/column-lineage")
                .then()
                .statusCode(200)
                .body("graph.id", containsInAnyOrder(field, source))
                .extract()
                .jsonPath();
        assertThat(upstream.getString("graph.find { it.id == '" + field + "' }.type"))
                .isEqualTo("DATASET_FIELD");
        assertThat(upstream.getString("graph.find { it.id == '" + field + "' }.data.fieldType"))
                .isEqualTo("long");
        assertThat(upstream.getString("graph.find { it.id == '" + field + "' }.data.inputFields[0].field"))
                .isEqualTo("id");
        assertThat(upstream.getString("graph.find { it.id == '" + field + "' }.data.inputFields[0].transformationType"))
                .isEqualTo("DIRECT");

        // "report" made summary.order_id from orders.id, a field orders' own column lineage does not name.
        as(ANALYST)
                .queryParam("nodeId", "dataset:" + ns + ":orders")
                .queryParam("withDownstream", "true")
                .get("/api/catalog/v1/column-lineage")
                .then()
                .statusCode(200)
                .body("graph.id", hasItem(field))
                .body("graph.id", hasItem(source));
    }

    @Test
    void cyclesAndDepthAreBounded() {
        as(PRODUCER)
                .body(LineageEvents.run("COMPLETE", UUID.randomUUID(), "2026-12-01T10:00:00Z", ns, "there", "a", "b"))
                .post("/api/v1/lineage")
                .then()
                .statusCode(201);
        as(PRODUCER)
                .body(LineageEvents.run("COMPLETE", UUID.randomUUID(), "2026-12-01T10:00:00Z", ns, "back", "b", "a"))
                .post("/api/v1/lineage")
                .then()
                .statusCode(201);
        as(ANALYST)
                .queryParam("nodeId", "dataset:" + ns + ":a")
                .queryParam("depth", "100")
                .get("/api/v1/lineage")
                .then()
                .statusCode(200)
                .body("graph", hasSize(4));
        as(ANALYST)
                .queryParam("nodeId", "dataset:" + ns + ":a")
                .queryParam("depth", "1")
                .get("/api/v1/lineage")
                .then()
                .statusCode(200)
                .body(
                        "graph.id",
                        containsInAnyOrder("dataset:" + ns + ":a", "job:" + ns + ":there", "job:" + ns + ":back"));
    }

    @Test
    void aLateStartDoesNotReopenACompletedRun() {
        UUID run = UUID.randomUUID();
        as(PRODUCER)
                .body(LineageEvents.run("COMPLETE", run, "2026-12-01T10:05:00Z", ns, "load", "raw", "orders"))
                .post("/api/v1/lineage")
                .then()
                .statusCode(201);
        as(PRODUCER)
                .body(LineageEvents.run("START", run, "2026-12-01T10:00:00Z", ns, "load", "raw", "orders"))
                .post("/api/v1/lineage")
                .then()
                .statusCode(201);
        JsonPath graph = as(ANALYST)
                .queryParam("nodeId", "job:" + ns + ":load")
                .get("/api/v1/lineage")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        String latest = "graph.find { it.id == 'job:" + ns + ":load' }.data.latestRun";
        assertThat(graph.getString(latest + ".state")).isEqualTo("COMPLETED");
        assertThat(graph.getString(latest + ".startedAt")).isEqualTo("2026-12-01T10:00:00Z");
        assertThat(graph.getString(latest + ".endedAt")).isEqualTo("2026-12-01T10:05:00Z");
    }

    @Test
    void concurrentDeliveriesOfOneEventStoreItOnce() throws Exception {
        String event =
                LineageEvents.run("COMPLETE", UUID.randomUUID(), "2026-12-01T10:00:00Z", ns, "load", "raw", "orders");
        long events = fixture.rows("lineage_events");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = pool.invokeAll(java.util.Collections.nCopies(
                    8, () -> as(PRODUCER).body(event).post("/api/v1/lineage").statusCode()));
            int created = 0;
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isIn(200, 201);
                created += answer.get() == 201 ? 1 : 0;
            }
            assertThat(created).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(fixture.rows("lineage_events")).isEqualTo(events + 1);
    }

    @Test
    void eventsAreListedNewestFirst() {
        for (String time : List.of("2031-01-01T00:00:00Z", "2031-01-02T00:00:00Z", "2031-01-03T00:00:00Z")) {
            as(PRODUCER)
                    .body(LineageEvents.run("COMPLETE", UUID.randomUUID(), time, ns, "load", "raw", "orders"))
                    .post("/api/v1/lineage")
                    .then()
                    .statusCode(201);
        }
        as(ANALYST)
                .queryParam("after", "2031-01-01T00:00:00Z")
                .queryParam("before", "2031-01-04T00:00:00Z")
                .queryParam("limit", "1")
                .get("/api/v1/events/lineage")
                .then()
                .statusCode(200)
                .body("events", hasSize(1))
                .body("events[0].eventTime", equalTo("2031-01-03T00:00:00Z"))
                .body("events[0].job.name", equalTo("load"))
                .body("totalCount", equalTo(2));
    }

    @Test
    void rolesAreChecked() {
        String event =
                LineageEvents.run("COMPLETE", UUID.randomUUID(), "2026-12-01T10:00:00Z", ns, "load", "raw", "orders");
        as(ANALYST).body(event).post("/api/v1/lineage").then().statusCode(403).contentType("application/problem+json");
        as(STEWARD).body(event).post("/api/catalog/v1/lineage").then().statusCode(403);
        given().contentType("application/json")
                .body(event)
                .post("/api/v1/lineage")
                .then()
                .statusCode(401);
        as(PRODUCER)
                .queryParam("nodeId", "dataset:" + ns + ":orders")
                .get("/api/v1/lineage")
                .then()
                .statusCode(403);
        as(PRODUCER).get("/api/v1/events/lineage").then().statusCode(403);
    }

    private static Map<String, Object> node(JsonPath graph, String id) {
        return graph.getMap("graph.find { it.id == '" + id + "' }");
    }
}
