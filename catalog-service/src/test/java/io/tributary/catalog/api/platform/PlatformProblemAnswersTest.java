package io.tributary.catalog.api.platform;

import static io.tributary.catalog.api.platform.DatasetApiTest.ADMIN;
import static io.tributary.catalog.api.platform.DatasetApiTest.ANALYST;
import static io.tributary.catalog.api.platform.DatasetApiTest.CONTRACT;
import static io.tributary.catalog.api.platform.DatasetApiTest.DATASET;
import static io.tributary.catalog.api.platform.DatasetApiTest.DATASETS;
import static io.tributary.catalog.api.platform.DatasetApiTest.STEWARD;
import static io.tributary.catalog.api.platform.DatasetApiTest.ordersBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.tributary.catalog.api.iceberg.IcebergTestFixture;
import io.tributary.catalog.api.iceberg.TemporaryWarehouse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The platform API's failures, answer by answer: clients parse these bodies, so they stay exactly as they are. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(TemporaryWarehouse.class)
class PlatformProblemAnswersTest {

    private static final String TYPES = "https://tributary.io/problems/";

    @Inject
    IcebergTestFixture fixture;

    @BeforeEach
    void oneDataset() {
        fixture.reset();
        DatasetApiTest.as(ADMIN)
                .body(ordersBody("sales", "orders"))
                .post(DATASETS)
                .then()
                .statusCode(201);
    }

    private static RequestSpecification request(String token, String requestId) {
        return DatasetApiTest.as(token).header("X-Request-Id", requestId);
    }

    private static void assertAnswer(Response response, int status, String body) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.asString()).isEqualTo(body);
    }

    @Test
    void aNameTakenIsAlreadyExists() {
        assertAnswer(
                request(ADMIN, "r-exists").body(ordersBody("sales", "orders")).post(DATASETS),
                409,
                "{\"type\":\"" + TYPES + "already-exists\",\"title\":\"Already exists\",\"status\":409,"
                        + "\"detail\":\"A table or view named sales.orders already exists.\","
                        + "\"instance\":\"r-exists\"}");
    }

    @Test
    void columnsThatDoNotExistAreNamedByEscapedPointers() {
        String body = """
                {"namespace": "sales", "name": "refunds", "columns": [{"name": "id", "type": "long"}],
                 "column-tags": {"a/b~c": ["pii"]}, "key": "nope"}
                """;
        assertAnswer(
                request(ADMIN, "r-create").body(body).post(DATASETS),
                400,
                "{\"type\":\"" + TYPES + "invalid-request\",\"title\":\"Invalid request\",\"status\":400,"
                        + "\"detail\":\"The dataset is not valid.\",\"instance\":\"r-create\",\"errors\":["
                        + "{\"pointer\":\"/column-tags/a~1b~0c\",\"message\":\"no such column in the schema\"},"
                        + "{\"pointer\":\"/key\",\"message\":\"no such column in the schema: nope\"}]}");

        String partitioned = """
                {"namespace": "sales", "name": "refunds", "columns": [{"name": "id", "type": "long"}],
                 "partition-spec": [{"column": "nope", "transform": "day"}]}
                """;
        assertAnswer(
                request(ADMIN, "r-spec").body(partitioned).post(DATASETS),
                400,
                "{\"type\":\"" + TYPES + "invalid-request\",\"title\":\"Invalid request\",\"status\":400,"
                        + "\"detail\":\"The partition spec is not valid.\",\"instance\":\"r-spec\",\"errors\":["
                        + "{\"pointer\":\"/partition-spec/0/column\","
                        + "\"message\":\"no such column in the schema: nope\"}]}");

        assertAnswer(
                request(STEWARD, "r-patch")
                        .body("{\"column-tags\": {\"x/y\": [\"pii\"]}}")
                        .patch(DATASET, "sales", "orders"),
                400,
                "{\"type\":\"" + TYPES + "invalid-request\",\"title\":\"Invalid request\",\"status\":400,"
                        + "\"detail\":\"The dataset change is not valid.\",\"instance\":\"r-patch\",\"errors\":["
                        + "{\"pointer\":\"/column-tags/x~1y\",\"message\":\"no such column in the schema\"}]}");

        assertAnswer(
                request(STEWARD, "r-field")
                        .body("{\"owner\": \"x\", \"a/b\": 1}")
                        .patch(DATASET, "sales", "orders"),
                400,
                "{\"type\":\"" + TYPES + "invalid-request\",\"title\":\"Invalid request\",\"status\":400,"
                        + "\"detail\":\"The dataset change is not valid.\",\"instance\":\"r-field\",\"errors\":["
                        + "{\"pointer\":\"/a~1b\",\"message\":\"unknown field; expected one of "
                        + "[audit-branch, column-tags, description, owner, tags]\"}]}");

        assertAnswer(
                request(ADMIN, "r-key").body("{\"key\": \"nope\"}").put(CONTRACT, "sales", "orders"),
                400,
                "{\"type\":\"" + TYPES + "invalid-request\",\"title\":\"Invalid request\",\"status\":400,"
                        + "\"detail\":\"The contract is not valid.\",\"instance\":\"r-key\",\"errors\":["
                        + "{\"pointer\":\"/key\",\"message\":\"the key column 'nope' is not in the schema\"}]}");
    }

    @Test
    void aMissingDatasetIsNotFound() {
        assertAnswer(
                request(ANALYST, "r-missing").get(DATASET, "sales", "nothing"),
                404,
                "{\"type\":\"" + TYPES + "not-found\",\"title\":\"Not found\",\"status\":404,"
                        + "\"detail\":\"Table does not exist: sales.nothing\",\"instance\":\"r-missing\"}");
        assertAnswer(
                request(ADMIN, "r-drop").delete(DATASET, "sales", "nothing"),
                404,
                "{\"type\":\"" + TYPES + "not-found\",\"title\":\"Not found\",\"status\":404,"
                        + "\"detail\":\"Dataset sales.nothing does not exist.\",\"instance\":\"r-drop\"}");
        assertAnswer(
                request(ANALYST, "r-contract").get(CONTRACT, "sales", "nothing"),
                404,
                "{\"type\":\"" + TYPES + "not-found\",\"title\":\"Not found\",\"status\":404,"
                        + "\"detail\":\"Table sales.nothing does not exist.\",\"instance\":\"r-contract\"}");
    }

    @Test
    void anIncompatibleSchemaNamesEachField() {
        String breaking = """
                {"columns": [
                   {"name": "order_id", "type": "int", "required": true},
                   {"name": "email", "type": "string"},
                   {"name": "amount", "type": "decimal(10, 2)"},
                   {"name": "created_at", "type": "timestamptz", "required": true}]}
                """;
        assertAnswer(
                request(ADMIN, "r-compat").body(breaking).put(CONTRACT, "sales", "orders"),
                409,
                "{\"type\":\"" + TYPES + "incompatible-schema\",\"title\":\"Incompatible schema change\","
                        + "\"status\":409,\"detail\":\"The schema change breaks the dataset's BACKWARD "
                        + "compatibility in 1 place(s); see errors.\",\"instance\":\"r-compat\","
                        + "\"compatibility\":\"BACKWARD\",\"errors\":["
                        + "{\"pointer\":\"/order_id\",\"field\":\"order_id\",\"change\":\"type-changed\","
                        + "\"previous\":\"required long\",\"proposed\":\"required int\",\"rule\":\"BACKWARD\","
                        + "\"message\":\"consumers of the new schema cannot read long values written with the previous "
                        + "schema; only int → long, float → double and decimal precision widening are readable "
                        + "promotions\"}]}");
    }
}
