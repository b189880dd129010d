package io.tributary.gateway.proxy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import io.tributary.auth.Roles;
import io.tributary.auth.testing.TestTokens;
import io.tributary.gateway.testing.FakeBackends;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(FakeBackends.class)
class RateLimitTest {

    @Test
    void clientOverItsBurstGets429WithRetryAfterWhileOthersPass() {
        int burst = ConfigProvider.getConfig().getValue("tributary.gateway.rate-limit.burst", Integer.class);
        String flooder = TestTokens.withRoles("flooding-client", Roles.DATA_ANALYST);
        int allowed = 0;
        Response limited = null;
        for (int i = 0; i < burst * 10 && limited == null; i++) {
            Response response = given().auth().oauth2(flooder).when().get("/api/query/v1/statements");
            if (response.statusCode() == 429) {
                limited = response;
            } else {
                assertThat(response.statusCode()).isEqualTo(200);
                allowed++;
            }
        }
        assertThat(limited).as("a 429 after the burst").isNotNull();
        assertThat(allowed).isGreaterThanOrEqualTo(burst);
        limited.then()
                .contentType("application/problem+json")
                .body("status", equalTo(429))
                .body("detail", containsString("flooding-client"));
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isGreaterThanOrEqualTo(1);
        assertThat(limited.header("X-Request-Id")).isNotBlank();

        given().auth()
                .oauth2(TestTokens.withRoles("quiet-client", Roles.DATA_ANALYST))
                .when()
                .get("/api/query/v1/statements")
                .then()
                .statusCode(200);
        given().when()
                .get("/q/metrics")
                .then()
                .body(containsString("tributary_gateway_rate_limited_total{route=\"query\"}"))
                .body(containsString("tributary_gateway_requests_total{route=\"query\",status=\"429\"}"));
    }
}
