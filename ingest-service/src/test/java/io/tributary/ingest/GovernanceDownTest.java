package io.tributary.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

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

/** With INSERT decided by governance and governance not answering, a producer gets a retryable 503, no receipt. */
@QuarkusTest
@TestProfile(GovernanceDownTest.NoGovernance.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(IngestTestContracts.class)
class GovernanceDownTest {

    @Test
    void unreachableGovernanceIs503WithRetryAfterAndNothingPublished() {
        given().auth()
                .oauth2(TestTokens.withRoles("orders-app", Roles.DATA_PRODUCER))
                .contentType("application/json")
                .body("{\"order_id\": 1, \"customer\": \"ada\", \"amount\": 1}")
                .when()
                .post("/api/ingest/v1/tables/" + IngestTestContracts.namespace() + "/orders/records")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("title", equalTo("Service unavailable"))
                .body("detail", containsString("cannot be decided"))
                .body("detail", containsString("nothing was published"));
    }

    public static class NoGovernance implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return Map.of(
                        "tributary.ingest.authorization.kind",
                        "governance",
                        "tributary.ingest.authorization.governance.url",
                        "http://127.0.0.1:" + socket.getLocalPort(),
                        "tributary.ingest.authorization.governance.timeout",
                        "1s");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
