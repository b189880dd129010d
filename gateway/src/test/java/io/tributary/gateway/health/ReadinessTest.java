package io.tributary.gateway.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.tributary.gateway.testing.FakeBackendControl;
import io.tributary.gateway.testing.FakeBackends;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(FakeBackends.class)
class ReadinessTest {

    @Test
    void readyWhenEveryBackendIsReady() {
        given().when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body(
                        "checks.name",
                        containsInAnyOrder("catalog-service", "ingest-service", "query-service", "governance-service"))
                .body("checks.find { it.name == 'query-service' }.data.url", equalTo(FakeBackendControl.url("query")))
                .body("checks.find { it.name == 'query-service' }.data.state", equalTo("ready"));
    }

    @Test
    void aliveRegardlessOfBackends() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
