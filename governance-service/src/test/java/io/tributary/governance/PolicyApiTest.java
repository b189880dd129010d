package io.tributary.governance;

import static io.tributary.governance.GovernanceApi.BASE;
import static io.tributary.governance.GovernanceApi.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.tributary.auth.testing.TestTokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class PolicyApiTest {

    @BeforeEach
    void reset() {
        GovernanceApi.resetToBootstrap();
    }

    @Test
    void aNewInstallationHashesPiiForAnalystsButNotForStewards() {
        GovernanceApi.decide("ana", List.of("data-analyst"), Map.of(), "sales.customers")
                .then()
                .statusCode(200)
                .body("decisions[0].allowed", equalTo(true))
                .body("decisions[0].masks.email.function", equalTo("hash"))
                .body("decisions[0].masks.email.trino", containsString("sha256(to_utf8("))
                .body("decisions[0].masks", not(hasKey("country")))
                .body("decisions[0].row-filter", nullValue());
        GovernanceApi.decide("sam", List.of("data-steward"), Map.of(), "sales.customers")
                .then()
                .statusCode(200)
                .body("decisions[0].masks.size()", equalTo(0));
        GovernanceApi.decide("nora", List.of(), Map.of(), "sales.customers")
                .then()
                .statusCode(200)
                .body("decisions[0].allowed", equalTo(false))
                .body("decisions[0].reason", equalTo("no SELECT grant on sales.customers for nora"));
    }

    @Test
    void aStewardsMaskAndRowFilterShapeTheAnalystsDecision() {
        String mask = GovernanceApi.create("""
                {"kind": "mask", "table": "sales.customers", "column": "email", "function": "partial",
                 "keep-domain": true, "exempt": ["role:data-steward"], "reason": "support needs the domain"}""");
        String filter = GovernanceApi.create("""
                {"kind": "row-filter", "table": "sales.customers", "predicate": "country = attribute('country')",
                 "exempt": ["role:data-steward"]}""");
        GovernanceApi.decide("ana", List.of("data-analyst"), Map.of("country", "DE"), "sales.customers")
                .then()
                .statusCode(200)
                .body("decisions[0].masks.email.duckdb", equalTo("regexp_replace(\"email\", '^[^@]*', '****')"))
                .body("decisions[0].masks.email.policy.id", equalTo(mask))
                .body("decisions[0].row-filter.trino", equalTo("(\"country\" = 'DE')"))
                .body("decisions[0].row-filter.policies[0].id", equalTo(filter));
        as(GovernanceApi.STEWARD)
                .queryParam("principal", "ana")
                .queryParam("table", "sales.customers")
                .queryParam("role", "data-analyst")
                .queryParam("attribute", "country:FR")
                .get(BASE + "/explain")
                .then()
                .statusCode(200)
                .body("decision.masks.email.policy.version", equalTo(1))
                .body("decision.row-filter.expression", equalTo("(\"country\" = 'FR')"));
    }

    @Test
    void everyChangeIsVersionedWithWhoWhenAndWhy() {
        String id = GovernanceApi.create("""
                {"kind": "grant", "principal": "user:nora", "privilege": "SELECT", "securable": "hr.salaries",
                 "reason": "payroll audit"}""");
        as(GovernanceApi.ADMIN)
                .body("""
                {"kind": "grant", "principal": "user:nora", "privilege": "SELECT", "securable": "hr.salaries",
                 "columns": ["name"], "version": 1, "reason": "names only"}""")
                .put(BASE + "/policies/" + id)
                .then()
                .statusCode(200)
                .body("version", equalTo(2));
        as(GovernanceApi.STEWARD).body("""
                {"kind": "grant", "principal": "user:nora", "privilege": "SELECT", "securable": "hr.salaries", "version": 1}""").put(BASE + "/policies/" + id).then().statusCode(409);
        as(GovernanceApi.STEWARD)
                .queryParam("reason", "audit over")
                .delete(BASE + "/policies/" + id)
                .then()
                .statusCode(204);
        as(GovernanceApi.ANALYST)
                .get(BASE + "/policies/" + id + "/history")
                .then()
                .statusCode(200)
                .body("versions.operation", equalTo(List.of("create", "update", "delete")))
                .body("versions.changed-by", equalTo(List.of("sam", "ada", "sam")))
                .body("versions.reason", equalTo(List.of("payroll audit", "names only", "audit over")))
                .body("versions[1].columns", equalTo(List.of("name")));
        as(GovernanceApi.STEWARD).get(BASE + "/policies/" + id).then().statusCode(404);
    }

    @Test
    void onlyStewardsAndAdminsWritePolicies() {
        String grant = """
                {"kind": "grant", "principal": "user:nora", "privilege": "SELECT", "securable": "*"}""";
        as(GovernanceApi.ANALYST).body(grant).post(BASE + "/policies").then().statusCode(403);
        as(TestTokens.withRoles("pat", "data-producer"))
                .body(grant)
                .post(BASE + "/policies")
                .then()
                .statusCode(403);
        io.restassured.RestAssured.given()
                .contentType("application/json")
                .body(grant)
                .post(BASE + "/policies")
                .then()
                .statusCode(401);
        as(GovernanceApi.ANALYST).get(BASE + "/policies").then().statusCode(200).body("policies.kind", hasItem("mask"));
    }

    @Test
    void governanceRolesGrantThroughMembership() {
        GovernanceApi.create("""
                {"kind": "role", "name": "hr-readers", "members": ["user:nora"]}""");
        GovernanceApi.create("""
                {"kind": "grant", "principal": "role:hr-readers", "privilege": "SELECT", "securable": "hr"}""");
        GovernanceApi.decide("nora", List.of(), Map.of(), "hr.salaries")
                .then()
                .statusCode(200)
                .body("decisions[0].allowed", equalTo(true))
                .body("principal.roles", hasItem("hr-readers"));
        as(GovernanceApi.STEWARD).body("""
                {"kind": "role", "name": "payroll", "members": ["role:hr-readers"]}""").post(BASE + "/policies").then().statusCode(201);
        as(GovernanceApi.STEWARD)
                .body("""
                {"kind": "role", "name": "hr-readers", "members": ["role:payroll"]}""")
                .post(BASE + "/policies")
                .then()
                .statusCode(422)
                .body("errors[0].pointer", equalTo("/members/0"))
                .body("errors[0].message", containsString("loop of roles"));
    }

    @Test
    void aUsersOwnTokenAsksOnlyForThatUsersDecisions() {
        as(GovernanceApi.ANALYST)
                .body(Map.of(
                        "principal",
                        Map.of("user", "sam", "roles", List.of("data-steward")),
                        "action",
                        "SELECT",
                        "tables",
                        List.of(Map.of("table", "sales.customers"))))
                .post(BASE + "/decisions")
                .then()
                .statusCode(403);
        // Claimed roles do not count: the decision is for what ana's token says.
        as(GovernanceApi.ANALYST)
                .body(Map.of(
                        "principal",
                        Map.of("user", "ana", "roles", List.of("data-steward")),
                        "action",
                        "SELECT",
                        "tables",
                        List.of(Map.of("table", "sales.customers"))))
                .post(BASE + "/decisions")
                .then()
                .statusCode(200)
                .body("principal.roles", equalTo(List.of("data-analyst")))
                .body("decisions[0].masks", hasKey("email"));
    }
}
