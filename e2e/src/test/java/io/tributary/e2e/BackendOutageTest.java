package io.tributary.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** A stopped backend is reported honestly by the gateway, and recovery needs no gateway restart. */
@Order(100)
class BackendOutageTest {

    @AfterAll
    static void restoreQueryService() throws Exception {
        Suite.launcher("start", "query");
    }

    @Test
    void stoppedQueryServiceGives503ProblemAndRecovers() throws Exception {
        String token = Suite.userToken("ada");
        String url = Suite.gateway() + "/api/query/v1/admin/config";
        given().auth().oauth2(token).get(url).then().statusCode(200);

        Suite.launcher("stop", "query");

        given().auth()
                .oauth2(token)
                .get(url)
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("status", equalTo(503))
                .body("detail", containsString("query"))
                .body(org.hamcrest.Matchers.not(containsString("Exception")));
        given().get(Suite.gateway() + "/q/health/ready").then().statusCode(503);
        // Other routes keep working while one backend is down.
        given().auth()
                .oauth2(token)
                .get(Suite.gateway() + "/api/catalog/v1/admin/config")
                .then()
                .statusCode(200);

        Suite.launcher("start", "query");

        given().auth().oauth2(token).get(url).then().statusCode(200);
    }
}
