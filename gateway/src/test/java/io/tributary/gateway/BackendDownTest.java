package io.tributary.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.tributary.auth.Roles;
import io.tributary.auth.testing.TestTokens;
import io.tributary.gateway.testing.BackendDownProfile;
import io.tributary.gateway.testing.FakeBackendControl;
import io.tributary.gateway.testing.FakeBackends;
import org.junit.jupiter.api.Test;

/** governance-service is down; everything else is up. */
@QuarkusTest
@TestProfile(BackendDownProfile.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(FakeBackends.class)
class BackendDownTest {

    private static final String TOKEN = TestTokens.withRoles("steward", Roles.DATA_STEWARD);

    @Test
    void requestsToTheDownBackendAre503ProblemsNamingIt() {
        given().auth()
                .oauth2(TOKEN)
                .when()
                .get("/api/governance/v1/policies")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .header("X-Request-Id", not(equalTo("")))
                .body("status", equalTo(503))
                .body("detail", equalTo("governance-service is unavailable."))
                .body(not(containsString("Exception")));
        given().auth()
                .oauth2(TOKEN)
                .when()
                .get("/api/catalog/v1/namespaces")
                .then()
                .statusCode(200);
        given().when()
                .get("/q/metrics")
                .then()
                .body(containsString("tributary_gateway_requests_total{route=\"governance\",status=\"503\"}"));
    }

    @Test
    void notReadyWhileABackendIsDown() {
        given().when()
                .get("/q/health/ready")
                .then()
                .statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'governance-service' }.status", equalTo("DOWN"))
                .body(
                        "checks.find { it.name == 'governance-service' }.data.url",
                        equalTo(FakeBackendControl.url("governance")))
                .body("checks.find { it.name == 'governance-service' }.data.state", equalTo("not ready"))
                .body("checks.find { it.name == 'catalog-service' }.status", equalTo("UP"));
        given().when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void mergedOpenApiOmitsTheDownBackendAndSaysSo() {
        given().when()
                .get("/openapi")
                .then()
                .statusCode(200)
                .body("paths", hasKey("/api/catalog/v1/items"))
                .body("paths", not(hasKey("/api/governance/v1/items")))
                .body("'x-tributary-missing'[0].service", equalTo("governance"))
                .body("info.description", containsString("governance"));
        given().when().get("/openapi/governance").then().statusCode(503).contentType("application/problem+json");
    }
}
