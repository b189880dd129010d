package io.tributary.auth.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.restassured.response.ValidatableResponse;
import io.tributary.auth.Roles;
import io.tributary.auth.admin.EffectiveConfig;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every service's admin endpoints must show, written once and run by each service's
 * {@code @QuarkusTest} against its own running application with real signed tokens.
 */
public abstract class AdminEndpointContract {

    /** For example {@code /api/catalog/v1/admin}. */
    protected abstract String adminPath();

    /** A configuration key the service must report, proving the view is the service's own. */
    protected abstract String expectedConfigKey();

    private ValidatableResponse getConfig(String token) {
        var request = given();
        if (token != null) {
            request = request.auth().oauth2(token);
        }
        return request.when().get(adminPath() + "/config").then();
    }

    @Test
    void noTokenIs401Problem() {
        getConfig(null)
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("status", equalTo(401))
                .body("title", equalTo("Unauthenticated"));
    }

    @Test
    void expiredTokenIs401() {
        getConfig(TestTokens.expired("ada", Roles.PLATFORM_ADMIN))
                .statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void tokenFromAnotherIssuerIs401() {
        getConfig(TestTokens.wrongIssuer("ada", Roles.PLATFORM_ADMIN))
                .statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void tamperedTokenIs401() {
        getConfig(TestTokens.tampered("nora", Roles.DATA_ANALYST))
                .statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void garbageTokenIs401() {
        getConfig("not-a-jwt").statusCode(401).contentType("application/problem+json");
    }

    @Test
    void wrongRoleIs403Problem() {
        getConfig(TestTokens.withRoles("ana", Roles.DATA_ANALYST, Roles.DATA_STEWARD))
                .statusCode(403)
                .contentType("application/problem+json")
                .body("status", equalTo(403))
                .body("detail", not(containsString("Exception")));
    }

    @Test
    void adminSeesRedactedEffectiveConfig() {
        getConfig(TestTokens.withRoles("ada", Roles.PLATFORM_ADMIN))
                .statusCode(200)
                .contentType(containsString("application/json"))
                .body("'" + expectedConfigKey() + "'", notNullValue())
                .body("'quarkus.datasource.password'", anyOf(nullValue(), equalTo(EffectiveConfig.REDACTED)))
                .body(not(containsString(System.getenv().getOrDefault("TRIBUTARY_PG_PASSWORD", "\u0000never"))));
    }

    @Test
    void adminSeesDependencies() throws InterruptedException {
        String token = TestTokens.withRoles("ada", Roles.PLATFORM_ADMIN);
        // Dependencies come up asynchronously (schema migration, Kafka metadata): wait for readiness first.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (given().get("/q/health/ready").statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        given().auth()
                .oauth2(token)
                .when()
                .get(adminPath() + "/dependencies")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.size()", greaterThanOrEqualTo(1));
    }

    @Test
    void deniedRequestsAreCounted() {
        getConfig(null).statusCode(401);
        getConfig(TestTokens.withRoles("ana", Roles.DATA_ANALYST)).statusCode(403);
        given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("tributary_security_denied_requests_total{reason=\"unauthenticated\""))
                .body(containsString("tributary_security_denied_requests_total{reason=\"forbidden\""));
    }
}
