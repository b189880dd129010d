package io.tributary.catalog.config;

import io.tributary.catalog.core.iceberg.CatalogRules;
import io.tributary.catalog.core.iceberg.CatalogStore;
import io.tributary.catalog.core.iceberg.TributaryCatalog;
import io.tributary.catalog.core.iceberg.WarehouseStorage;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * Wires the framework-free {@link TributaryCatalog} to its store (PostgreSQL, resolved by CDI from the interface) and
 * the warehouse that {@code tributary.storage} picks.
 */
public class IcebergCatalogProducer {

    @Produces
    @Singleton
    WarehouseStorage storage(StorageConfig storage, WarehouseConfig warehouse, S3Config s3) {
        return switch (storage.kind()) {
            case LOCAL -> WarehouseStorage.local(warehouse.directory());
            case S3 ->
                WarehouseStorage.s3(new WarehouseStorage.S3Settings(
                        s3.warehouse(),
                        s3.endpoint(),
                        s3.region(),
                        s3.pathStyleAccess(),
                        s3.accessKey(),
                        s3.secretKey()));
        };
    }

    @Produces
    @Singleton
    TributaryCatalog catalog(CatalogConfig config, CatalogStore store, WarehouseStorage storage) {
        List<String> allowed = new ArrayList<>();
        allowed.add(storage.location());
        config.iceberg().allowedLocations().ifPresent(allowed::addAll);
        CatalogRules rules = new CatalogRules(
                config.iceberg().maxProperties(), config.iceberg().maxPropertyBytes(), allowed);
        TributaryCatalog catalog = new TributaryCatalog(
                store, storage.io(), storage.location(), rules, config.iceberg().metadataCacheSnapshots());
        catalog.initialize(config.iceberg().name(), config.iceberg().catalogProperties());
        return catalog;
    }

    void close(@Disposes TributaryCatalog catalog) throws java.io.IOException {
        catalog.close();
    }

    void close(@Disposes WarehouseStorage storage) {
        storage.io().close();
    }
}
