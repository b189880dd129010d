package io.tributary.gateway.proxy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import io.tributary.auth.Roles;
import io.tributary.auth.testing.TestTokens;
import io.tributary.gateway.testing.FakeBackendControl;
import io.tributary.gateway.testing.FakeBackends;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(FakeBackends.class)
class ProxyTest {

    private static final String TRACEPARENT = "00-[0-9a-f]{32}-[0-9a-f]{16}-01";
    private static final String TOKEN = TestTokens.withRoles("proxy-user", Roles.DATA_PRODUCER);

    @Test
    void forwardsMethodPathQueryAndBodyUnchanged() {
        given().auth()
                .oauth2(TOKEN)
                .urlEncodingEnabled(false)
                .contentType("application/json")
                .body("{\"id\":1}")
                .when()
                .post("/api/ingest/v1/tables/sales/orders/records?dryRun=true&note=a%20b")
                .then()
                .statusCode(200)
                .header("X-Backend", "ingest")
                .body("backend", equalTo("ingest"))
                .body("method", equalTo("POST"))
                .body("uri", equalTo("/api/ingest/v1/tables/sales/orders/records?dryRun=true&note=a%20b"))
                .body("headers.'content-type'", containsString("application/json"))
                .body("bodyBytes", equalTo(8));
    }

    @Test
    void eachRouteReachesItsBackend() {
        Map<String, String> expected = Map.of(
                "/api/catalog/v1/namespaces", "catalog",
                "/api/ingest/v1/tables", "ingest",
                "/api/query/v1/statements", "query",
                "/api/governance/v1/policies", "governance",
                "/iceberg/v1/config", "catalog",
                "/api/v1/lineage", "catalog",
                "/api/v1/namespaces/tributary/jobs/tributary.ingest%2Fdemo.orders/runs", "catalog",
                "/api/v1/search", "catalog");
        // Raw paths: a job name's %2F must reach the catalog as sent.
        expected.forEach((path, backend) -> given().urlEncodingEnabled(false)
                .auth()
                .oauth2(TOKEN)
                .when()
                .get(path)
                .then()
                .statusCode(200)
                .body("backend", equalTo(backend))
                .body("uri", equalTo(path)));
    }

    @Test
    void passesAuthorizationAndAddsForwardedHeadersReplacingTheCallers() {
        given().auth()
                .oauth2(TOKEN)
                .header("X-Forwarded-For", "203.0.113.7")
                .header("X-Forwarded-Host", "evil.example")
                .when()
                .get("/api/catalog/v1/namespaces")
                .then()
                .statusCode(200)
                .body("headers.authorization", equalTo("Bearer " + TOKEN))
                .body("headers.'x-forwarded-for'", equalTo("127.0.0.1"))
                .body("headers.'x-forwarded-proto'", equalTo("http"))
                .body("headers.'x-forwarded-host'", matchesPattern("(localhost|127\\.0\\.0\\.1):[0-9]+"))
                .body("headers.host", containsString("127.0.0.1:"));
    }

    @Test
    void headRequestsGetHeadersWithoutBody() {
        given().auth()
                .oauth2(TOKEN)
                .when()
                .head("/api/catalog/v1/namespaces")
                .then()
                .statusCode(200)
                .header("X-Backend", "catalog")
                .body(equalTo(""));
    }

    @Test
    void stripsHopByHopHeadersBothWays() {
        given().auth()
                .oauth2(TOKEN)
                .header("Connection", "keep-alive, X-Hop-Secret")
                .header("X-Hop-Secret", "must not pass")
                .header("Keep-Alive", "timeout=5")
                .header("TE", "trailers")
                .header("Trailer", "X-Checksum")
                .header("Proxy-Authorization", "Basic c2VjcmV0")
                .header("X-End-To-End", "passes")
                .when()
                .get("/api/query/v1/statements")
                .then()
                .statusCode(200)
                .header("Keep-Alive", nullValue())
                .body("headers.'x-end-to-end'", equalTo("passes"))
                .body("headers.'x-hop-secret'", nullValue())
                .body("headers.'keep-alive'", nullValue())
                .body("headers.te", nullValue())
                .body("headers.trailer", nullValue())
                .body("headers.'proxy-authorization'", nullValue());

        given().auth()
                .oauth2(TOKEN)
                .when()
                .get("/api/catalog/v1/status/404")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("title", equalTo("from catalog"))
                .header("X-Backend-Only", "kept")
                .header("X-Hop-Secret", nullValue())
                .header("Keep-Alive", nullValue());
    }

