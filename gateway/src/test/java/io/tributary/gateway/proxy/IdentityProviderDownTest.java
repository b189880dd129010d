package io.tributary.gateway.proxy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.tributary.auth.Roles;
import io.tributary.auth.testing.TestTokens;
import io.tributary.gateway.testing.FakeBackends;
import io.tributary.gateway.testing.ForgedTokens;
import io.tributary.gateway.testing.IdentityProviderDownProfile;
import org.junit.jupiter.api.Test;

/** Keycloak unreachable: the gateway cannot tell good tokens from bad ones, and says so instead of failing. */
@QuarkusTest
@TestProfile(IdentityProviderDownProfile.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(FakeBackends.class)
class IdentityProviderDownTest {

    @Test
    void tokenRequestsAre503ProblemsWithRetryAfter() {
        given().auth()
                .oauth2(TestTokens.withRoles("ana", Roles.DATA_ANALYST))
                .when()
                .get("/api/query/v1/statements")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .header("X-Request-Id", notNullValue())
                .body("type", equalTo("https://tributary.io/problems/identity-provider-unavailable"));
    }

    @Test
    void junkNoKeyCouldVerifyIsStill401() {
        given().auth()
                .oauth2(ForgedTokens.algNone())
                .when()
                .get("/api/query/v1/statements")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("detail", endsWith("Reason: disallowed-algorithm."));
    }

    @Test
    void requestsWithoutATokenAreStill401() {
        given().when().get("/api/query/v1/statements").then().statusCode(401).contentType("application/problem+json");
    }
}
