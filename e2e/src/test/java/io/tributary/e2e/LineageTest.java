package io.tributary.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Lineage on the real path: records posted through the gateway's ingest make the lake writer commit and emit its
 * OpenLineage RunEvents on {@code tributary.lineage}; the catalog consumes them, and the Marquez-shaped lineage read
 * through the gateway shows the ingest job writing the table. A job's own event posted over HTTP joins the same graph.
 */
@Order(12)
class LineageTest {

    @Test
    void theLakeWritersRunShowsAsTheIngestJobWritingTheTable() throws Exception {
        Instant started = Instant.now().minusSeconds(5);
        String namespace = "e2e_lineage_" + Long.toString(System.currentTimeMillis(), 36);
        String table = namespace + ".orders";
        given().auth()
                .oauth2(Suite.userToken("ada"))
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "namespace",
                        namespace,
                        "name",
                        "orders",
                        "columns",
                        List.of(Map.of("name", "order_id", "type", "long", "required", true)),
                        "producers",
                        List.of("*")))
                .post(Suite.gateway() + "/api/catalog/v1/datasets")
                .then()
                .statusCode(201);
        given().auth()
                .oauth2(Suite.producerToken())
                .contentType(ContentType.JSON)
                .body("[{\"order_id\": 1}, {\"order_id\": 2}]")
                .post(Suite.gateway() + "/api/ingest/v1/tables/" + namespace + "/orders/records")
                .then()
                .statusCode(200);

        // The writer names the table in the catalog's lineage namespace; find it from the writer's own event.
        String analyst = Suite.userToken("ana");
        String job = "tributary.ingest/" + table;
        JsonPath completed = LakeWriterTest.poll(
                () -> writerEvent(analyst, started, job), event -> event != null, LakeWriterTest.DEADLINE);
        assertThat(completed)
                .as("the writer's COMPLETE event for %s in the catalog", job)
                .isNotNull();
        String datasetNamespace = completed.getString("outputs[0].namespace");
        String jobNamespace = completed.getString("job.namespace");
        String datasetNode = "dataset:" + datasetNamespace + ":" + table;
        String jobNode = "job:" + jobNamespace + ":" + job;

        JsonPath graph = given().auth()
                .oauth2(analyst)
                .queryParam("nodeId", datasetNode)
                .get(Suite.gateway() + "/api/v1/lineage")
                .then()
                .statusCode(200)
                .body("graph.id", hasItem(jobNode))
                .extract()
                .jsonPath();
        assertThat(graph.getList("graph.find { it.id == '" + datasetNode + "' }.inEdges.origin"))
                .contains(jobNode);
        assertThat(graph.getString("graph.find { it.id == '" + jobNode + "' }.data.latestRun.state"))
                .isEqualTo("COMPLETED");

        // A downstream job reports itself over HTTP (OpenLineage's transport path), as a producer.
        String report = "e2e.report." + namespace;
        String event = """
                {"eventType": "COMPLETE", "eventTime": "%s", "run": {"runId": "%s"},
                 "job": {"namespace": "e2e", "name": "%s"},
                 "inputs": [{"namespace": "%s", "name": "%s"}],
                 "outputs": [{"namespace": "e2e", "name": "%s.daily"}],
                 "producer": "https://github.com/tributary-data/tributary/tree/main/e2e",
                 "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"}
                """.formatted(Instant.now(), UUID.randomUUID(), report, datasetNamespace, table, namespace);
        given().auth()
                .oauth2(Suite.userToken("pat"))
                .contentType(ContentType.JSON)
                .body(event)
                .post(Suite.gateway() + "/api/v1/lineage")
                .then()
                .statusCode(201);
        given().auth()
                .oauth2(Suite.userToken("pat"))
                .contentType(ContentType.JSON)
                .body(event.replace("\"runId\": \"", "\"runId\": \"x"))
                .post(Suite.gateway() + "/api/v1/lineage")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors.pointer", hasItem("/run/runId"));
        given().auth()
                .oauth2(analyst)
                .queryParam("nodeId", datasetNode)
                .get(Suite.gateway() + "/api/v1/lineage")
                .then()
                .statusCode(200)
                .body("graph.id", hasItem("job:e2e:" + report))
                .body("graph.id", hasItem("dataset:e2e:" + namespace + ".daily"));
        given().auth()
                .oauth2(analyst)
                .queryParam("nodeId", datasetNode)
                .get(Suite.gateway() + "/api/catalog/v1/column-lineage")
                .then()
                .statusCode(200);
    }

    /** The writer's COMPLETE event for {@code job} stored since {@code since}, or null. */
    private static JsonPath writerEvent(String token, Instant since, String job) {
        Response response = given().auth()
                .oauth2(token)
                .queryParam("after", since.toString())
                .queryParam("limit", "1000")
                .get(Suite.gateway() + "/api/v1/events/lineage");
        if (response.statusCode() != 200) {
            return null;
        }
        List<Map<String, Object>> events = response.jsonPath().getList("events");
        for (int i = 0; i < events.size(); i++) {
            JsonPath event = new JsonPath(response.asString()).setRootPath("events[" + i + "]");
            if (job.equals(event.getString("job.name")) && "COMPLETE".equals(event.getString("eventType"))) {
                return event;
            }
        }
        return null;
    }
}
