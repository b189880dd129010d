package io.tributary.query.testing;

import io.tributary.query.core.Caller;
import io.tributary.query.iceberg.CatalogSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.iceberg.catalog.Catalog;

/** The test lake's catalog in place of the catalog service's REST API. */
@ApplicationScoped
public class TestCatalogSource implements CatalogSource {

    @Override
    public Catalog catalogFor(Caller caller) {
        return TestLake.get().catalog();
    }
}
