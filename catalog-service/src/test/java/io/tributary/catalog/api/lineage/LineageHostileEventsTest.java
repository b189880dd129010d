package io.tributary.catalog.api.lineage;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import io.tributary.auth.Roles;
import io.tributary.auth.testing.TestTokens;
import io.tributary.catalog.api.iceberg.IcebergTestFixture;
import io.tributary.catalog.api.iceberg.TemporaryWarehouse;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A corpus of hostile lineage events (missing and mistyped required fields, impossible values, text PostgreSQL cannot
 * hold, oversized names, deep nesting, wrong shapes of every facet the store reads): each is a 4xx problem, and after
 * all of them the store holds exactly what it held before.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(TemporaryWarehouse.class)
class LineageHostileEventsTest {

    static final String PRODUCER = TestTokens.withRoles("pat", Roles.DATA_PRODUCER);
    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Inject
    IcebergTestFixture fixture;

    /** A valid RunEvent with every part the store reads: inputs, outputs, schema and column lineage facets. */
    static ObjectNode valid() {
        try {
            return (ObjectNode) JSON.readTree(LineageEvents.run(
                    "COMPLETE",
                    UUID.randomUUID(),
                    "2026-03-01T10:00:00Z",
                    "hostile",
                    "hostile-job",
                    "hostile-in",
                    "hostile-out"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> corpus() {
        Map<String, String> corpus = new LinkedHashMap<>();
        List<String> required =
                List.of("eventTime", "producer", "schemaURL", "run", "run.runId", "job", "job.namespace", "job.name");
        List<JsonNode> wrongTypes = List.of(
                NODES.nullNode(),
                NODES.numberNode(42),
                NODES.booleanNode(true),
                NODES.arrayNode().add("x"),
                NODES.objectNode().put("x", 1));
        for (String path : required) {
            corpus.put("missing " + path, mutate(event -> remove(event, path)));
            for (JsonNode wrong : wrongTypes) {
                if (!(path.equals("run") || path.equals("job")) || !wrong.isObject()) {
                    corpus.put(path + " = " + wrong, mutate(event -> set(event, path, wrong)));
                }
            }
            if (!path.equals("run") && !path.equals("job")) {
                corpus.put("empty " + path, mutate(event -> set(event, path, NODES.textNode(""))));
                corpus.put("NUL in " + path, mutate(event -> set(event, path, NODES.textNode("a\u0000b"))));
            }
        }
        for (String time : List.of("yesterday", "2026-13-40T00:00:00Z", "2026-03-01", "2026-03-01T10:00:00", "1e9")) {
            corpus.put("eventTime " + time, mutate(event -> event.put("eventTime", time)));
        }
        for (String id : List.of("not-a-uuid", "1234", " " + UUID.randomUUID(), UUID.randomUUID() + "0")) {
            corpus.put("runId " + id, mutate(event -> ((ObjectNode) event.get("run")).put("runId", id)));
        }
        for (JsonNode type : List.of(NODES.textNode("EXPLODED"), NODES.numberNode(1), NODES.textNode("complete"))) {
            corpus.put("eventType " + type, mutate(event -> event.set("eventType", type)));
        }
        String huge = "n".repeat(70_000);
        corpus.put("huge job name", mutate(event -> ((ObjectNode) event.get("job")).put("name", huge)));
        corpus.put("huge job namespace", mutate(event -> ((ObjectNode) event.get("job")).put("namespace", huge)));
        corpus.put(
                "huge dataset name", mutate(event -> dataset(event, "outputs").put("name", huge)));
        // Escaped in the JSON text: a client's UTF-8 encoder would replace a raw lone surrogate before sending it.
        corpus.put(
                "lone surrogate in job name",
                mutate(event -> ((ObjectNode) event.get("job")).put("name", "bad-SURROGATE-name"))
                        .replace("-SURROGATE-", "\\ud800"));
        corpus.put(
                "NUL in dataset name", mutate(event -> dataset(event, "inputs").put("name", "in\u0000put")));
        corpus.put(
                "NUL in dataset namespace",
                mutate(event -> dataset(event, "outputs").put("namespace", "\u0000")));
        for (String list : List.of("inputs", "outputs")) {
            corpus.put(list + " not an array", mutate(event -> event.put(list, "everything")));
            corpus.put(
                    list + " item not an object",
                    mutate(event -> event.set(list, NODES.arrayNode().add(7))));
            corpus.put(
                    list + " item null",
                    mutate(event -> event.set(list, NODES.arrayNode().addNull())));
            corpus.put(
                    list + " item without name",
                    mutate(event -> dataset(event, list).remove("name")));
            corpus.put(
                    list + " item without namespace",
                    mutate(event -> dataset(event, list).remove("namespace")));
            corpus.put(
                    list + " item name number",
                    mutate(event -> dataset(event, list).put("name", 5)));
            corpus.put(
                    list + " item empty name",
                    mutate(event -> dataset(event, list).put("name", "")));
            corpus.put(
                    list + " facets not an object",
                    mutate(event -> dataset(event, list).put("facets", "x")));
        }
        corpus.put(
                "schema facet without _producer",
                mutate(event -> facet(event, "schema").remove("_producer")));
        corpus.put(
                "schema facet without _schemaURL",
                mutate(event -> facet(event, "schema").remove("_schemaURL")));
        corpus.put(
                "schema fields not an array",
                mutate(event -> facet(event, "schema").put("fields", "id")));
        corpus.put(
                "schema field without name",
                mutate(event ->
                        ((ObjectNode) facet(event, "schema").get("fields").get(0)).remove("name")));
        corpus.put(
                "schema field name NUL",
                mutate(event ->
                        ((ObjectNode) facet(event, "schema").get("fields").get(0)).put("name", "\u0000")));
        corpus.put(
                "column lineage without _producer",
                mutate(event -> facet(event, "columnLineage").remove("_producer")));
        corpus.put(
                "column lineage fields array",
                mutate(event -> facet(event, "columnLineage").putArray("fields")));
        corpus.put(
                "column lineage field not an object",
                mutate(event -> ((ObjectNode) facet(event, "columnLineage").get("fields")).put("order_id", 3)));
        corpus.put(
                "inputFields not an array", mutate(event -> columnField(event).put("inputFields", "id")));
        corpus.put("inputFields missing", mutate(event -> columnField(event).remove("inputFields")));
        for (String key : List.of("namespace", "name", "field")) {
            corpus.put(
                    "inputField without " + key,
                    mutate(event -> inputField(event).remove(key)));
            corpus.put(
                    "inputField " + key + " number",
                    mutate(event -> inputField(event).put(key, 1)));
            corpus.put(
                    "inputField " + key + " NUL",
                    mutate(event -> inputField(event).put(key, "x\u0000")));
        }
        corpus.put(
                "transformations not an array",
                mutate(event -> inputField(event).put("transformations", "x")));
        corpus.put(
                "transformation type number",
                mutate(event ->
                        ((ObjectNode) inputField(event).get("transformations").get(0)).put("type", 9)));
        corpus.put("run facets not an object", mutate(event -> ((ObjectNode) event.get("run")).put("facets", 1)));
        corpus.put(
                "run facet without _producer",
                mutate(event -> ((ObjectNode) event.get("run"))
                        .putObject("facets")
                        .putObject("nominalTime")
                        .put("_schemaURL", "https://openlineage.io/spec/facets/1-0-1/NominalTimeRunFacet.json")));
        corpus.put(
                "parent run not an object",
                mutate(event ->
                        ((ObjectNode) event.get("run")).putObject("facets").put("parent", "x")));
        corpus.put(
                "NUL in a facet value", mutate(event -> facet(event, "schema").put("description", "a\u0000")));
        corpus.put("NUL in a member name", mutate(event -> event.put("x\u0000", 1)));
        corpus.put(
                "lone surrogate in a facet",
                mutate(event -> facet(event, "schema").put("note", "SURROGATE")).replace("SURROGATE", "\\udc00"));
        corpus.put(
                "number beyond a double",
                mutate(event -> facet(event, "schema").put("size", 1)).replace("\"size\":1", "\"size\":1e999999"));
        String wide = "\u20ac".repeat(1000);
        corpus.put("job id too long in UTF-8", mutate(event -> ((ObjectNode) event.get("job")).put("name", wide)));
        corpus.put("field id too long", mutate(event -> {
            dataset(event, "outputs").put("namespace", "n".repeat(1000)).put("name", "m".repeat(1000));
        }));
        // Not an event at all.
        corpus.put("top-level array", "[" + valid() + "]");
        corpus.put("top-level string", "\"event\"");
        corpus.put("top-level number", "42");
        corpus.put("null", "null");
        corpus.put("empty object", "{}");
        corpus.put("empty body", "");
        corpus.put("truncated JSON", valid().toString().substring(0, 40));
        corpus.put("trailing garbage", valid() + " trailing");
        corpus.put("two events", valid() + valid().toString());
        corpus.put("single quotes", valid().toString().replace('"', '\''));
        corpus.put("deep nesting", "{\"eventTime\":" + "[".repeat(5000) + "]".repeat(5000) + "}");
        corpus.put("DatasetEvent without dataset", dataset());
        corpus.put("JobEvent without job", mutate(event -> {
            event.remove("run");
            event.remove("job");
            event.remove("eventType");
            event.put("schemaURL", "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/JobEvent");
        }));
        return corpus;
    }

    @Test
    void everyHostileEventIsAProblemAndTheStoreIsUnchanged() {
        fixture.reset();
        List<String> tables = LineageBadInputTest.TABLES;
        List<Long> before = tables.stream().map(fixture::rows).toList();
        Map<String, String> corpus = corpus();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(100);
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, String> hostile : corpus.entrySet()) {
            Response response = given().auth()
                    .oauth2(PRODUCER)
                    .contentType("application/json")
                    .body(hostile.getValue())
                    .post("/api/v1/lineage");
            int status = response.statusCode();
            String type = response.contentType();
            if (status < 400 || status >= 500 || type == null || !type.startsWith("application/problem+json")) {
                wrong.add(hostile.getKey() + " -> " + status + " " + type + " " + response.asString());
            }
        }
        assertThat(wrong).as("hostile events not answered with a 4xx problem").isEmpty();
        assertThat(tables.stream().map(fixture::rows).toList()).isEqualTo(before);
    }

    /** Past the HTTP server's own body limit (10 MiB) as well as the lineage limit: still a problem, not a bare 413. */
    @Test
    void aBodyPastEveryLimitIsA413Problem() {
        byte[] body = new byte[11 * 1024 * 1024];
        java.util.Arrays.fill(body, (byte) ' ');
        given().auth()
                .oauth2(PRODUCER)
                .contentType("application/json")
                .body(body)
                .post("/api/v1/lineage")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("/too-large"));
    }

    private static String dataset() {
        ObjectNode event = NODES.objectNode();
        event.put("eventTime", "2026-03-01T10:00:00Z");
        event.put("producer", LineageEvents.PRODUCER);
        event.put("schemaURL", "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetEvent");
        return event.toString();
    }

    private static String mutate(Consumer<ObjectNode> change) {
        ObjectNode event = valid();
        change.accept(event);
        return event.toString();
    }

    private static void remove(ObjectNode event, String path) {
        String[] parts = path.split("\\.");
        ObjectNode parent = parts.length == 1 ? event : (ObjectNode) event.get(parts[0]);
        parent.remove(parts[parts.length - 1]);
    }

    private static void set(ObjectNode event, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        ObjectNode parent = parts.length == 1 ? event : (ObjectNode) event.get(parts[0]);
        parent.set(parts[parts.length - 1], value);
    }

    private static ObjectNode dataset(ObjectNode event, String list) {
        return (ObjectNode) ((ArrayNode) event.get(list)).get(0);
    }

    private static ObjectNode facet(ObjectNode event, String name) {
        return (ObjectNode) dataset(event, "outputs").get("facets").get(name);
    }

    private static ObjectNode columnField(ObjectNode event) {
        return (ObjectNode) facet(event, "columnLineage").get("fields").get("order_id");
    }

    private static ObjectNode inputField(ObjectNode event) {
        return (ObjectNode) columnField(event).get("inputFields").get(0);
    }
}
