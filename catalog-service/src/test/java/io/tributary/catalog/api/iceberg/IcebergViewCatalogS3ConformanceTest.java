package io.tributary.catalog.api.iceberg;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** {@link ViewCatalogConformanceSuite} with the warehouse in S3, through Iceberg's S3FileIO. */
@QuarkusTest
@TestProfile(S3WarehouseProfile.class)
@EnabledIfEnvironmentVariable(
        named = S3Warehouse.ENDPOINT,
        matches = ".+",
        disabledReason = "no S3 endpoint: ./tributary test starts s3proxy and sets TRIBUTARY_S3_*")
class IcebergViewCatalogS3ConformanceTest extends ViewCatalogConformanceSuite {}
