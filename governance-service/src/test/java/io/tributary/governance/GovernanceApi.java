package io.tributary.governance;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.tributary.auth.testing.TestTokens;
import java.util.List;
import java.util.Map;

/** Calls of the governance API as the realm's example users, for the service's tests. */
public final class GovernanceApi {

    public static final String BASE = "/api/governance/v1";
    public static final String STEWARD = TestTokens.withRoles("sam", "data-steward");
    public static final String ANALYST = TestTokens.withRoles("ana", "data-analyst");
    public static final String ADMIN = TestTokens.withRoles("ada", "platform-admin");
    /** query-service's service account: a client whose decision requests describe their users. */
    public static final String QUERY_SERVICE = TestTokens.withRoles("tributary-query", "data-analyst");

    private GovernanceApi() {}

    public static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    /** Creates a policy as the steward and answers its id. */
    public static String create(String json) {
        return as(STEWARD)
                .body(json)
                .post(BASE + "/policies")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** Deletes every policy but the bootstrap ones, so each test starts from a new installation's policies. */
    public static void resetToBootstrap() {
        List<Map<String, Object>> policies = as(STEWARD)
                .get(BASE + "/policies")
                .then()
                .statusCode(200)
                .extract()
                .path("policies");
        for (Map<String, Object> policy : policies) {
            if (!"system".equals(policy.get("changed-by"))) {
                as(STEWARD)
                        .queryParam("reason", "test reset")
                        .delete(BASE + "/policies/" + policy.get("id"))
                        .then()
                        .statusCode(204);
            }
        }
    }

    public static int policyCount() {
        return as(STEWARD)
                .get(BASE + "/policies")
                .then()
                .statusCode(200)
                .extract()
                .path("policies.size()");
    }

    /** A SELECT decision of one table for a principal, asked by query-service. */
    public static Response decide(String user, List<String> roles, Map<String, String> attributes, String table) {
        return as(QUERY_SERVICE)
                .body(Map.of(
                        "principal",
                        Map.of("user", user, "roles", roles, "attributes", attributes),
                        "action",
                        "SELECT",
                        "tables",
                        List.of(Map.of("table", table))))
                .post(BASE + "/decisions");
    }
}
