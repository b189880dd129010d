package io.tributary.catalog.api.iceberg;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** {@link ViewCatalogConformanceSuite} with the warehouse on local disk. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(TemporaryWarehouse.class)
class IcebergViewCatalogConformanceTest extends ViewCatalogConformanceSuite {}
