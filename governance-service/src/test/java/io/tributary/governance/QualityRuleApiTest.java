package io.tributary.governance;

import static io.tributary.governance.GovernanceApi.ADMIN;
import static io.tributary.governance.GovernanceApi.ANALYST;
import static io.tributary.governance.GovernanceApi.STEWARD;
import static io.tributary.governance.GovernanceApi.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.tributary.auth.testing.TestTokens;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class QualityRuleApiTest {

    private static final String RULES = GovernanceApi.BASE + "/quality/rules";
    private static final String INVALID = "https://tributary.io/problems/invalid-quality-rule";

    @Inject
    DataSource dataSource;

    /** Names are unique per run: the test database keeps rules between runs. */
    private static String unique(String name) {
        return name + "-" + UUID.randomUUID();
    }

    @Test
    void aStewardCreatesReadsChangesAndDeletesARule() throws Exception {
        String name = unique("ids present");
        String location = as(STEWARD)
                .body("""
                {"table": "sales.orders", "name": "%s", "type": "not_null", "columns": ["order_id", "customer_id"],
                 "severity": "block", "description": "every order has its keys"}""".formatted(name))
                .post(RULES)
                .then()
                .statusCode(201)
                .body("table", equalTo("sales.orders"))
                .body("type", equalTo("not_null"))
                .body("columns", equalTo(List.of("order_id", "customer_id")))
                .body("severity", equalTo("block"))
                .body("version", equalTo(1))
                .body("created-by", equalTo("sam"))
                .extract()
                .header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);
        assertThat(location).endsWith("/api/governance/v1/quality/rules/" + id);

        as(ANALYST).get(RULES + "/" + id).then().statusCode(200).body("name", equalTo(name));
        as(ANALYST)
                .queryParam("table", "sales.orders")
                .get(RULES)
                .then()
                .statusCode(200)
                .body("rules.id", hasItem(id));
        as(ANALYST)
                .queryParam("table", "hr.salaries")
                .get(RULES)
                .then()
                .statusCode(200)
                .body("rules.id", not(hasItem(id)));

        as(ADMIN)
                .body("""
                {"table": "sales.orders", "name": "%s", "type": "not_null", "columns": ["order_id"], "version": 1}""".formatted(name))
                .put(RULES + "/" + id)
                .then()
                .statusCode(200)
                .body("version", equalTo(2))
                .body("columns", equalTo(List.of("order_id")))
                .body("severity", equalTo("warn"))
                .body("created-by", equalTo("sam"))
                .body("updated-by", equalTo("ada"));
        as(STEWARD)
                .body("""
                {"table": "sales.orders", "name": "%s", "type": "not_null", "columns": ["order_id"], "version": 1}""".formatted(name))
                .put(RULES + "/" + id)
                .then()
                .statusCode(409)
                .body("type", endsWith("/conflict"));
        // Without a version the change applies to whatever is current.
        as(STEWARD)
                .body("""
                {"table": "sales.orders", "name": "%s", "type": "unique", "columns": ["order_id"]}""".formatted(name))
                .put(RULES + "/" + id)
                .then()
                .statusCode(200)
                .body("version", equalTo(3))
                .body("type", equalTo("unique"));

        as(STEWARD).delete(RULES + "/" + id).then().statusCode(204);
        as(STEWARD).get(RULES + "/" + id).then().statusCode(404).body("type", endsWith("/not-found"));
        as(STEWARD).delete(RULES + "/" + id).then().statusCode(404);

        assertThat(auditedActions(id))
                .containsExactly(
                        "governance.quality-rule.create",
                        "governance.quality-rule.update",
                        "governance.quality-rule.update",
                        "governance.quality-rule.delete");
    }

    @Test
    void aTableHoldsEachRuleNameOnce() {
        String body = """
                {"table": "sales.customers", "name": "%s", "type": "accepted_values", "columns": ["country"],
                 "params": {"values": ["DE", "FR"]}}""".formatted(unique("countries"));
        as(STEWARD).body(body).post(RULES).then().statusCode(201);
        as(ADMIN)
                .body(body)
                .post(RULES)
                .then()
                .statusCode(409)
                .body("type", endsWith("/conflict"))
                .body("detail", containsString("already has a quality rule named"));
    }

    @Test
    void onlyStewardsAndAdminsWriteAndOnlyReadersRead() {
        String body = """
                {"table": "sales.orders", "name": "%s", "type": "row_count", "params": {"min": 1}}""".formatted(unique("not empty"));
        RestAssured.given()
                .contentType("application/json")
                .body(body)
                .post(RULES)
                .then()
                .statusCode(401);
        RestAssured.given().get(RULES).then().statusCode(401);
        as(ANALYST).body(body).post(RULES).then().statusCode(403);
        as(TestTokens.withRoles("pat", "data-producer")).get(RULES).then().statusCode(403);
        as(TestTokens.withRoles("nora")).get(RULES).then().statusCode(403);
        String id = as(STEWARD)
                .body(body)
                .post(RULES)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as(ANALYST).body(body).put(RULES + "/" + id).then().statusCode(403);
        as(ANALYST).delete(RULES + "/" + id).then().statusCode(403);
        as(ANALYST).get(RULES + "/" + id).then().statusCode(200);
    }

    @ParameterizedTest
    @CsvSource(
            delimiterString = " => ",
            quoteCharacter = '`',
            value = {
                "{'type':'not_null','columns':['nope']} => /columns/0 => is not a column of sales.orders",
                "{'type':'regex','columns':['total'],'params':{'pattern':'a'}} => /columns/0 => needs a string column",
                "{'type':'range','columns':['total'],'params':{'min':10,'max':1}} => /params/min => is greater than max",
                "{'type':'length','columns':['order_id'],'params':{'max':'ten'}} => /params/max => whole number from 0",
                "{'type':'accepted_values','columns':['order_id'],'params':{'values':[]}} => /params/values => must not be empty",
                "{'type':'freshness','columns':['created_at'],'params':{'max-age':'yesterday'}} => /params/max-age => ISO-8601",
                "{'type':'sql','params':{'sql':'DELETE FROM sales.orders'}} => /params/sql => must be one SELECT",
                "{'type':'sql','params':{'sql':'SELECT 1; DROP TABLE sales.orders'}} => /params/sql => more than one statement",
                "{'type':'sql','params':{'sql':'WITH d AS (SELECT 1) INSERT INTO x SELECT * FROM d'}} => /params/sql => INSERT at position",
                "{'type':'unique','columns':['order_id'],'params':{'pattern':'x'}} => /params/pattern => is not a parameter"
            })
    void badRulesAre422NamingTheField(String rule, String pointer, String message) {
        String body = rule.replace('\'', '"')
                .replaceFirst("\\{", "{\"table\": \"sales.orders\", \"name\": \"" + unique("bad") + "\", ");
        refused(body, pointer, message);
    }

    @Test
    void unsafeOrBrokenPatternsAre422WithTheReason() {
        String rule = """
                {"table": "sales.customers", "name": "%s", "type": "regex", "columns": ["email"],
                 "params": {"pattern": "%s"}}""";
        refused(rule.formatted(unique("bad"), "^(a+)+$"), "/params/pattern", "catastrophic backtracking");
        refused(rule.formatted(unique("bad"), "([a-z]|x)*@"), "/params/pattern", "catastrophic backtracking");
        refused(rule.formatted(unique("bad"), "(a)\\\\1"), "/params/pattern", "backreference");
        refused(rule.formatted(unique("bad"), "[a-"), "/params/pattern", "does not compile");
        as(STEWARD)
                .body(rule.formatted(unique("email"), "^[^@]+@[^@]+$"))
                .post(RULES)
                .then()
                .statusCode(201);
    }

    @Test
    void aRuleForAnUnknownTableIs404AndMalformedRequestsAre400() {
        as(STEWARD)
                .body("""
                {"table": "sales.nosuch", "name": "x", "type": "unique", "columns": ["id"]}""")
                .post(RULES)
                .then()
                .statusCode(404)
                .body("type", endsWith("/not-found"))
                .body("errors[0].pointer", equalTo("/table"));
        as(STEWARD).body("[1]").post(RULES).then().statusCode(400).body("type", endsWith("/invalid-request"));
        as(STEWARD).get(RULES + "/not-a-uuid").then().statusCode(400).body("errors[0].pointer", equalTo("id"));
        as(STEWARD).queryParam("table", "nodot").get(RULES).then().statusCode(400);
    }

    private static ValidatableResponse refused(String body, String pointer, String message) {
        return as(STEWARD)
                .body(body)
                .post(RULES)
                .then()
                .statusCode(422)
                .contentType(containsString("application/problem+json"))
                .body("type", equalTo(INVALID))
                .body("title", equalTo("Invalid quality rule"))
                .body("errors.find { it.pointer == '" + pointer + "' }.message", containsString(message));
    }

    private List<String> auditedActions(String id) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT payload #>> '{data,action}' FROM governance_outbox WHERE payload #>> '{data,resource}' = ?"
                                + " ORDER BY seq")) {
            select.setString(1, "quality-rule:" + id);
            List<String> actions = new java.util.ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    actions.add(rows.getString(1));
                }
            }
            return actions;
        }
    }
}
