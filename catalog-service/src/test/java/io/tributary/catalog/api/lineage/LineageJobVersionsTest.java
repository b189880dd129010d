package io.tributary.catalog.api.lineage;

import static io.tributary.catalog.api.lineage.LineageApiTest.ANALYST;
import static io.tributary.catalog.api.lineage.LineageApiTest.PRODUCER;
import static io.tributary.catalog.api.lineage.LineageApiTest.as;
import static io.tributary.catalog.api.lineage.LineageListingsTest.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import io.tributary.auth.testing.TestTokens;
import io.tributary.catalog.api.iceberg.TemporaryWarehouse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Job versions as Marquez keeps them: one per distinct job, source code location, inputs and outputs, over HTTP against
 * real PostgreSQL, in a namespace of each test's own.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(TemporaryWarehouse.class)
class LineageJobVersionsTest {

    private static final String LOCATION = "https://git.example.com/etl/blob/main/load.sql";

    private String ns;

    @BeforeEach
    void ownNamespace() {
        ns = "versions-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String event(String type, UUID run, String time, List<String> inputs, String location) {
        String facets = location == null ? "" : """
                , "facets": {"sourceCodeLocation": {"_producer": "%s",
                  "_schemaURL": "https://openlineage.io/spec/facets/1-0-1/SourceCodeLocationJobFacet.json",
                  "type": "git", "url": "%s"}}""".formatted(LineageEvents.PRODUCER, location);
        String inputList = String.join(
                ", ",
                inputs.stream()
                        .map(i -> "{\"namespace\": \"" + ns + "\", \"name\": \"" + i + "\"}")
                        .toList());
        return """
                {"eventType": "%1$s", "eventTime": "%2$s", "producer": "%3$s", "schemaURL": "%4$s",
                 "run": {"runId": "%5$s"},
                 "job": {"namespace": "%6$s", "name": "load"%7$s},
                 "inputs": [%8$s],
                 "outputs": [{"namespace": "%6$s", "name": "orders"}]}
                """.formatted(type, time, LineageEvents.PRODUCER, LineageEvents.RUN_SCHEMA, run, ns, facets, inputList);
    }

    private UUID run(String start, String end, List<String> inputs) {
        UUID run = UUID.randomUUID();
        post(event("START", run, start, inputs, LOCATION));
        post(event("COMPLETE", run, end, inputs, LOCATION));
        return run;
    }

    private static void post(String event) {
        as(PRODUCER).body(event).post("/api/v1/lineage").then().statusCode(201);
    }

