package io.tributary.gateway.openapi;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.tributary.gateway.testing.FakeBackends;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(FakeBackends.class)
class OpenApiAggregationTest {

    @Test
    void mergedDocumentHasEveryServicesPathsWithoutAToken() {
        given().when()
                .get("/openapi")
                .then()
                .statusCode(200)
                .contentType(containsString("application/json"))
                .body("openapi", equalTo("3.0.3"))
                .body("paths", hasKey("/api/catalog/v1/items"))
                .body("paths", hasKey("/api/ingest/v1/items"))
                .body("paths", hasKey("/api/query/v1/items"))
                .body("paths", hasKey("/api/governance/v1/items"))
                .body("'x-tributary-missing'", nullValue());
    }

    @Test
    void clashingSchemasArePrefixedAndIdenticalOnesKeptOnce() {
        given().when()
                .get("/openapi")
                .then()
                .statusCode(200)
                .body("components.schemas", hasKey("Problem"))
                .body("components.schemas", hasKey("catalog_Page"))
                .body("components.schemas", hasKey("ingest_Page"))
                .body("components.schemas", not(hasKey("Page")))
                .body(
                        "paths.'/api/catalog/v1/items'.get.responses.'200'.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/catalog_Page"));
    }

    @Test
    void eachServiceDocumentIsServedAsIs() {
        given().when()
                .get("/openapi/ingest")
                .then()
                .statusCode(200)
                .body("info.title", equalTo("ingest API"))
                .body("components.schemas", hasKey("Page"));
        given().when().get("/openapi/nonsense").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void swaggerUiListsEveryDocumentAndTheGatewayKeepsItsOwn() {
        given().when()
                .get("/q/swagger-ui/")
                .then()
                .statusCode(200)
                .body(containsString("/openapi/catalog"))
                .body(containsString("/openapi/governance"));
        given().when()
                .get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .body("paths", hasKey("/api/gateway/v1/admin/config"));
    }
}
