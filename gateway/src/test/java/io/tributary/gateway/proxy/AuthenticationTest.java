package io.tributary.gateway.proxy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.tributary.auth.Roles;
import io.tributary.auth.testing.TestTokens;
import io.tributary.gateway.testing.FakeBackendControl;
import io.tributary.gateway.testing.FakeBackends;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(FakeBackends.class)
class AuthenticationTest {

    static Stream<Arguments> rejectedTokens() {
        return Stream.of(
                Arguments.of("none", null),
                Arguments.of("garbage", "not-a-jwt"),
                Arguments.of("expired", TestTokens.expired("eve", Roles.PLATFORM_ADMIN)),
                Arguments.of("wrong-issuer", TestTokens.wrongIssuer("eve", Roles.PLATFORM_ADMIN)),
                Arguments.of("tampered", TestTokens.tampered("eve", Roles.DATA_ANALYST)));
    }

    @ParameterizedTest(name = "{0} token")
    @MethodSource("rejectedTokens")
    void rejectedTokenIs401ProblemAndNeverReachesTheBackend(String kind, String token) {
        String path = "/api/catalog/v1/secrets-" + kind;
        RequestSpecification request = given();
        if (token != null) {
            request = request.auth().oauth2(token);
        }
        Response response = request.when().post(path);
        response.then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .header("traceparent", notNullValue())
                .body("status", equalTo(401))
                .body("title", equalTo("Unauthenticated"))
                .body("instance", equalTo(response.header("X-Request-Id")));
        assertThat(FakeBackendControl.hits("catalog", path)).isZero();
    }

    @Test
    void icebergRoutesAnswerWithIcebergsErrorModel() {
        given().when()
                .get("/iceberg/v1/config")
                .then()
                .statusCode(401)
                .contentType("application/json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("error.code", equalTo(401))
                .body("error.type", equalTo("NotAuthorizedException"))
                .body("error.message", notNullValue());
        assertThat(FakeBackendControl.hits("catalog", "/iceberg/v1/config")).isZero();
    }

    @Test
    void rolesAreLeftToTheServices() {
        given().auth()
                .oauth2(TestTokens.withRoles("nobody"))
                .when()
                .get("/api/governance/v1/policies")
                .then()
                .statusCode(200)
                .body("backend", equalTo("governance"));
    }

    @Test
    void rejectionsAreCounted() {
        given().when().get("/api/query/v1/statements").then().statusCode(401);
        given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("tributary_security_denied_requests_total{reason=\"unauthenticated\""))
                .body(containsString("tributary_gateway_requests_total{route=\"query\",status=\"401\"}"));
    }
}
