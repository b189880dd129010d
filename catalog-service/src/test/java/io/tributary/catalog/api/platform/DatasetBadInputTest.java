package io.tributary.catalog.api.platform;

import static io.tributary.catalog.api.platform.DatasetApiTest.ADMIN;
import static io.tributary.catalog.api.platform.DatasetApiTest.ANALYST;
import static io.tributary.catalog.api.platform.DatasetApiTest.CONTRACT;
import static io.tributary.catalog.api.platform.DatasetApiTest.DATASET;
import static io.tributary.catalog.api.platform.DatasetApiTest.DATASETS;
import static io.tributary.catalog.api.platform.DatasetApiTest.STEWARD;
import static io.tributary.catalog.api.platform.DatasetApiTest.as;
import static io.tributary.catalog.api.platform.DatasetApiTest.ordersBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.tributary.catalog.api.iceberg.IcebergTestFixture;
import io.tributary.catalog.api.iceberg.TemporaryWarehouse;
import jakarta.inject.Inject;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every refused request is a 4xx problem naming the fault, and leaves the catalog exactly as it was. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(TemporaryWarehouse.class)
class DatasetBadInputTest {

    @Inject
    IcebergTestFixture fixture;

    private long relations;
    private long outbox;

    @BeforeEach
    void oneDataset() {
        fixture.reset();
        as(ADMIN).body(ordersBody("sales", "orders")).post(DATASETS).then().statusCode(201);
        relations = fixture.rows("iceberg_relations");
        outbox = fixture.rows("catalog_outbox");
    }

    private void assertNothingChanged() {
        assertThat(fixture.rows("iceberg_relations")).isEqualTo(relations);
        assertThat(fixture.rows("catalog_outbox")).isEqualTo(outbox);
        as(ANALYST)
                .get(DATASET, "sales", "orders")
                .then()
                .statusCode(200)
                .body("owner", equalTo("team-sales"))
                .body("tags", contains("finance", "gold"))
                .body("column-tags.email", contains("pii"))
                .body("contract.version", equalTo(0))
                .body("contract.producers", contains("shop-backend", "*"));
    }

