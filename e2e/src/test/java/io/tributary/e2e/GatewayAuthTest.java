package io.tributary.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import io.restassured.response.Response;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Each service's admin endpoint through the gateway, with real Keycloak tokens: 401, 403, 200. */
@Order(2)
class GatewayAuthTest {

    static final java.util.List<String> AREAS = Suite.AREAS;

    private static String adminConfig(String area) {
        return Suite.gateway() + "/api/" + area + "/v1/admin/config";
    }

    @ParameterizedTest
    @FieldSource("AREAS")
    void withoutTokenTheGatewayAnswers401(String area) {
        given().when()
                .get(adminConfig(area))
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .header("X-Request-Id", matchesPattern(".+"));
    }

    @ParameterizedTest
    @FieldSource("AREAS")
    void forgedTokenIs401(String area) {
        String token = Suite.userToken("ana");
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        given().auth()
                .oauth2(forged)
                .when()
                .get(adminConfig(area))
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
    }

    @ParameterizedTest
    @FieldSource("AREAS")
    void userWithoutAdminRoleIs403(String area) {
        for (String user : new String[] {"nora", "ana", "pat", "sam"}) {
            given().auth()
                    .oauth2(Suite.userToken(user))
                    .when()
                    .get(adminConfig(area))
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json")
                    .body("status", equalTo(403));
        }
        given().auth()
                .oauth2(Suite.producerToken())
                .when()
                .get(adminConfig(area))
                .then()
                .statusCode(403);
    }

    @ParameterizedTest
    @FieldSource("AREAS")
    void platformAdminGetsTheServicesOwnConfig(String area) {
        Response response = given().auth().oauth2(Suite.userToken("ada")).when().get(adminConfig(area));
        response.then()
                .statusCode(200)
                .body("'quarkus.application.name'", equalTo(area + "-service"))
                .body("'quarkus.oidc.credentials.secret'", equalTo("<redacted>"));
        assertThat(response.asString()).doesNotContain(System.getenv().getOrDefault("TRIBUTARY_PG_PASSWORD", "\u0000"));
    }

    @ParameterizedTest
    @FieldSource("AREAS")
    void requestIdAndTraceContextComeBack(String area) {
        String token = Suite.userToken("ada");
        Response generated = given().auth().oauth2(token).when().get(adminConfig(area));
        assertThat(generated.header("X-Request-Id")).isNotBlank();
        assertThat(generated.header("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");

        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        given().auth()
                .oauth2(token)
                .header("X-Request-Id", "e2e-" + area)
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .when()
                .get(adminConfig(area))
                .then()
                .statusCode(200)
                .header("X-Request-Id", "e2e-" + area)
                .header("traceparent", containsString(traceId));
    }

    @ParameterizedTest
    @FieldSource("AREAS")
    void everyServiceValidatesTokensItselfBehindTheGateway(String area) {
        String direct = Suite.serviceUrl(area) + "/api/" + area + "/v1/admin/config";
        given().when().get(direct).then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(Suite.userToken("nora")).when().get(direct).then().statusCode(403);
        given().auth().oauth2(Suite.userToken("ada")).when().get(direct).then().statusCode(200);
    }
}
