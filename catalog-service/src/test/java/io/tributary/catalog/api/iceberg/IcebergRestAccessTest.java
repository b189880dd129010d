package io.tributary.catalog.api.iceberg;

import static io.restassured.RestAssured.given;
import static io.tributary.catalog.api.iceberg.IcebergTestFixture.assertErrorModel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.tributary.auth.Roles;
import io.tributary.auth.testing.TestTokens;
import jakarta.inject.Inject;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who may do what under {@code /iceberg}, and that refusals come back as Iceberg's ErrorModel while the rest of the
 * service keeps answering problem+json.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(TemporaryWarehouse.class)
class IcebergRestAccessTest {

    private static final String NAMESPACE_BODY = "{\"namespace\": [\"sales\"], \"properties\": {\"owner\": \"ada\"}}";

    @Inject
    IcebergTestFixture fixture;

    @BeforeEach
    void emptyCatalog() {
        fixture.reset();
    }

    private static RequestSpecification as(String token) {
        RequestSpecification request = given().contentType("application/json");
        return token == null ? request : request.auth().oauth2(token);
    }

    @Test
    void noTokenIs401ErrorModelWithBearerChallenge() {
        ValidatableResponse response = as(null).get("/iceberg/v1/config").then();
        assertErrorModel(response, 401, "NotAuthorizedException");
        response.header("WWW-Authenticate", containsString("Bearer"));
    }

    @Test
    void invalidTokenIs401ErrorModel() {
        assertErrorModel(
                as(TestTokens.expired("ada", Roles.PLATFORM_ADMIN))
                        .get("/iceberg/v1/namespaces")
                        .then(),
                401,
                "NotAuthorizedException");
        assertErrorModel(as("not-a-jwt").get("/iceberg/v1/namespaces").then(), 401, "NotAuthorizedException");
    }

    @Test
    void unknownPathsAndMethodsUnderIcebergAreErrorModelToo() {
        assertErrorModel(as(admin()).get("/iceberg/v1/no-such-endpoint").then(), 404, "NotFoundException");
        as(admin())
                .delete("/iceberg/v1/config")
                .then()
                .statusCode(405)
                .contentType(startsWith("application/json"))
                .body("error.code", equalTo(405));
    }

    @Test
    void theRestOfTheServiceKeepsProblemJson() {
        as(null).get("/api/catalog/v1/admin/config")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo(401));
    }

    @Test
    void analystsAndStewardsReadButCannotWrite() {
        as(admin()).body(NAMESPACE_BODY).post("/iceberg/v1/namespaces").then().statusCode(200);

        for (String role : new String[] {Roles.DATA_ANALYST, Roles.DATA_STEWARD}) {
            String token = TestTokens.withRoles("nora", role);
            as(token).get("/iceberg/v1/config").then().statusCode(200);
            as(token)
                    .get("/iceberg/v1/namespaces")
                    .then()
                    .statusCode(200)
                    .body("namespaces", hasItem(java.util.List.of("sales")));
            as(token)
                    .get("/iceberg/v1/namespaces/sales")
                    .then()
                    .statusCode(200)
                    .body("properties.owner", equalTo("ada"));
            assertErrorModel(
                    as(token)
                            .body("{\"namespace\": [\"other\"]}")
                            .post("/iceberg/v1/namespaces")
                            .then(),
                    403,
                    "ForbiddenException");
            assertErrorModel(as(token).delete("/iceberg/v1/namespaces/sales").then(), 403, "ForbiddenException");
        }
        as(admin()).get("/iceberg/v1/namespaces/sales").then().statusCode(200);
        assertThat(fixture.rows("iceberg_namespaces")).isEqualTo(1);
    }

    @Test
    void aProducerUserIsNeitherReaderNorWriter() {
        String producer = TestTokens.withRoles("some-app", Roles.DATA_PRODUCER);
        assertErrorModel(as(producer).get("/iceberg/v1/namespaces").then(), 403, "ForbiddenException");
        assertErrorModel(
                as(producer).body(NAMESPACE_BODY).post("/iceberg/v1/namespaces").then(), 403, "ForbiddenException");
    }

    @Test
    void theLakeWritersServiceAccountWritesAndReads() {
        // TestTokens puts the user name in azp, as Keycloak does with the client id of a service account.
        String lakeWriter = TestTokens.withRoles("tributary-ingest", Roles.DATA_PRODUCER);
        as(lakeWriter)
                .body(NAMESPACE_BODY)
                .post("/iceberg/v1/namespaces")
                .then()
                .statusCode(200)
                .body("namespace", equalTo(java.util.List.of("sales")));
        as(lakeWriter).get("/iceberg/v1/namespaces/sales").then().statusCode(200);
    }

    @Test
    void anIcebergClientWithAReaderTokenGetsForbiddenException() throws Exception {
        try (RESTCatalog reader =
                fixture.restCatalog("reader", TestTokens.withRoles("nora", Roles.DATA_ANALYST), Map.of())) {
            assertThat(reader.listNamespaces()).isEmpty();
            assertThatThrownBy(() -> reader.createNamespace(Namespace.of("sales")))
                    .isInstanceOf(ForbiddenException.class);
        }
        try (RESTCatalog admin = fixture.restCatalog("admin", Map.of())) {
            admin.createNamespace(Namespace.of("sales"));
            admin.createTable(
                    TableIdentifier.of("sales", "orders"),
                    new Schema(Types.NestedField.required(1, "id", Types.LongType.get())));
        }
        try (RESTCatalog reader =
                fixture.restCatalog("reader", TestTokens.withRoles("nora", Roles.DATA_ANALYST), Map.of())) {
            assertThat(reader.loadTable(TableIdentifier.of("sales", "orders"))
                            .schema()
                            .columns())
                    .hasSize(1);
            assertThatThrownBy(() -> reader.dropTable(TableIdentifier.of("sales", "orders")))
                    .isInstanceOf(ForbiddenException.class);
        }
    }

    private static String admin() {
        return TestTokens.withRoles("ada", Roles.PLATFORM_ADMIN);
    }
}
