package io.tributary.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.tributary.auth.Roles;
import io.tributary.auth.testing.TestTokens;
import org.junit.jupiter.api.Test;

/** The maintenance trigger refuses callers and bad requests before it touches the catalog. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class MaintenanceEndpointTest {

    private static final String PATH = "/api/ingest/v1/admin/maintenance/shop/orders";

    @Test
    void noTokenIs401AndOtherRolesAre403() {
        given().contentType("application/json")
                .body("{}")
                .when()
                .post(PATH)
                .then()
                .statusCode(401);
        given().auth()
                .oauth2(TestTokens.withRoles("pat", Roles.DATA_PRODUCER, Roles.DATA_STEWARD))
                .contentType("application/json")
                .body("{}")
                .when()
                .post(PATH)
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void badRequestsNameTheirField() {
        String admin = TestTokens.withRoles("ada", Roles.PLATFORM_ADMIN);
        given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body("{\"actions\": [\"compact\", \"vacuum\"]}")
                .when()
                .post(PATH)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", containsString("invalid-request"))
                .body("errors[0].pointer", equalTo("/actions/1"))
                .body("detail", containsString("nothing was done"));
        given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body("{\"orphan-older-than\": \"PT30M\"}")
                .when()
                .post(PATH)
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/orphan-older-than"));
        given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body("{\"actions\": ")
                .when()
                .post(PATH)
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo(""));
    }
}
