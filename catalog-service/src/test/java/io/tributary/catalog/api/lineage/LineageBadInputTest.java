package io.tributary.catalog.api.lineage;

import static io.tributary.catalog.api.lineage.LineageApiTest.ANALYST;
import static io.tributary.catalog.api.lineage.LineageApiTest.PRODUCER;
import static io.tributary.catalog.api.lineage.LineageApiTest.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.ValidatableResponse;
import io.tributary.catalog.api.iceberg.IcebergTestFixture;
import io.tributary.catalog.api.iceberg.TemporaryWarehouse;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every refused lineage request is a 4xx problem naming the fault, and stores nothing. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(TemporaryWarehouse.class)
class LineageBadInputTest {

    static final List<String> TABLES = List.of(
            "lineage_events",
            "lineage_namespaces",
            "lineage_datasets",
            "lineage_jobs",
            "lineage_runs",
            "lineage_job_versions",
            "lineage_edges",
            "lineage_column_edges",
            "lineage_dataset_fields");

    @Inject
    IcebergTestFixture fixture;

    private List<Long> before;

    @BeforeEach
    void count() {
        fixture.reset();
        before = counts();
    }

    private List<Long> counts() {
        return TABLES.stream().map(fixture::rows).toList();
    }

    private static ValidatableResponse problem(ValidatableResponse response, int status, String type) {
        return response.statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("type", equalTo("https://tributary.io/problems/" + type));
    }

    @Test
    void anEventBreakingTheSchemaIs422NamingEachFieldAndStoresNothing() {
        String event = LineageEvents.run("COMPLETE", UUID.randomUUID(), "2026-12-01T10:00:00Z", "ns", "job", "a", "b")
                .replace("\"eventTime\": \"2026-12-01T10:00:00Z\"", "\"eventTime\": \"yesterday\"")
                .replace("\"field\": \"id\"", "\"field\": 7");
        problem(as(PRODUCER).body(event).post("/api/v1/lineage").then(), 422, "invalid-lineage-event")
                .body("title", equalTo("Invalid lineage event"))
                .body(
                        "errors.pointer",
                        hasItems("/eventTime", "/outputs/0/facets/columnLineage/fields/order_id/inputFields/0/field"));
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void aRunWithoutItsIdIsRefused() {
        String event = LineageEvents.run("START", UUID.randomUUID(), "2026-12-01T10:00:00Z", "ns", "job", "a", "b")
                .replaceFirst("\"run\": \\{\"runId\": \"[^\"]+\"}", "\"run\": {}");
        problem(as(PRODUCER).body(event).post("/api/catalog/v1/lineage").then(), 422, "invalid-lineage-event")
                .body("errors.pointer", hasItem("/run/runId"));
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void aBodyThatIsNotJsonIs400() {
        problem(as(PRODUCER).body("{\"eventType\": ").post("/api/v1/lineage").then(), 400, "malformed-json");
        problem(as(PRODUCER).body("").post("/api/v1/lineage").then(), 400, "malformed-json");
        problem(as(PRODUCER).body("[1, 2]").post("/api/v1/lineage").then(), 422, "invalid-lineage-event")
                .body("errors.pointer", hasItem(""));
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void anEventOver5MBIs413() {
        String event = LineageEvents.run("COMPLETE", UUID.randomUUID(), "2026-12-01T10:00:00Z", "ns", "job", "a", "b");
        String padded = event.replaceFirst("\\{", "{\"padding\": \"" + "x".repeat(5 * 1024 * 1024) + "\", ");
        problem(as(PRODUCER).body(padded).post("/api/v1/lineage").then(), 413, "too-large")
                .body("detail", containsString("5242880"));
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void badGraphQueriesAre400NamingTheParameter() {
        for (String nodeId : List.of("orders", "dataset:orders", "run:42", "table:ns:orders", "")) {
            problem(
                            as(ANALYST)
                                    .queryParam("nodeId", nodeId)
                                    .get("/api/v1/lineage")
                                    .then(),
                            400,
                            "invalid-request")
                    .body("errors.pointer", hasItem("nodeId"));
        }
        problem(as(ANALYST).get("/api/v1/lineage").then(), 400, "invalid-request")
                .body("errors.pointer", hasItem("nodeId"));
        for (String depth : List.of("101", "-1", "deep")) {
            problem(
                            as(ANALYST)
                                    .queryParam("nodeId", "dataset:ns:orders")
                                    .queryParam("depth", depth)
                                    .get("/api/v1/lineage")
                                    .then(),
                            400,
                            "invalid-request")
                    .body("errors.pointer", hasItem("depth"));
        }
        problem(
                        as(ANALYST)
                                .queryParam("nodeId", "job:ns:load")
                                .get("/api/v1/column-lineage")
                                .then(),
                        400,
                        "invalid-request")
                .body("errors.pointer", hasItem("nodeId"));
        problem(
                        as(ANALYST)
                                .queryParam("nodeId", "dataset:ns:orders")
                                .queryParam("withDownstream", "yes")
                                .get("/api/v1/column-lineage")
                                .then(),
                        400,
                        "invalid-request")
                .body("errors.pointer", hasItem("withDownstream"));
        problem(
                        as(ANALYST)
                                .queryParam("limit", "0")
                                .get("/api/v1/events/lineage")
                                .then(),
                        400,
                        "invalid-request")
                .body("errors.pointer", hasItem("limit"));
        problem(
                        as(ANALYST)
                                .queryParam("before", "today")
                                .get("/api/v1/events/lineage")
                                .then(),
                        400,
                        "invalid-request")
                .body("errors.pointer", hasItem("before"));
    }

    @Test
    void anUnknownNodeIs404() {
        problem(
                as(ANALYST)
                        .queryParam("nodeId", "dataset:nowhere-" + UUID.randomUUID() + ":orders")
                        .get("/api/v1/lineage")
                        .then(),
                404,
                "not-found");
        problem(
                as(ANALYST)
                        .queryParam("nodeId", "run:" + UUID.randomUUID())
                        .get("/api/v1/lineage")
                        .then(),
                404,
                "not-found");
    }
}
