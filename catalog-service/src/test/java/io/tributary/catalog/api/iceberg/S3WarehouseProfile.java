package io.tributary.catalog.api.iceberg;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** The service with its warehouse in S3 (see {@link S3Warehouse}) instead of on local disk. */
public class S3WarehouseProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(S3Warehouse.class));
    }
}
