package io.tributary.query.iceberg;

import io.tributary.query.core.Caller;
import org.apache.iceberg.catalog.Catalog;

/** The Iceberg catalog as one caller sees it: a REST client carrying the caller's own token, or a test's catalog. */
public interface CatalogSource {

    Catalog catalogFor(Caller caller);
}
