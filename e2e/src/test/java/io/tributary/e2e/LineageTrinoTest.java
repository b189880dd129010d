package io.tributary.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * One lineage graph across engines: the lake writer fills table A, Trino's CREATE TABLE AS makes B from A, and
 * Trino's OpenLineage listener (posting to the catalog with its lineage API key) reports it under Trino's names. The
 * catalog files Trino's {@code trino://...} / {@code iceberg.<ns>.<table>} under the lake writer's node for the same
 * table, so the graph reads ingest job → A → Trino query → B, and B's columns lead back to A's.
 */
@Order(14)
class LineageTrinoTest {

    /** Trino's listener posts after the statement ends, asynchronously. */
    private static final Duration DEADLINE = Duration.ofSeconds(180);

    @Test
    void aTrinoCreateTableAsJoinsTheLakeWritersGraph() throws Exception {
        assumeTrue(Trino.available(), "Trino is not part of this run");
        String ns = "e2e_lineage_trino_" + Long.toString(System.currentTimeMillis(), 36);
        given().auth()
                .oauth2(Suite.userToken("ada"))
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "namespace",
                        ns,
                        "name",
                        "a",
                        "columns",
                        List.of(
                                Map.of("name", "order_id", "type", "long", "required", true),
                                Map.of("name", "customer", "type", "string")),
                        "producers",
                        List.of("*")))
                .post(Suite.gateway() + "/api/catalog/v1/datasets")
                .then()
                .statusCode(201);
        given().auth()
                .oauth2(Suite.producerToken())
                .contentType(ContentType.JSON)
                .body("[{\"order_id\": 1, \"customer\": \"ada\"}, {\"order_id\": 2, \"customer\": \"bob\"}]")
                .post(Suite.gateway() + "/api/ingest/v1/tables/" + ns + "/a/records")
                .then()
                .statusCode(200);

        String analyst = Suite.userToken("ana");
        String a = "dataset:tributary:" + ns + ".a";
        String b = "dataset:tributary:" + ns + ".b";
        String ingestJob = "job:tributary:tributary.ingest/" + ns + ".a";
        JsonPath landed = LakeWriterTest.poll(
                () -> graph(analyst, a, 1),
                g -> g != null && inEdges(g, a).contains(ingestJob),
                LakeWriterTest.DEADLINE);
        assertThat(landed).as("the lake writer's run writing %s", a).isNotNull();
        assertThat(inEdges(landed, a)).contains(ingestJob);

        Trino.run(
                        Suite.userToken("ada"),
                        "CREATE TABLE iceberg." + ns + ".b AS SELECT order_id, upper(customer) AS customer_upper FROM"
                                + " iceberg." + ns + ".a")
                .ok();

        JsonPath graph = LakeWriterTest.poll(
                () -> graph(analyst, b, 4),
                g -> g != null && inEdges(g, b).stream().anyMatch(id -> id.startsWith("job:trino:")),
                DEADLINE);
        assertThat(graph).as("Trino's run writing %s", b).isNotNull();
        List<String> writers = inEdges(graph, b);
        assertThat(writers).as("the jobs writing %s", b).hasSize(1);
        String trinoJob = writers.get(0);
        assertThat(trinoJob).startsWith("job:trino:");
        assertThat(inEdges(graph, trinoJob)).as("what Trino's query read").containsExactly(a);
        assertThat(inEdges(graph, a)).as("what wrote %s", a).contains(ingestJob);
        assertThat(graph.getList("graph.id", String.class))
                .as("no dataset under Trino's own names")
                .noneMatch(id -> id.startsWith("dataset:trino://"));
        assertThat(graph.getString("graph.find { it.id == '" + trinoJob + "' }.data.latestRun.state"))
                .isEqualTo("COMPLETED");

        JsonPath columns = given().auth()
                .oauth2(analyst)
                .queryParam("nodeId", b)
                .get(Suite.gateway() + "/api/v1/column-lineage")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(inputFields(columns, "datasetField:tributary:" + ns + ".b:order_id"))
                .containsExactly("tributary:" + ns + ".a:order_id");
        assertThat(inputFields(columns, "datasetField:tributary:" + ns + ".b:customer_upper"))
                .containsExactly("tributary:" + ns + ".a:customer");
    }

    /** Marquez's lineage graph around {@code node}, or null while the node is unknown. */
    private static JsonPath graph(String token, String node, int depth) {
        Response response = given().auth()
                .oauth2(token)
                .queryParam("nodeId", node)
                .queryParam("depth", depth)
                .get(Suite.gateway() + "/api/v1/lineage");
        return response.statusCode() == 200 ? response.jsonPath() : null;
    }

    private static List<String> inEdges(JsonPath graph, String node) {
        List<String> origins = graph.getList("graph.find { it.id == '" + node + "' }.inEdges.origin", String.class);
        return origins == null ? List.of() : origins;
    }

    /** A field node's inputs as {@code namespace:dataset:field}. */
    private static List<String> inputFields(JsonPath columns, String field) {
        List<Map<String, Object>> inputs = columns.getList("graph.find { it.id == '" + field + "' }.data.inputFields");
        assertThat(inputs).as("the column lineage of %s", field).isNotNull();
        return inputs.stream()
                .map(i -> i.get("namespace") + ":" + i.get("dataset") + ":" + i.get("field"))
                .toList();
    }
}
