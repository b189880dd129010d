package io.tributary.catalog.api.iceberg;

import io.tributary.catalog.config.CatalogConfig;
import io.tributary.catalog.config.S3Config;
import io.tributary.catalog.iceberg.CatalogRules;
import io.tributary.catalog.iceberg.TributaryCatalog;
import io.tributary.catalog.iceberg.WarehouseStorage;
import io.tributary.catalog.store.PostgresCatalogStore;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Wires the framework-free {@link TributaryCatalog} to PostgreSQL and the warehouse that {@code tributary.storage} picks. */
public class IcebergCatalogProducer {

    @Produces
    @Singleton
    WarehouseStorage storage(@ConfigProperty(name = "tributary.storage", defaultValue = "local") WarehouseStorage.Kind kind,
                             @ConfigProperty(name = "tributary.warehouse", defaultValue = ".tributary/warehouse") String warehouse,
                             S3Config s3) {
        return switch (kind) {
            case LOCAL -> WarehouseStorage.local(warehouse);
            case S3 -> WarehouseStorage.s3(new WarehouseStorage.S3Settings(s3.warehouse(), s3.endpoint(), s3.region(),
                    s3.pathStyleAccess(), s3.accessKey(), s3.secretKey()));
        };
    }

    @Produces
    @Singleton
    TributaryCatalog catalog(CatalogConfig config, PostgresCatalogStore store, WarehouseStorage storage) {
        List<String> allowed = new ArrayList<>();
        allowed.add(storage.location());
        config.iceberg().allowedLocations().ifPresent(allowed::addAll);
        CatalogRules rules = new CatalogRules(config.iceberg().maxProperties(), config.iceberg().maxPropertyBytes(), allowed);
        TributaryCatalog catalog = new TributaryCatalog(store, storage.io(), storage.location(), rules);
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
