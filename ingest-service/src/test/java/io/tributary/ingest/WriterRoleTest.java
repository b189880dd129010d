package io.tributary.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.tributary.auth.Roles;
import io.tributary.auth.testing.TestTokens;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A process in the writer role takes no records, and its readiness says what the lake writer waits for. */
@QuarkusTest
@TestProfile(WriterRoleTest.WriterOnly.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(IngestTestContracts.class)
class WriterRoleTest {

    @Test
    void recordsSentToAWriterProcessAre404() {
        given().auth()
                .oauth2(TestTokens.withRoles("orders-app", Roles.DATA_PRODUCER))
                .contentType("application/json")
                .body("{\"order_id\": 1, \"customer\": \"ada\", \"amount\": 1}")
                .when()
                .post("/api/ingest/v1/tables/" + IngestTestContracts.namespace() + "/orders/records")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("runs only the lake writer"));
    }

    @Test
    void readinessSaysTheWriterWaitsForItsCatalog() {
        given().when()
                .get("/q/health/ready")
                .then()
                .statusCode(503)
                .body("checks.find { it.name == 'lake-writer' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'lake-writer' }.data.catalog", equalTo("http://127.0.0.1:1/iceberg"))
                .body("checks.name", hasItem("lake-writer"));
    }

    public static class WriterOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "tributary.ingest.role",
                    "writer",
                    "tributary.ingest.writer.catalog-uri",
                    "http://127.0.0.1:1/iceberg",
                    "tributary.ingest.writer.retry-interval",
                    "200ms");
        }
    }
}
