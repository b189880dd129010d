package io.tributary.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tributary.auth.Roles;
import io.tributary.auth.testing.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With Keycloak unreachable a token cannot be verified: the caller gets a retryable 503, not a 500. */
@QuarkusTest
@TestProfile(IdentityProviderDownTest.KeycloakDown.class)
class IdentityProviderDownTest {

    @Test
    void tokenThatCannotBeVerifiedIs503Problem() {
        given().auth()
                .oauth2(TestTokens.withRoles("ada", Roles.PLATFORM_ADMIN))
                .when()
                .get("/api/ingest/v1/admin/config")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("title", equalTo("Identity provider unavailable"));
    }

    public static class KeycloakDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return Map.of(
                        "quarkus.oidc.auth-server-url",
                        "http://127.0.0.1:" + socket.getLocalPort() + "/realms/quarkus",
                        "quarkus.oidc.connection-delay",
                        "0S");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
