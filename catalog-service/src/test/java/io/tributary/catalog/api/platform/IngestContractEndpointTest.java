package io.tributary.catalog.api.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.tributary.auth.Roles;
import io.tributary.auth.testing.TestTokens;
import io.tributary.catalog.api.iceberg.IcebergTestFixture;
import io.tributary.catalog.api.iceberg.TemporaryWarehouse;
import jakarta.inject.Inject;
import java.util.HashMap;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ingest contract follows the table's schema: a schema change is a new contract version. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(TemporaryWarehouse.class)
class IngestContractEndpointTest {

    private static final String PATH = "/api/catalog/v1/namespaces/{ns}/tables/{table}/contract";

    @Inject
    IcebergTestFixture fixture;

    @BeforeEach
    void emptyCatalog() {
        fixture.reset();
    }

    @Test
    void contractIsTheCurrentSchemaVersionedBySchemaId() throws Exception {
        String admin = TestTokens.withRoles("ada", Roles.PLATFORM_ADMIN);
        try (RESTCatalog catalog = fixture.restCatalog("contracts", admin, new HashMap<>())) {
            catalog.createNamespace(Namespace.of("sales"), new HashMap<>());
            Table table = catalog.createTable(
                    TableIdentifier.of("sales", "orders"),
                    new Schema(
                            Types.NestedField.required(1, "order_id", Types.LongType.get()),
                            Types.NestedField.optional(2, "amount", Types.DecimalType.of(10, 2))));

            String producer = TestTokens.withRoles("pat", Roles.DATA_PRODUCER);
            given().auth()
                    .oauth2(producer)
                    .get(PATH, "sales", "orders")
                    .then()
                    .statusCode(200)
                    .body("version", equalTo(0))
                    .body("schema.type", equalTo("struct"))
                    .body("schema.fields[0].name", equalTo("order_id"))
                    .body("schema.fields[0].required", equalTo(true))
                    .body("schema.fields[1].type", equalTo("decimal(10, 2)"))
                    .body("key", nullValue());

            table.updateSchema().addColumn("note", Types.StringType.get()).commit();
            table.updateProperties().set("tributary.ingest.key", "order_id").commit();

            given().auth()
                    .oauth2(producer)
                    .get(PATH, "sales", "orders")
                    .then()
                    .statusCode(200)
                    .body("version", equalTo(1))
                    .body("schema.fields[2].name", equalTo("note"))
                    .body("key", equalTo("order_id"));
        }
    }

    @Test
    void unknownTableIs404ProblemAndRolesAreChecked() {
        given().auth()
                .oauth2(TestTokens.withRoles("pat", Roles.DATA_PRODUCER))
                .get(PATH, "nowhere", "nothing")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().get(PATH, "sales", "orders").then().statusCode(401).contentType("application/problem+json");
        given().auth()
                .oauth2(TestTokens.withRoles("nora"))
                .get(PATH, "sales", "orders")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
    }
}
