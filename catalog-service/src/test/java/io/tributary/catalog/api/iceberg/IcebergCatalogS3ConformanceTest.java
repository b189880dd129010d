package io.tributary.catalog.api.iceberg;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.tributary.catalog.core.iceberg.WarehouseStorage;
import jakarta.inject.Inject;
import java.nio.file.Path;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/** {@link CatalogConformanceSuite} with the warehouse in S3, through Iceberg's S3FileIO. */
@QuarkusTest
@TestProfile(S3WarehouseProfile.class)
@EnabledIfEnvironmentVariable(
        named = S3Warehouse.ENDPOINT,
        matches = ".+",
        disabledReason = "no S3 endpoint: ./tributary test starts s3proxy and sets TRIBUTARY_S3_*")
class IcebergCatalogS3ConformanceTest extends CatalogConformanceSuite {

    @Inject
    WarehouseStorage storage;

    /**
     * Iceberg's version moves the metadata file away with {@code java.nio.file}, which only works on local disk. The
     * same case in S3: the object behind the current metadata pointer is gone, and loading the table says so.
     */
    @Override
    @Test
    public void testLoadTableWithMissingMetadataFile(@TempDir Path unused) {
        TableIdentifier id = TableIdentifier.of(Namespace.of("ns"), "tbl");
        catalog().createNamespace(id.namespace());
        Table table = catalog()
                .buildTable(id, new Schema(Types.NestedField.required(1, "id", Types.IntegerType.get())))
                .create();
        TableOperations ops = ((HasTableOperations) table).operations();
        String metadata = ops.current().metadataFileLocation();
        storage.io().deleteFile(metadata);

        assertThatThrownBy(() -> catalog().loadTable(id))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining(metadata);
    }
}
