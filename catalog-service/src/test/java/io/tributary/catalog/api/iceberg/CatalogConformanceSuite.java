package io.tributary.catalog.api.iceberg;

import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.CatalogTests;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Iceberg's own catalog conformance suite, run by a real {@link RESTCatalog} client against this service over HTTP.
 * Every test starts from an empty catalog and warehouse. Subclasses pick the warehouse storage; skipped tests are
 * listed in the module README.
 */
abstract class CatalogConformanceSuite extends CatalogTests<RESTCatalog> {

    @Inject
    IcebergTestFixture fixture;

    private RESTCatalog catalog;

    @BeforeEach
    void emptyCatalog() {
        fixture.reset();
        // Table defaults and overrides are client-side catalog properties, as in Iceberg's own REST catalog tests.
        catalog = initCatalog(
                "conformance",
                Map.of(
                        CatalogProperties.TABLE_DEFAULT_PREFIX + "default-key1", "catalog-default-key1",
                        CatalogProperties.TABLE_DEFAULT_PREFIX + "default-key2", "catalog-default-key2",
                        CatalogProperties.TABLE_OVERRIDE_PREFIX + "override-key3", "catalog-override-key3",
                        CatalogProperties.TABLE_OVERRIDE_PREFIX + "override-key4", "catalog-override-key4"));
    }

    @AfterEach
    void closeCatalog() throws IOException {
        if (catalog != null) {
            catalog.close();
        }
    }

    @Override
    protected RESTCatalog catalog() {
        return catalog;
    }

    @Override
    protected RESTCatalog initCatalog(String catalogName, Map<String, String> additionalProperties) {
        return fixture.restCatalog(catalogName, additionalProperties);
    }

    @Override
    protected boolean supportsNestedNamespaces() {
        return true;
    }

    @Override
    protected boolean requiresNamespaceCreate() {
        return true;
    }

    /** Iceberg's CatalogHandlers retry a commit that lost a race, re-checking its requirements each time. */
    @Override
    protected boolean supportsServerSideRetry() {
        return true;
    }

    /** Names become path segments of the warehouse, so '/' is refused (see README). */
    @Override
    protected boolean supportsNamesWithSlashes() {
        return false;
    }

    /** Explicit table locations go to the test's warehouse rather than the shared /tmp. */
    @Override
    protected String baseTableLocation(TableIdentifier identifier) {
        return fixture.testRoot() + "custom/" + identifier.namespace() + "/" + identifier.name();
    }
}