    private static ValidatableResponse problem(ValidatableResponse response, int status) {
        return response.statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status));
    }

    @Test
    void invalidIdentifiersAreRefused() {
        problem(as(ADMIN).body(ordersBody("", "t")).post(DATASETS).then(), 400)
                .body("errors.pointer", hasItem("/namespace"));
        problem(
                        as(ADMIN)
                                .body(ordersBody("sales", "bad\\u0001name"))
                                .post(DATASETS)
                                .then(),
                        400)
                .body("errors.pointer", hasItem("/name"));
        problem(as(ADMIN).body(ordersBody("..", "t")).post(DATASETS).then(), 400)
                .body("errors.pointer", hasItem("/namespace"));
        problem(as(ADMIN).body(ordersBody("sales", "a/../b")).post(DATASETS).then(), 400);
        problem(
                        as(ADMIN)
                                .body(ordersBody("sales", "x".repeat(300)))
                                .post(DATASETS)
                                .then(),
                        400)
                .body("errors.pointer", hasItem("/name"));
        // Dot segments are either refused by name or removed by path normalisation before routing; never a lookup.
        as(ANALYST)
                .urlEncodingEnabled(false)
                .get("/api/catalog/v1/namespaces/sales/tables/%2E%2E")
                .then()
                .statusCode(anyOf(is(400), is(404), is(405)))
                .contentType("application/problem+json");
        problem(
                as(ANALYST)
                        .urlEncodingEnabled(false)
                        .get("/api/catalog/v1/namespaces/sales/tables/a%01b")
                        .then(),
                400);
        problem(as(ANALYST).get(DATASET, "sales", "y".repeat(300)).then(), 400);
        as(ANALYST)
                .urlEncodingEnabled(false)
                .get("/api/catalog/v1/namespaces/sales/tables/..%2F..%2Fetc")
                .then()
                .statusCode(anyOf(is(400), is(404)))
                .contentType("application/problem+json");
        assertNothingChanged();
    }

    @Test
    void unknownNamespaceOrTableIs404() {
        problem(RestAssured.given().get(DATASETS).then(), 401);
        problem(as(ANALYST).get(DATASET, "nowhere", "orders").then(), 404);
        problem(as(ANALYST).get(DATASET, "sales", "nothing").then(), 404);
        problem(as(ANALYST).get(DATASET + "/schemas", "sales", "nothing").then(), 404);
        problem(as(ANALYST).get(DATASET + "/snapshots", "sales", "nothing").then(), 404);
        problem(
                as(STEWARD)
                        .body("{\"owner\": \"x\"}")
                        .patch(DATASET, "sales", "nothing")
                        .then(),
                404);
        problem(
                as(ADMIN)
                        .body("{\"compatibility\": \"FULL\"}")
                        .put(CONTRACT, "nowhere", "orders")
                        .then(),
                404);
        problem(as(ADMIN).delete(DATASET, "nowhere", "orders").then(), 404);
        assertNothingChanged();
    }

    @Test
    void malformedJsonAndWrongTypesAre400NamingTheField() {
        problem(as(ADMIN).body("{\"namespace\": ").post(DATASETS).then(), 400)
                .body("type", equalTo("https://tributary.io/problems/malformed-json"));
        problem(as(ADMIN).body("[1, 2]").post(DATASETS).then(), 400);
        problem(as(ADMIN).body("").post(DATASETS).then(), 400);
        problem(
                as(STEWARD)
                        .body("{\"owner\": 1")
                        .patch(DATASET, "sales", "orders")
                        .then(),
                400);
        problem(
                        as(STEWARD)
                                .body(
                                        "{\"owner\": 42, \"tags\": \"pii\", \"column-tags\": {\"email\": [1]}, \"color\": 1}")
                                .patch(DATASET, "sales", "orders")
                                .then(),
                        400)
                .body("errors.pointer", hasItem("/owner"))
                .body("errors.pointer", hasItem("/tags"))
                .body("errors.pointer", hasItem("/column-tags/email/0"))
                .body("errors.pointer", hasItem("/color"));
        problem(
                        as(ADMIN)
                                .body(
                                        "{\"namespace\": \"sales\", \"name\": \"t2\", \"columns\": [{\"name\": \"a\", \"type\": \"varchar\"}]}")
                                .post(DATASETS)
                                .then(),
                        400)
                .body("errors[0].pointer", equalTo("/columns"))
                .body("errors[0].message", containsString("varchar"));
        problem(
                        as(ADMIN)
                                .body(
                                        "{\"namespace\": \"sales\", \"name\": \"t2\", \"columns\": [{\"name\": \"a\", \"type\": \"long\","
                                                + " \"required\": \"yes\"}], \"compatibility\": \"SIDEWAYS\", \"partition-spec\": [{\"column\": \"a\","
                                                + " \"transform\": \"week\"}]}")
                                .post(DATASETS)
                                .then(),
                        400)
                .body("errors.pointer", hasItem("/columns/0/required"))
                .body("errors.pointer", hasItem("/compatibility"));
        problem(
                        as(ADMIN)
                                .body(
                                        "{\"namespace\": \"sales\", \"name\": \"t2\", \"columns\": [{\"name\": \"a\", \"type\": \"long\"}],"
                                                + " \"partition-spec\": [{\"column\": \"a\", \"transform\": \"week\"}]}")
                                .post(DATASETS)
                                .then(),
                        400)
                .body("errors[0].pointer", equalTo("/partition-spec/0/transform"));
        problem(
                        as(ADMIN)
                                .body(
                                        "{\"namespace\": \"sales\", \"name\": \"t2\", \"columns\": [{\"name\": \"a\", \"type\": \"long\"}],"
                                                + " \"column-tags\": {\"nope\": [\"pii\"]}, \"key\": \"missing\"}")
                                .post(DATASETS)
                                .then(),
                        400)
                .body("errors.pointer", hasItem("/column-tags/nope"))
                .body("errors.pointer", hasItem("/key"));
        problem(as(ADMIN).body("{}").put(CONTRACT, "sales", "orders").then(), 400);
        problem(
                        as(ADMIN)
                                .body("{\"schema\": \"struct\"}")
                                .put(CONTRACT, "sales", "orders")
                                .then(),
                        400)
                .body("errors[0].pointer", equalTo("/schema"));
        problem(
                        as(STEWARD)
                                .body("{\"column-tags\": {\"nope\": [\"pii\"]}}")
                                .patch(DATASET, "sales", "orders")
                                .then(),
                        400)
                .body("errors[0].pointer", equalTo("/column-tags/nope"));
        problem(as(ANALYST).queryParam("limit", "many").get(DATASETS).then(), 400)
                .body("errors[0].pointer", equalTo("limit"));
        problem(as(ANALYST).queryParam("cursor", "%%%").get(DATASETS).then(), 400);
        assertThat(fixture.rows("iceberg_relations WHERE name = 't2'")).isZero();
        assertNothingChanged();
    }

    @Test
    void oversizedListsAndMapsAreRefused() {
        String tooManyTags =
                IntStream.range(0, 65).mapToObj(i -> "\"t" + i + "\"").collect(Collectors.joining(","));
        problem(
                        as(STEWARD)
                                .body("{\"tags\": [" + tooManyTags + "]}")
                                .patch(DATASET, "sales", "orders")
                                .then(),
                        400)
                .body("errors[0].pointer", equalTo("/tags"));
        problem(
                as(STEWARD)
                        .body("{\"tags\": [\"" + "x".repeat(65) + "\"]}")
                        .patch(DATASET, "sales", "orders")
                        .then(),
                400);
        problem(
                as(STEWARD)
                        .body("{\"tags\": [\"bad tag\"]}")
                        .patch(DATASET, "sales", "orders")
                        .then(),
                400);
        problem(
                as(STEWARD)
                        .body("{\"tags\": [\"a,b\"]}")
                        .patch(DATASET, "sales", "orders")
                        .then(),
                400);
        problem(
                        as(STEWARD)
                                .body("{\"description\": \"" + "d".repeat(5000) + "\"}")
                                .patch(DATASET, "sales", "orders")
                                .then(),
                        400)
                .body("errors[0].pointer", equalTo("/description"));
        String producers =
                IntStream.range(0, 300).mapToObj(i -> "\"p" + i + "\"").collect(Collectors.joining(","));
        problem(
                        as(ADMIN)
                                .body("{\"producers\": [" + producers + "]}")
                                .put(CONTRACT, "sales", "orders")
                                .then(),
                        400)
                .body("errors[0].pointer", equalTo("/producers"));
        assertNothingChanged();
    }
}
