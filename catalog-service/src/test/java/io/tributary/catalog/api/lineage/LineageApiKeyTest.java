package io.tributary.catalog.api.lineage;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.tributary.auth.Roles;
import io.tributary.auth.testing.TestTokens;
import io.tributary.catalog.api.iceberg.TemporaryWarehouse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lineage API keys (the test profile configures one, {@code test-trino}): a key may post lineage events and do nothing
 * else; JWTs keep working beside it.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(TemporaryWarehouse.class)
class LineageApiKeyTest {

    /** Its SHA-256 is {@code %test.tributary.catalog.lineage.api-keys} in application.properties. */
    static final String KEY = "lineage-test-key-0123456789";
    /** {@code %test.tributary.catalog.lineage.trino.namespace}. */
    static final String TRINO = "trino://trino.test:8080";

    private String ns;

    @BeforeEach
    void namespace() {
        ns = "key-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType("application/json");
    }

    private String event() {
        return LineageEvents.run("COMPLETE", UUID.randomUUID(), "2026-12-01T10:00:00Z", ns, "load", "raw", "orders");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/lineage", "/api/catalog/v1/lineage"})
    void aKeyPostsLineage(String path) {
        as(KEY).body(event()).post(path).then().statusCode(201).body("stored", equalTo(true));

        as(TestTokens.withRoles("ana", Roles.DATA_ANALYST))
                .queryParam("nodeId", "dataset:" + ns + ":orders")
                .get("/api/v1/lineage")
                .then()
                .statusCode(200)
                .body("graph.id", hasItem("job:" + ns + ":load"));
    }

    @Test
    void aWrongKeyIsRefusedLikeAnyBadToken() {
        for (String wrong : List.of(
                KEY + "x", KEY.substring(1), "9275fb93eb7ab038fc1dec4c9eb521c9506f4802651ae04da947074df9d40dac")) {
            as(wrong)
                    .body(event())
                    .post("/api/v1/lineage")
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"malformed\"")
                    .body("detail", equalTo("The bearer token is not a signed JWT. Reason: malformed."));
        }
        given().contentType("application/json")
                .body(event())
                .post("/api/v1/lineage")
                .then()
                .statusCode(401);
    }

    @Test
    void aKeyReadsNothingAndReachesNoOtherPath() {
        as(KEY).queryParam("nodeId", "dataset:" + ns + ":orders")
                .get("/api/v1/lineage")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        as(KEY).queryParam("nodeId", "dataset:" + ns + ":orders")
                .get("/api/catalog/v1/column-lineage")
                .then()
                .statusCode(401);
        as(KEY).get("/api/v1/events/lineage").then().statusCode(401);
        as(KEY).get("/api/catalog/v1/namespaces").then().statusCode(401);
        as(KEY).body("{\"namespace\": \"" + ns + "\", \"name\": \"orders\"}")
                .post("/api/catalog/v1/datasets")
                .then()
                .statusCode(401);
        as(KEY).get("/iceberg/v1/config").then().statusCode(401);
    }

    @Test
    void jwtsStillPostAndAreStillChecked() {
        as(TestTokens.withRoles("pat", Roles.DATA_PRODUCER))
                .body(event())
                .post("/api/v1/lineage")
                .then()
                .statusCode(201);
        as(TestTokens.withRoles("ana", Roles.DATA_ANALYST))
                .body(event())
                .post("/api/v1/lineage")
                .then()
                .statusCode(403);
        as(TestTokens.expired("pat", Roles.DATA_PRODUCER))
                .body(event())
                .post("/api/v1/lineage")
                .then()
                .statusCode(401)
                .body("detail", equalTo("The bearer token has expired. Reason: expired."));
    }

    /** What Trino's listener posts for {@code CREATE TABLE iceberg.<ns>.b AS SELECT order_id FROM iceberg.<ns>.a}. */
    @Test
    void trinosTablesBecomeTheLakesNodes() {
        String run = UUID.randomUUID().toString();
        String event = """
                {"eventType": "COMPLETE", "eventTime": "%4$s",
                 "producer": "https://github.com/trinodb/trino/plugin/trino-openlineage",
                 "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
                 "run": {"runId": "%1$s"},
                 "job": {"namespace": "trino", "name": "20261206_054158_00000_%2$s"},
                 "inputs": [{"namespace": "%3$s", "name": "iceberg.%2$s.a"}],
                 "outputs": [{"namespace": "%3$s", "name": "iceberg.%2$s.b", "facets": {
                   "columnLineage": {"_producer": "https://github.com/trinodb/trino/plugin/trino-openlineage",
                     "_schemaURL": "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json",
                     "fields": {"order_id": {"inputFields": [
                       {"namespace": "%3$s", "name": "iceberg.%2$s.a", "field": "order_id"}]}}}}}]}
                """.formatted(run, ns, TRINO, java.time.Instant.now());
        // Now, not a fixed time: the events list below is newest first, and a database in use holds newer events.
        as(KEY).body(event).post("/api/v1/lineage").then().statusCode(201);

        String analyst = TestTokens.withRoles("ana", Roles.DATA_ANALYST);
        String b = "dataset:tributary:" + ns + ".b";
        JsonPath graph = as(analyst)
                .queryParam("nodeId", b)
                .get("/api/v1/lineage")
                .then()
                .statusCode(200)
                .body("graph.id", not(hasItem("dataset:" + TRINO + ":iceberg." + ns + ".b")))
                .extract()
                .jsonPath();
        String job = "job:trino:20261206_054158_00000_" + ns;
        assertThat(graph.getList("graph.find { it.id == '" + b + "' }.inEdges.origin"))
                .containsExactly(job);
        assertThat(graph.getList("graph.find { it.id == '" + job + "' }.inEdges.origin"))
                .containsExactly("dataset:tributary:" + ns + ".a");
        as(analyst)
                .queryParam("nodeId", b)
                .get("/api/v1/column-lineage")
                .then()
                .statusCode(200)
                .body(
                        "graph.find { it.id == 'datasetField:tributary:" + ns
                                + ".b:order_id' }.data.inputFields[0].dataset",
                        equalTo(ns + ".a"));
        // The stored event is the canonical one; Trino's name is its symlink.
        as(analyst)
                .queryParam("limit", "1000")
                .get("/api/v1/events/lineage")
                .then()
                .statusCode(200)
                .body(
                        "events.find { it.run.runId == '" + run + "' }.outputs[0].facets.symlinks.identifiers[0].name",
                        equalTo("iceberg." + ns + ".b"));
    }
}
