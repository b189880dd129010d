package io.tributary.catalog.api.lineage;

import static io.restassured.RestAssured.given;
import static io.tributary.catalog.api.lineage.LineageApiTest.ADMIN;
import static io.tributary.catalog.api.lineage.LineageApiTest.ANALYST;
import static io.tributary.catalog.api.lineage.LineageApiTest.PRODUCER;
import static io.tributary.catalog.api.lineage.LineageApiTest.STEWARD;
import static io.tributary.catalog.api.lineage.LineageApiTest.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.tributary.catalog.api.iceberg.TemporaryWarehouse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Marquez's listing endpoints over HTTP against real PostgreSQL. Every test works in a namespace of its own, so no
 * test depends on what another stored.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(TemporaryWarehouse.class)
class LineageListingsTest {

    static final String KAFKA = "kafka://127.0.0.1:19092";

    private String ns;

    @BeforeEach
    void ownNamespace() {
        ns = "listings-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Path segments as a client sends them: {@code /} and {@code :} percent-encoded. */
    static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static RequestSpecification raw(String token) {
        return as(token).urlEncodingEnabled(false);
    }

    static ValidatableResponse problem(ValidatableResponse response, int status, String type) {
        return response.statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("type", equalTo("https://tributary.io/problems/" + type));
    }

    /** The lake writer's events for one commit of table {@code sales.orders}: job, Kafka input, output statistics. */
    private String writerEvent(String type, UUID run, String time, int rows) {
        String statistics = type.equals("COMPLETE") ? """
                  , "outputFacets": {"outputStatistics": {"_producer": "%s",
                    "_schemaURL": "https://openlineage.io/spec/facets/1-0-2/OutputStatisticsOutputDatasetFacet.json",
                    "rowCount": %d, "size": 2048, "fileCount": 1}}""".formatted(LineageEvents.PRODUCER, rows) : "";
        return """
                {"eventType": "%1$s", "eventTime": "%2$s", "producer": "%3$s", "schemaURL": "%4$s",
                 "run": {"runId": "%5$s"},
                 "job": {"namespace": "%6$s", "name": "tributary.ingest/sales.orders"},
                 "inputs": [{"namespace": "%7$s", "name": "tributary.ingest.sales.orders"}],
                 "outputs": [{"namespace": "%6$s", "name": "sales.orders"%8$s}]}
                """.formatted(type, time, LineageEvents.PRODUCER, LineageEvents.RUN_SCHEMA, run, ns, KAFKA, statistics);
    }

    private void post(String event) {
        as(PRODUCER).body(event).post("/api/v1/lineage").then().statusCode(201);
    }

    private UUID lakeWriterCommit(String start, String end, int rows) {
        UUID run = UUID.randomUUID();
        post(writerEvent("START", run, start, rows));
        post(writerEvent("COMPLETE", run, end, rows));
        return run;
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1", "/api/catalog/v1"})
    void theLakeWritersCommitsAreListedAsMarquezShowsThem(String base) {
        UUID first = lakeWriterCommit("2026-12-01T10:00:00Z", "2026-12-01T10:00:02Z", 40);
        UUID second = lakeWriterCommit("2026-12-01T11:00:00Z", "2026-12-01T11:00:01.500Z", 42);
        String job = segment("tributary.ingest/sales.orders");
        assertThat(job).isEqualTo("tributary.ingest%2Fsales.orders");

        as(ANALYST)
                .queryParam("limit", "1000")
                .get(base + "/namespaces")
                .then()
                .statusCode(200)
                .body("namespaces.find { it.name == '" + ns + "' }.isHidden", equalTo(false))
                .body("namespaces.find { it.name == '" + KAFKA + "' }.name", equalTo(KAFKA));
        raw(ANALYST)
                .get(base + "/namespaces/" + segment(ns))
                .then()
                .statusCode(200)
                .body("name", equalTo(ns))
                .body("ownerName", nullValue())
                .body("createdAt", not(nullValue()));

        JsonPath datasets = raw(ANALYST)
                .get(base + "/namespaces/" + segment(ns) + "/datasets")
                .then()
                .statusCode(200)
                .body("totalCount", equalTo(1))
                .body("datasets", hasSize(1))
                .extract()
                .jsonPath();
        Map<String, Object> dataset = datasets.getMap("datasets[0]");
        assertThat(dataset)
                .containsEntry("id", Map.of("namespace", ns, "name", "sales.orders"))
                .containsEntry("type", "DB_TABLE")
                .containsEntry("name", "sales.orders")
                .containsEntry("physicalName", "sales.orders")
                .containsEntry("namespace", ns)
                .containsEntry("sourceName", ns)
                .containsEntry("fields", List.of())
                .containsEntry("tags", List.of())
                .containsEntry("lastLifecycleState", null)
                .containsEntry("description", null)
                .containsEntry("facets", Map.of())
                .containsEntry("deleted", false)
                .containsKeys("createdAt", "updatedAt", "lastModifiedAt");
        String current = (String) dataset.get("currentVersion");

        JsonPath versions = raw(ANALYST)
                .get(base + "/namespaces/" + segment(ns) + "/datasets/sales.orders/versions")
                .then()
                .statusCode(200)
                .body("totalCount", equalTo(2))
                .body("versions.createdByRun.id", contains(second.toString(), first.toString()))
                .extract()
                .jsonPath();
        Map<String, Object> newest = versions.getMap("versions[0]");
        assertThat(newest.get("version")).isEqualTo(current);
        assertThat(newest.get("id")).isEqualTo(Map.of("namespace", ns, "name", "sales.orders", "version", current));
        assertThat(newest).containsEntry("type", "DB_TABLE").containsEntry("lifecycleState", null);
        assertThat(versions.getInt("versions[0].facets.outputStatistics.rowCount"))
                .isEqualTo(42);
        assertThat(versions.getInt("versions[1].facets.outputStatistics.rowCount"))
                .isEqualTo(40);
        assertThat(versions.getString("versions[0].createdByRun.state")).isEqualTo("COMPLETED");
        assertThat(versions.getLong("versions[0].createdByRun.durationMs")).isEqualTo(1500L);

        // A version id is stable: the same on every read, and it finds its version.
        raw(ANALYST)
                .get(base + "/namespaces/" + segment(ns) + "/datasets/sales.orders/versions/" + current)
                .then()
                .statusCode(200)
                .body("version", equalTo(current))
                .body("createdByRun.id", equalTo(second.toString()))
                .body("facets.outputStatistics.fileCount", equalTo(1));
        raw(ANALYST)
                .get(base + "/namespaces/" + segment(ns) + "/datasets/sales.orders")
                .then()
                .statusCode(200)
                .body("currentVersion", equalTo(current));

        JsonPath jobs = raw(ANALYST)
                .get(base + "/namespaces/" + segment(ns) + "/jobs")
                .then()
                .statusCode(200)
                .body("totalCount", equalTo(1))
                .extract()
                .jsonPath();
        Map<String, Object> listed = jobs.getMap("jobs[0]");
        assertThat(listed)
                .containsEntry("id", Map.of("namespace", ns, "name", "tributary.ingest/sales.orders"))
                .containsEntry("type", "BATCH")
                .containsEntry("simpleName", "tributary.ingest/sales.orders")
                .containsEntry("parentJobName", null)
                .containsEntry("inputs", List.of(Map.of("namespace", KAFKA, "name", "tributary.ingest.sales.orders")))
                .containsEntry("outputs", List.of(Map.of("namespace", ns, "name", "sales.orders")))
                .containsEntry("location", null)
                .containsEntry("facets", Map.of())
                .containsEntry("labels", List.of());
        // Both commits read and wrote the same datasets: one job version, the one both runs name.
        String version = jobs.getString("jobs[0].currentVersion");
        assertThat(UUID.fromString(version).toString()).isEqualTo(version);
        assertThat(jobs.getString("jobs[0].latestRun.id")).isEqualTo(second.toString());
        assertThat(jobs.getString("jobs[0].latestRun.state")).isEqualTo("COMPLETED");

        raw(ANALYST)
                .get(base + "/namespaces/" + segment(ns) + "/jobs/" + job)
                .then()
                .statusCode(200)
                .body("name", equalTo("tributary.ingest/sales.orders"))
                .body("latestRun.startedAt", equalTo("2026-12-01T11:00:00Z"));
        JsonPath runs = raw(ANALYST)
                .get(base + "/namespaces/" + segment(ns) + "/jobs/" + job + "/runs")
                .then()
                .statusCode(200)
                .body("totalCount", equalTo(2))
                .body("runs.id", contains(second.toString(), first.toString()))
                .extract()
                .jsonPath();
        assertThat(runs.getMap("runs[0]"))
                .containsEntry("state", "COMPLETED")
                .containsEntry("nominalStartTime", null)
                .containsEntry("args", Map.of())
                .containsEntry("context", Map.of())
                .containsEntry("facets", Map.of())
                .containsEntry(
                        "jobVersion",
                        Map.of("namespace", ns, "name", "tributary.ingest/sales.orders", "version", version))
                .containsEntry("inputDatasetVersions", List.of())
                .containsEntry("outputDatasetVersions", List.of())
                .containsEntry("startedAt", "2026-12-01T11:00:00Z")
                .containsEntry("endedAt", "2026-12-01T11:00:01.500Z");
        as(ANALYST)
                .get(base + "/jobs/runs/" + first)
                .then()
                .statusCode(200)
                .body("id", equalTo(first.toString()))
                .body("durationMs", equalTo(2000));
        as(ANALYST)
                .queryParam("limit", "1000")
                .get(base + "/jobs")
                .then()
                .statusCode(200)
                .body("jobs.id", hasItem(Map.of("namespace", ns, "name", "tributary.ingest/sales.orders")));

        // The Kafka input: a namespace with "://" and ":" in it, percent-encoded.
        raw(ANALYST)
                .get(base + "/namespaces/" + segment(KAFKA) + "/datasets/tributary.ingest.sales.orders")
                .then()
                .statusCode(200)
                .body("namespace", equalTo(KAFKA))
                .body("currentVersion", nullValue());
    }

    @Test
    void listingsArePaged() {
        for (String output : List.of("c", "a", "b")) {
            post(LineageEvents.run(
                    "COMPLETE", UUID.randomUUID(), "2026-12-01T10:00:00Z", ns, "load_" + output, "raw", output));
        }
        String datasets = "/api/v1/namespaces/" + ns + "/datasets";
        as(ANALYST)
                .queryParam("limit", "2")
                .get(datasets)
                .then()
                .statusCode(200)
                .body("datasets.name", contains("a", "b"))
                .body("totalCount", equalTo(4));
        as(ANALYST)
                .queryParam("limit", "2")
                .queryParam("offset", "2")
                .get(datasets)
                .then()
                .statusCode(200)
                .body("datasets.name", contains("c", "raw"))
                .body("totalCount", equalTo(4));
        as(ANALYST)
                .queryParam("offset", "10")
                .get(datasets)
                .then()
                .statusCode(200)
                .body("datasets", hasSize(0))
                .body("totalCount", equalTo(4));
        as(ANALYST)
                .queryParam("limit", "1")
                .queryParam("offset", "1")
                .get("/api/catalog/v1/namespaces/" + ns + "/jobs")
                .then()
                .statusCode(200)
                .body("jobs.name", contains("load_b"))
                .body("totalCount", equalTo(3));
        as(ANALYST)
                .queryParam("limit", "1")
                .get("/api/v1/namespaces/" + ns + "/jobs/load_a/runs")
                .then()
                .statusCode(200)
                .body("runs", hasSize(1))
                .body("totalCount", equalTo(1));
        as(ANALYST)
                .queryParam("limit", "1")
                .get("/api/v1/namespaces/" + ns + "/datasets/a/versions")
                .then()
                .statusCode(200)
                .body("versions", hasSize(1))
                .body("totalCount", equalTo(1));
        as(ANALYST)
                .queryParam("limit", "1")
                .get("/api/v1/namespaces")
                .then()
                .statusCode(200)
                .body("namespaces", hasSize(1));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/namespaces",
                "/jobs",
                "/namespaces/NS/datasets",
                "/namespaces/NS/jobs",
                "/namespaces/NS/datasets/orders/versions",
                "/namespaces/NS/jobs/load/runs"
            })
    void badPagingIs400NamingTheParameter(String path) {
        post(LineageEvents.run("COMPLETE", UUID.randomUUID(), "2026-12-01T10:00:00Z", ns, "load", "raw", "orders"));
        String url = "/api/v1" + path.replace("NS", ns);
        for (String limit : List.of("0", "1001", "ten", "-5")) {
            problem(as(ANALYST).queryParam("limit", limit).get(url).then(), 400, "invalid-request")
                    .body("errors.pointer", contains("limit"))
                    .body("errors[0].message", equalTo("must be an integer from 1 to 1000"));
        }
        problem(as(ANALYST).queryParam("offset", "-1").get(url).then(), 400, "invalid-request")
                .body("errors.pointer", contains("offset"));
        problem(
                        as(ANALYST)
                                .queryParam("offset", "x")
                                .queryParam("limit", "0")
                                .get(url)
                                .then(),
                        400,
                        "invalid-request")
                .body("errors.pointer", contains("limit", "offset"));
    }

    @Test
    void unknownThingsAre404NamingThem() {
        post(LineageEvents.run("COMPLETE", UUID.randomUUID(), "2026-12-01T10:00:00Z", ns, "load", "raw", "orders"));
        String missing = "nowhere-" + ns;
        problem(as(ANALYST).get("/api/v1/namespaces/" + missing).then(), 404, "not-found")
                .body("detail", containsString(missing));
        problem(
                        as(ANALYST)
                                .get("/api/catalog/v1/namespaces/" + missing + "/datasets")
                                .then(),
                        404,
                        "not-found")
                .body("detail", containsString(missing));
        problem(as(ANALYST).get("/api/v1/namespaces/" + missing + "/jobs").then(), 404, "not-found");
        problem(
                        as(ANALYST)
                                .get("/api/v1/namespaces/" + ns + "/datasets/nothing")
                                .then(),
                        404,
                        "not-found")
                .body("detail", containsString("dataset:" + ns + ":nothing"));
        problem(
                        as(ANALYST)
                                .get("/api/v1/namespaces/" + ns + "/datasets/nothing/versions")
                                .then(),
                        404,
                        "not-found")
                .body("detail", containsString("dataset:" + ns + ":nothing"));
        UUID version = UUID.randomUUID();
        problem(
                        as(ANALYST)
                                .get("/api/v1/namespaces/" + ns + "/datasets/orders/versions/" + version)
                                .then(),
                        404,
                        "not-found")
                .body("detail", containsString(version.toString()));
        problem(as(ANALYST).get("/api/v1/namespaces/" + ns + "/jobs/nothing").then(), 404, "not-found")
                .body("detail", containsString("job:" + ns + ":nothing"));
        problem(
                as(ANALYST)
                        .get("/api/v1/namespaces/" + ns + "/jobs/nothing/runs")
                        .then(),
                404,
                "not-found");
        UUID run = UUID.randomUUID();
        problem(as(ANALYST).get("/api/catalog/v1/jobs/runs/" + run).then(), 404, "not-found")
                .body("detail", containsString("run:" + run));

        problem(as(ANALYST).get("/api/v1/jobs/runs/not-a-uuid").then(), 400, "invalid-request")
                .body("errors.pointer", contains("runId"));
        problem(
                        as(ANALYST)
                                .get("/api/v1/namespaces/" + ns + "/datasets/orders/versions/1")
                                .then(),
                        400,
                        "invalid-request")
                .body("errors.pointer", contains("version"));
    }

    @Test
    void searchIsACaseInsensitiveSubstringWithWildcardsTakenLiterally() {
        post(LineageEvents.run("COMPLETE", UUID.randomUUID(), "2026-12-01T10:00:00Z", ns, "Load_Orders", "raw", "a_b"));
        post(LineageEvents.run("COMPLETE", UUID.randomUUID(), "2026-12-01T10:00:01Z", ns, "copy", "axb", "100%"));
        as(ANALYST)
                .queryParam("q", "_")
                .queryParam("namespace", ns)
                .queryParam("sort", "name")
                .get("/api/v1/search")
                .then()
                .statusCode(200)
                .body("totalCount", equalTo(2))
                .body("results.name", contains("a_b", "Load_Orders"))
                .body("results.type", contains("DATASET", "JOB"))
                .body("results[0].nodeId", equalTo("dataset:" + ns + ":a_b"))
                .body("results[1].nodeId", equalTo("job:" + ns + ":Load_Orders"))
                .body("results[0].namespace", equalTo(ns))
                .body("results[0].updatedAt", not(nullValue()));
        as(ANALYST)
                .queryParam("q", "%")
                .queryParam("namespace", ns)
                .get("/api/v1/search")
                .then()
                .statusCode(200)
                .body("results.name", contains("100%"));
        as(ANALYST)
                .queryParam("q", "ORDERS")
                .queryParam("namespace", ns)
                .queryParam("filter", "DATASET")
                .get("/api/v1/search")
                .then()
                .statusCode(200)
                .body("totalCount", equalTo(0));
        as(ANALYST)
                .queryParam("q", "A")
                .queryParam("namespace", ns)
                .queryParam("filter", "DATASET")
                .queryParam("sort", "NAME")
                .queryParam("limit", "2")
                .get("/api/v1/search")
                .then()
                .statusCode(200)
                .body("totalCount", equalTo(3))
                .body("results.name", contains("a_b", "axb"));
        problem(as(ANALYST).get("/api/v1/search").then(), 400, "invalid-request")
                .body("errors.pointer", contains("q"));
        problem(
                        as(ANALYST)
                                .queryParam("q", "a")
                                .queryParam("filter", "TABLE")
                                .queryParam("sort", "SIZE")
                                .queryParam("limit", "0")
                                .get("/api/v1/search")
                                .then(),
                        400,
                        "invalid-request")
                .body("errors.pointer", contains("filter", "sort", "limit"));
        as(PRODUCER).queryParam("q", "a").get("/api/v1/search").then().statusCode(403);
    }

    @Test
    void stewardsTagDatasetsAndFieldsAndEveryReaderSeesTheTags() {
        post(LineageEvents.run("COMPLETE", UUID.randomUUID(), "2026-12-01T10:00:00Z", ns, "load", "raw", "orders"));
        String tag = "pii-" + ns;
        String dataset = "/api/v1/namespaces/" + ns + "/datasets/orders";

        as(ANALYST)
                .body("{\"description\": \"x\"}")
                .put("/api/v1/tags/" + tag)
                .then()
                .statusCode(403);
        as(PRODUCER).post(dataset + "/tags/" + tag).then().statusCode(403);
        as(ANALYST).post(dataset + "/tags/" + tag).then().statusCode(403);
        as(ANALYST).delete(dataset + "/tags/" + tag).then().statusCode(403);
        as(ANALYST).post(dataset + "/fields/order_id/tags/" + tag).then().statusCode(403);
        given().post(dataset + "/tags/" + tag).then().statusCode(401);

        as(STEWARD)
                .body("{\"description\": \"Personal data\"}")
                .put("/api/catalog/v1/tags/" + tag)
                .then()
                .statusCode(200)
                .body("name", equalTo(tag))
                .body("description", equalTo("Personal data"));
        as(ANALYST)
                .get("/api/v1/tags")
                .then()
                .statusCode(200)
                .body("tags.find { it.name == '" + tag + "' }.description", equalTo("Personal data"));

        as(STEWARD).post(dataset + "/tags/" + tag).then().statusCode(200).body("tags", contains(tag));
        as(ADMIN)
                .post(dataset + "/fields/order_id/tags/" + tag)
                .then()
                .statusCode(200)
                .body("fields.find { it.name == 'order_id' }.tags", contains(tag));
        as(ANALYST)
                .get("/api/catalog/v1/namespaces/" + ns + "/datasets")
                .then()
                .statusCode(200)
                .body("datasets.find { it.name == 'orders' }.tags", contains(tag))
                .body("datasets.find { it.name == 'orders' }.fields.find { it.name == 'order_id' }.tags", contains(tag))
                .body("datasets.find { it.name == 'raw' }.tags", hasSize(0));
        as(ANALYST).get(dataset + "/versions").then().statusCode(200).body("versions[0].tags", contains(tag));

        as(STEWARD).delete(dataset + "/tags/" + tag).then().statusCode(200).body("tags", hasSize(0));
        as(ANALYST).get(dataset).then().statusCode(200).body("tags", hasSize(0));

        // A tag unknown until now is created without a description.
        String fresh = "fresh-" + ns;
        as(STEWARD).post(dataset + "/tags/" + fresh).then().statusCode(200).body("tags", contains(fresh));
        as(ANALYST)
                .get("/api/v1/tags")
                .then()
                .body("tags.find { it.name == '" + fresh + "' }.description", nullValue());

        problem(
                        as(STEWARD)
                                .post("/api/v1/namespaces/" + ns + "/datasets/nothing/tags/" + tag)
                                .then(),
                        404,
                        "not-found")
                .body("detail", containsString("dataset:" + ns + ":nothing"));
        problem(as(STEWARD).post(dataset + "/fields/nothing/tags/" + tag).then(), 404, "not-found")
                .body("detail", containsString("datasetField:" + ns + ":orders:nothing"));
        problem(as(STEWARD).body("[1]").put("/api/v1/tags/" + tag).then(), 400, "invalid-request")
                .body("errors.pointer", contains("/description"));
        problem(as(STEWARD).body("{").put("/api/v1/tags/" + tag).then(), 400, "malformed-json");
    }

    @Test
    void theOpenApiDocumentListsEachPathUnderBothPrefixes() {
        JsonPath document = given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Map<String, Object> paths = document.getMap("paths");
        assertThat(paths)
                .containsKeys(
                        "/api/v1/lineage",
                        "/api/catalog/v1/lineage",
                        "/api/v1/namespaces/{namespace}/datasets/{dataset}/versions/{version}",
                        "/api/catalog/v1/namespaces/{namespace}/datasets/{dataset}/versions/{version}",
                        "/api/v1/jobs/runs/{runId}",
                        "/api/v1/search",
                        "/api/catalog/v1/search");
        assertThat(paths.keySet()).noneMatch(path -> path.contains("{base"));
        assertThat(document.getList("paths.'/api/v1/namespaces/{namespace}'.get.parameters.name"))
                .containsExactly("namespace");
    }
}
