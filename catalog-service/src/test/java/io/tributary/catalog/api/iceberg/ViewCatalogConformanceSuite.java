package io.tributary.catalog.api.iceberg;

import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Map;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.view.ViewCatalogTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Iceberg's view catalog conformance suite, run by a real {@link RESTCatalog} client against this service. Subclasses
 * pick the warehouse storage.
 */
abstract class ViewCatalogConformanceSuite extends ViewCatalogTests<RESTCatalog> {

    @Inject
    IcebergTestFixture fixture;

    private RESTCatalog catalog;

    @BeforeEach
    void emptyCatalog() {
        fixture.reset();
        catalog = fixture.restCatalog("conformance", Map.of());
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
    protected Catalog tableCatalog() {
        return catalog;
    }

    @Override
    protected boolean requiresNamespaceCreate() {
        return true;
    }

    @Override
    protected boolean supportsServerSideRetry() {
        return true;
    }
}
