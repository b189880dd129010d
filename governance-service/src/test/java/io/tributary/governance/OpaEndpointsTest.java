package io.tributary.governance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.tributary.governance.opa.OpaServer;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Trino's OPA contract against the running service, as Trino 476's opa plugin calls it. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class OpaEndpointsTest {

    @Inject
    OpaServer opa;

    @BeforeEach
    void reset() {
        GovernanceApi.resetToBootstrap();
        // Ana's token (as query-service saw it) tells the directory her roles and country.
        GovernanceApi.decide("ana", List.of("data-analyst"), Map.of("country", "DE"), "sales.orders")
                .then()
                .statusCode(200);
    }

    private RequestSpecification trino() {
        return given().port(opa.port()).contentType(ContentType.JSON);
    }

    static String request(String user, String action) {
        return "{\"input\": {\"context\": {\"identity\": {\"user\": \"" + user + "\", \"groups\": []},"
                + " \"softwareStack\": {\"trinoVersion\": \"476\"}}, \"action\": " + action + "}}";
    }

    static String table(String schema, String table) {
        return "{\"catalogName\": \"iceberg\", \"schemaName\": \"" + schema + "\", \"tableName\": \"" + table + "\"}";
    }

    @Test
    void singleDecisionsFollowGrants() {
        trino().body(
                        request(
                                "ana",
                                "{\"operation\": \"SelectFromColumns\", \"resource\": {\"table\": "
                                        + "{\"catalogName\": \"iceberg\", \"schemaName\": \"sales\", \"tableName\": \"orders\", \"columns\": [\"total\"]}}}"))
                .post("/opa/v1/allow")
                .then()
                .statusCode(200)
                .body("result", equalTo(true));
        trino().body(request(
                        "nora",
                        "{\"operation\": \"SelectFromColumns\", \"resource\": {\"table\": " + table("sales", "orders")
                                + "}}"))
                .post("/opa/v1/allow")
                .then()
                .statusCode(200)
                .body("result", equalTo(false));
        trino().body(request(
                        "ana",
                        "{\"operation\": \"InsertIntoTable\", \"resource\": {\"table\": " + table("sales", "orders")
                                + "}}"))
                .post("/opa/v1/allow")
                .then()
                .statusCode(200)
                .body("result", equalTo(false));
        trino().body(request("ana", "{\"operation\": \"ExecuteQuery\"}"))
                .post("/opa/v1/allow")
                .then()
                .statusCode(200)
                .body("result", equalTo(true));
        trino().body(request("ana", "{\"operation\": \"DropEverything\", \"resource\": {}}"))
                .post("/opa/v1/allow")
                .then()
                .statusCode(200)
                .body("result", equalTo(false));
    }

    @Test
    void showTablesListsOnlyGrantedTables() {
        GovernanceApi.create(
                "{\"kind\": \"grant\", \"principal\": \"user:nora\", \"privilege\": \"SELECT\", \"securable\": \"hr.salaries\"}");
        trino().body(request(
                        "nora",
                        "{\"operation\": \"FilterTables\", \"filterResources\": [{\"table\": "
                                + table("sales", "orders") + "}, {\"table\": " + table("hr", "salaries") + "}]}"))
                .post("/opa/v1/batch")
                .then()
                .statusCode(200)
                .body("result", equalTo(List.of(1)));
    }

    @Test
    void rowFiltersAndMasksAreTrinoSqlForTheUser() {
        GovernanceApi.create(
                "{\"kind\": \"row-filter\", \"table\": \"sales.customers\", \"predicate\": \"country = attribute('country')\","
                        + " \"exempt\": [\"role:data-steward\"]}");
        trino().body(request(
                        "ana",
                        "{\"operation\": \"GetRowFilters\", \"resource\": {\"table\": " + table("sales", "customers")
                                + "}}"))
                .post("/opa/v1/row-filters")
                .then()
                .statusCode(200)
                .body("result[0].expression", equalTo("(\"country\" = 'DE')"));
        String columns =
                "[{\"column\": {\"catalogName\": \"iceberg\", \"schemaName\": \"sales\", \"tableName\": \"customers\","
                        + " \"columnName\": \"id\", \"columnType\": \"bigint\"}}, {\"column\": {\"catalogName\": \"iceberg\","
                        + " \"schemaName\": \"sales\", \"tableName\": \"customers\", \"columnName\": \"email\", \"columnType\": \"varchar\"}}]";
        trino().body(request("ana", "{\"operation\": \"GetColumnMask\", \"filterResources\": " + columns + "}"))
                .post("/opa/v1/column-masks")
                .then()
                .statusCode(200)
                .body("result.size()", equalTo(1))
                .body("result[0].index", equalTo(1))
                .body("result[0].viewExpression.expression", containsString("lower(to_hex(sha256(to_utf8("));
    }

    @Test
    void hostileRequestsGetAFourHundredNeverAFiveHundred() {
        trino().body("{").post("/opa/v1/allow").then().statusCode(400);
        trino().body("[]").post("/opa/v1/allow").then().statusCode(400);
        trino().body("[".repeat(500) + "]".repeat(500))
                .post("/opa/v1/allow")
                .then()
                .statusCode(400);
        trino().body("{\"input\": {}}").post("/opa/v1/allow").then().statusCode(400);
        trino().body("{}").get("/opa/v1/allow").then().statusCode(404);
        StringBuilder huge = new StringBuilder();
        for (int i = 0; i < 25_000; i++) {
            huge.append(i == 0 ? "" : ",")
                    .append("{\"table\": ")
                    .append(table("s", "t" + i))
                    .append('}');
        }
        trino().body(request("ana", "{\"operation\": \"FilterTables\", \"filterResources\": [" + huge + "]}"))
                .post("/opa/v1/batch")
                .then()
                .statusCode(413);
    }
}
