package io.tributary.gateway.proxy;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import io.tributary.auth.Roles;
import io.tributary.auth.testing.TestTokens;
import io.tributary.gateway.testing.FakeBackendControl;
import io.tributary.gateway.testing.FakeBackends;
import io.tributary.gateway.testing.ForgedTokens;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every class of bad token is the caller's fault: 401 naming the class, never a 5xx, and never a reason to ask the
 * identity provider anything beyond an occasional key refresh. Regression: a token signed by another realm's key used
 * to be introspected at Keycloak, and the refused introspection was reported as an unreachable identity provider (503).
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(FakeBackends.class)
class RejectedTokensTest {

    private static final String CERTS = "/auth/realms/quarkus/protocol/openid-connect/certs";

    @OidcWireMock
    WireMockServer identityProvider;

    static Stream<Arguments> badTokens() {
        return Stream.of(
                Arguments.of("garbage", "not-a-jwt", "malformed"),
                Arguments.of("alg-none", ForgedTokens.algNone(), "disallowed-algorithm"),
                Arguments.of("hmac", ForgedTokens.hmacWithPublicKey(), "disallowed-algorithm"),
                Arguments.of("unknown-key", ForgedTokens.unknownKey("another-realm"), "unknown-key"),
                Arguments.of("forged-signature", ForgedTokens.forgedSignature(), "bad-signature"),
                Arguments.of("tampered-payload", TestTokens.tampered("eve", Roles.DATA_ANALYST), "bad-signature"),
                Arguments.of("wrong-issuer", TestTokens.wrongIssuer("eve", Roles.PLATFORM_ADMIN), "wrong-issuer"),
                Arguments.of("wrong-audience", ForgedTokens.wrongAudience(), "wrong-audience"),
                Arguments.of("expired", TestTokens.expired("eve", Roles.PLATFORM_ADMIN), "expired"),
                Arguments.of("not-yet-valid", ForgedTokens.notYetValid(), "not-yet-valid"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    void badTokenIs401NamingItsClass(String kind, String token, String reason) {
        String path = "/api/ingest/v1/rejected-" + kind;
        Response response = given().auth().oauth2(token).when().get(path);
        response.then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header(
                        "WWW-Authenticate",
                        equalTo("Bearer error=\"invalid_token\", error_description=\"" + reason + "\""))
                .body("type", equalTo("https://tributary.io/problems/unauthenticated"))
                .body("detail", endsWith("Reason: " + reason + "."))
                .body("instance", equalTo(response.header("X-Request-Id")));
        assertThat(FakeBackendControl.hits("ingest", path)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    void icebergClientsGetTheClassInTheirErrorModel(String kind, String token, String reason) {
        given().auth()
                .oauth2(token)
                .when()
                .get("/iceberg/v1/namespaces")
                .then()
                .statusCode(401)
                .contentType("application/json")
                .body("error.type", equalTo("NotAuthorizedException"))
                .body("error.message", endsWith("Reason: " + reason + "."));
    }

    @Test
    void refusalsNeverRepeatKeyMaterial() {
        String kid = "kid-that-must-not-echo";
        given().auth()
                .oauth2(ForgedTokens.unknownKey(kid))
                .when()
                .get("/api/catalog/v1/datasets")
                .then()
                .statusCode(401)
                .body(not(containsString(kid)))
                .header("WWW-Authenticate", not(containsString(kid)));
    }

    @Test
    void unknownKeysRefetchTheKeySetAtMostOncePerIntervalAndAreNeverIntrospected() {
        long keyFetches = requests(CERTS);
        long introspections = identityProvider
                .countRequestsMatching(
                        anyRequestedFor(urlPathMatching(".*/introspect")).build())
                .getCount();
        for (int i = 0; i < 20; i++) {
            given().auth()
                    .oauth2(ForgedTokens.unknownKey("junk-" + i))
                    .when()
                    .get("/api/query/v1/statements")
                    .then()
                    .statusCode(401)
                    .body("detail", endsWith("Reason: unknown-key."));
        }
        assertThat(requests(CERTS) - keyFetches).isLessThanOrEqualTo(1);
        assertThat(identityProvider
                        .countRequestsMatching(anyRequestedFor(urlPathMatching(".*/introspect"))
                                .build())
                        .getCount())
                .isEqualTo(introspections);
    }

    @Test
    void junkThatNoKeyCouldVerifyNeverReachesTheIdentityProvider() {
        long before = identityProvider.getAllServeEvents().size();
        for (String junk : new String[] {"not-a-jwt", ForgedTokens.algNone(), ForgedTokens.hmacWithPublicKey()}) {
            given().auth()
                    .oauth2(junk)
                    .when()
                    .get("/api/query/v1/statements")
                    .then()
                    .statusCode(401);
        }
        assertThat(identityProvider.getAllServeEvents().size()).isEqualTo(before);
    }

    @Test
    void validTokensStillPass() {
        given().auth()
                .oauth2(TestTokens.withRoles("ana", Roles.DATA_ANALYST))
                .when()
                .get("/api/query/v1/statements")
                .then()
                .statusCode(200);
    }

    private long requests(String path) {
        return identityProvider
                .countRequestsMatching(getRequestedFor(urlEqualTo(path)).build())
                .getCount();
    }
}
