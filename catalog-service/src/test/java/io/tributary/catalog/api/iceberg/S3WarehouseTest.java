package io.tributary.catalog.api.iceberg;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.tributary.auth.Roles;
import io.tributary.auth.testing.TestTokens;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** With {@code tributary.storage=s3}, metadata really lands in the bucket, and clients learn where S3 is but not its keys. */
@QuarkusTest
@TestProfile(S3WarehouseProfile.class)
@EnabledIfEnvironmentVariable(
        named = S3Warehouse.ENDPOINT,
        matches = ".+",
        disabledReason = "no S3 endpoint: ./tributary test starts s3proxy and sets TRIBUTARY_S3_*")
class S3WarehouseTest {

    @Inject
    IcebergTestFixture fixture;

    @BeforeEach
    void empty() {
        fixture.reset();
    }

    @Test
    void configTellsClientsWhereS3IsButNotItsKeys() {
        given().auth()
                .oauth2(TestTokens.withRoles("ana", Roles.DATA_ANALYST))
                .get("/iceberg/v1/config")
                .then()
                .statusCode(200)
                .body("defaults.warehouse", startsWith(fixture.testRoot() + "warehouse"))
                .body("defaults.'s3.endpoint'", equalTo(System.getenv(S3Warehouse.ENDPOINT)))
                .body("defaults.'s3.path-style-access'", equalTo("true"))
                .body("defaults.'client.region'", equalTo("us-east-1"))
                .body("defaults", not(hasKey("s3.access-key-id")))
                .body("defaults", not(hasKey("s3.secret-access-key")))
                .body("overrides", not(hasKey("s3.secret-access-key")));
    }

    @Test
    void tableMetadataIsWrittenToTheBucket() throws Exception {
        String root = fixture.testRoot();
        String bucket = URI.create(root).getHost();
        try (RESTCatalog catalog = fixture.restCatalog("s3", Map.of());
                S3Client s3 = S3Warehouse.client()) {
            TableIdentifier id = TableIdentifier.of(Namespace.of("lake"), "events");
            catalog.createNamespace(id.namespace());
            Table table =
                    catalog.createTable(id, new Schema(Types.NestedField.required(1, "id", Types.LongType.get())));
            DataFile file = DataFiles.builder(PartitionSpec.unpartitioned())
                    .withPath(root + "warehouse/lake/events/data/a.parquet")
                    .withFileSizeInBytes(10)
                    .withRecordCount(3)
                    .build();
            table.newAppend().appendFile(file).commit();

            String metadata = catalog.loadTable(id).location();
            assertThat(metadata).startsWith(root + "warehouse/lake/events");
            List<String> keys = s3
                    .listObjectsV2Paginator(request -> request.bucket(bucket).prefix("warehouse/lake/events"))
                    .contents()
                    .stream()
                    .map(S3Object::key)
                    .toList();
            // The create and the append each wrote a metadata file; the append also wrote its manifest list and
            // manifest.
            assertThat(keys).filteredOn(key -> key.endsWith(".metadata.json")).hasSize(2);
            assertThat(keys).filteredOn(key -> key.contains("/metadata/snap-")).hasSize(1);
            assertThat(catalog.loadTable(id).currentSnapshot().summary()).containsEntry("added-records", "3");
        }
        assertThat(ConfigProvider.getConfig().getValue("tributary.storage", String.class))
                .isEqualTo("s3");
    }
}