    private JsonPath versions(String base, String query) {
        return as(ANALYST)
                .get(base + "/namespaces/" + ns + "/jobs/load/versions" + query)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private String currentVersion(String base) {
        return as(ANALYST)
                .get(base + "/namespaces/" + ns + "/jobs/load")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("currentVersion");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1", "/api/catalog/v1"})
    void runsOverTheSameDatasetsShareAVersionAndAChangedInputMakesANewOne(String base) {
        UUID first = run("2026-12-01T10:00:00Z", "2026-12-01T10:00:05Z", List.of("raw_b", "raw_a"));
        UUID second = run("2026-12-01T11:00:00Z", "2026-12-01T11:00:05Z", List.of("raw_a", "raw_b"));
        // A repeated event changes nothing.
        as(PRODUCER)
                .body(event("COMPLETE", second, "2026-12-01T11:00:05Z", List.of("raw_a", "raw_b"), LOCATION))
                .post("/api/v1/lineage")
                .then()
                .statusCode(200);

        JsonPath one = versions(base, "");
        assertThat(one.getInt("totalCount")).isEqualTo(1);
        String v1 = one.getString("versions[0].version");
        assertThat(one.getMap("versions[0]"))
                .containsEntry("id", Map.of("namespace", ns, "name", "load", "version", v1))
                .containsEntry("namespace", ns)
                .containsEntry("name", "load")
                .containsEntry("location", LOCATION)
                .containsEntry(
                        "inputs",
                        List.of(Map.of("namespace", ns, "name", "raw_a"), Map.of("namespace", ns, "name", "raw_b")))
                .containsEntry("outputs", List.of(Map.of("namespace", ns, "name", "orders")));
        assertThat(one.getString("versions[0].latestRun.id")).isEqualTo(second.toString());
        assertThat(one.getMap("versions[0].latestRun.jobVersion"))
                .isEqualTo(Map.of("namespace", ns, "name", "load", "version", v1));
        assertThat(one.getString("versions[0].facets.sourceCodeLocation.url")).isEqualTo(LOCATION);
        assertThat(one.getString("versions[0].createdAt")).isNotNull();
        assertThat(currentVersion(base)).isEqualTo(v1);
        as(ANALYST).get(base + "/jobs/runs/" + first).then().statusCode(200).body("jobVersion.version", equalTo(v1));

        UUID third = run("2026-12-01T12:00:00Z", "2026-12-01T12:00:05Z", List.of("raw_a", "raw_c"));
        JsonPath two = versions(base, "");
        assertThat(two.getInt("totalCount")).isEqualTo(2);
        String v2 = two.getString("versions[0].version");
        assertThat(v2).isNotEqualTo(v1);
        assertThat(two.getString("versions[1].version")).isEqualTo(v1);
        assertThat(two.getList("versions[0].inputs.name")).containsExactly("raw_a", "raw_c");
        assertThat(two.getString("versions[0].latestRun.id")).isEqualTo(third.toString());
        assertThat(currentVersion(base)).isEqualTo(v2);

        JsonPath byId = as(ANALYST)
                .get(base + "/namespaces/" + ns + "/jobs/load/versions/" + v1)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(byId.getString("version")).isEqualTo(v1);
        assertThat(byId.getString("latestRun.id")).isEqualTo(second.toString());

        JsonPath page = versions(base, "?limit=1&offset=1");
        assertThat(page.getInt("totalCount")).isEqualTo(2);
        assertThat(page.getList("versions.version")).containsExactly(v1);
    }

    @Test
    void aStartAndALocationChangeAreVersionedAsMarquezDoes() {
        UUID started = UUID.randomUUID();
        post(event("START", started, "2026-12-01T10:00:00Z", List.of("raw_a"), LOCATION));
        assertThat(versions("/api/v1", "").getInt("totalCount")).isZero();
        assertThat(currentVersion("/api/v1")).isNull();
        as(ANALYST).get("/api/v1/jobs/runs/" + started).then().statusCode(200).body("jobVersion", equalTo(null));

        post(event("COMPLETE", UUID.randomUUID(), "2026-12-01T10:00:00Z", List.of("raw_a"), LOCATION));
        post(event("COMPLETE", UUID.randomUUID(), "2026-12-01T11:00:00Z", List.of("raw_a"), LOCATION + "?v=2"));
        post(event("COMPLETE", UUID.randomUUID(), "2026-12-01T12:00:00Z", List.of("raw_a"), null));
        JsonPath versions = versions("/api/v1", "");
        assertThat(versions.getInt("totalCount")).isEqualTo(3);
        assertThat(versions.getList("versions.location")).containsExactlyInAnyOrder(LOCATION, LOCATION + "?v=2", null);
    }

    @Test
    void unknownJobsAndVersionsAreNotFoundAndBadVersionsRejected() {
        run("2026-12-01T10:00:00Z", "2026-12-01T10:00:05Z", List.of("raw_a"));
        UUID unknown = UUID.randomUUID();
        problem(
                        as(ANALYST)
                                .get("/api/v1/namespaces/" + ns + "/jobs/load/versions/" + unknown)
                                .then(),
                        404,
                        "not-found")
                .body("detail", containsString(unknown.toString()))
                .body("detail", containsString("job:" + ns + ":load"));
        problem(
                        as(ANALYST)
                                .get("/api/v1/namespaces/" + ns + "/jobs/nope/versions")
                                .then(),
                        404,
                        "not-found")
                .body("detail", containsString("job:" + ns + ":nope"));
        problem(
                        as(ANALYST)
                                .get("/api/v1/namespaces/" + ns + "/jobs/nope/versions/" + unknown)
                                .then(),
                        404,
                        "not-found")
                .body("detail", containsString("job:" + ns + ":nope"));
        problem(
                        as(ANALYST)
                                .get("/api/v1/namespaces/" + ns + "/jobs/load/versions/not-a-uuid")
                                .then(),
                        400,
                        "invalid-request")
                .body("errors[0].pointer", equalTo("version"));
        problem(
                        as(ANALYST)
                                .get("/api/v1/namespaces/" + ns + "/jobs/load/versions?limit=0")
                                .then(),
                        400,
                        "invalid-request")
                .body("errors[0].pointer", equalTo("limit"));
        as(TestTokens.withRoles("nora"))
                .get("/api/v1/namespaces/" + ns + "/jobs/load/versions")
                .then()
                .statusCode(403);
    }
}