    @Test
    void createsRequestIdAndTraceparentWhenAbsent() {
        Response response = given().auth().oauth2(TOKEN).when().get("/api/catalog/v1/namespaces");
        response.then()
                .statusCode(200)
                .header("X-Request-Id", notNullValue())
                .header("traceparent", matchesPattern(TRACEPARENT));
        String requestId = response.header("X-Request-Id");
        assertThat(UUID.fromString(requestId).version()).isEqualTo(7);
        assertThat(response.jsonPath().getString("headers.'x-request-id'")).isEqualTo(requestId);
        assertThat(response.jsonPath().getString("headers.traceparent")).isEqualTo(response.header("traceparent"));
    }

    @Test
    void preservesTheCallersRequestIdAndTraceparent() {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        given().auth()
                .oauth2(TOKEN)
                .header("X-Request-Id", "caller-chosen-42")
                .header("traceparent", traceparent)
                .when()
                .get("/api/governance/v1/policies")
                .then()
                .statusCode(200)
                .header("X-Request-Id", "caller-chosen-42")
                .header("traceparent", traceparent)
                .body("headers.'x-request-id'", equalTo("caller-chosen-42"))
                .body("headers.traceparent", equalTo(traceparent));
    }

    @Test
    void replacesAMalformedTraceparent() {
        given().auth()
                .oauth2(TOKEN)
                .header("traceparent", "00-not-a-trace-01")
                .when()
                .get("/api/governance/v1/policies")
                .then()
                .statusCode(200)
                .header("traceparent", matchesPattern(TRACEPARENT))
                .body("headers.traceparent", matchesPattern(TRACEPARENT));
    }

    @Test
    void backendThatNeverAnswersIs504Problem() {
        Response response = given().auth().oauth2(TOKEN).when().get("/api/governance/v1/slow");
        response.then()
                .statusCode(504)
                .contentType("application/problem+json")
                .header("traceparent", matchesPattern(TRACEPARENT))
                .body("status", equalTo(504))
                .body("detail", containsString("governance-service"))
                .body("instance", equalTo(response.header("X-Request-Id")));
    }

    @Test
    void backendDroppingTheConnectionIs502Problem() {
        given().auth()
                .oauth2(TOKEN)
                .when()
                .get("/api/catalog/v1/reset")
                .then()
                .statusCode(502)
                .contentType("application/problem+json")
                .body("status", equalTo(502))
                .body("detail", containsString("catalog-service"))
                .body(org.hamcrest.Matchers.not(containsString("Exception")));
    }

    @Test
    void dotSegmentsThatLeaveTheRouteAreRefused() {
        given().auth()
                .oauth2(TOKEN)
                .urlEncodingEnabled(false)
                .when()
                .get("/api/catalog/%2e%2e/governance/v1/policies")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        assertThat(FakeBackendControl.hits("governance", "/api/catalog/%2e%2e/governance/v1/policies"))
                .isZero();
    }

    @Test
    void requestsAndUpstreamLatencyAreCounted() {
        given().auth().oauth2(TOKEN).when().get("/iceberg/v1/config").then().statusCode(200);
        given().when().get("/iceberg/v1/config").then().statusCode(401);
        given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("tributary_gateway_requests_total{route=\"iceberg\",status=\"200\"}"))
                .body(containsString("tributary_gateway_requests_total{route=\"iceberg\",status=\"401\"}"))
                .body(containsString("tributary_gateway_upstream_seconds_count{route=\"iceberg\"}"));
    }
}
