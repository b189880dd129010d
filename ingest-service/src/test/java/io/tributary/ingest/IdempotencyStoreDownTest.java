package io.tributary.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.tributary.auth.Roles;
import io.tributary.auth.testing.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With PostgreSQL unreachable the service still starts and stays ready: a request with an Idempotency-Key gets a
 * retryable 503 (its key cannot be honoured), one without a key is published as usual.
 */
@QuarkusTest
@TestProfile(IdempotencyStoreDownTest.NoDatabase.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(IngestTestContracts.class)
class IdempotencyStoreDownTest {

    static final String PRODUCER = TestTokens.withRoles("orders-app", Roles.DATA_PRODUCER);
    static final String ROW = "{\"order_id\": 901, \"customer\": \"ada\", \"amount\": 1}";

    static String path() {
        return "/api/ingest/v1/tables/" + IngestTestContracts.namespace() + "/orders/records";
    }

    @Test
    void aKeyedRequestIs503AndAnUnkeyedOneIsPublished() {
        given().auth()
                .oauth2(PRODUCER)
                .contentType("application/json")
                .header("Idempotency-Key", "must-not-duplicate")
                .body(ROW)
                .when()
                .post(path())
                .then()
                .log()
                .ifValidationFails()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("detail", containsString("Idempotency-Key 'must-not-duplicate'"))
                .body("detail", containsString("nothing was published"));
        given().auth()
                .oauth2(PRODUCER)
                .contentType("application/json")
                .body(ROW)
                .when()
                .post(path())
                .then()
                .statusCode(200)
                .body("accepted", equalTo(1));

        given().when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'idempotency-store' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'idempotency-store' }.data.state", startsWith("degraded"));
        given().when()
                .get("/q/metrics")
                .then()
                .body(containsString("tributary_ingest_requests_total{outcome=\"unavailable_idempotency_store\""));
    }

    public static class NoDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return Map.of(
                        "tributary.pg.port",
                        Integer.toString(socket.getLocalPort()),
                        "quarkus.flyway.migrate-at-start",
                        "false");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
