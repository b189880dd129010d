package io.tributary.catalog.api.iceberg;

import io.tributary.catalog.config.CatalogConfig;
import io.tributary.catalog.iceberg.CatalogRules;
import io.tributary.catalog.iceberg.TributaryCatalog;
import io.tributary.catalog.store.PostgresCatalogStore;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.hadoop.HadoopFileIO;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Wires the framework-free {@link TributaryCatalog} to PostgreSQL and the warehouse. */
public class IcebergCatalogProducer {

    @Produces
    @Singleton
    TributaryCatalog catalog(CatalogConfig config, PostgresCatalogStore store,
                             @ConfigProperty(name = "tributary.warehouse", defaultValue = ".tributary/warehouse") String warehouse) {
        String location = warehouseLocation(warehouse);
        List<String> allowed = new ArrayList<>();
        allowed.add(location);
        config.iceberg().allowedLocations().ifPresent(allowed::addAll);
        CatalogRules rules = new CatalogRules(config.iceberg().maxProperties(), config.iceberg().maxPropertyBytes(), allowed);
        HadoopFileIO io = new HadoopFileIO(new Configuration());
        io.initialize(Map.of());
        TributaryCatalog catalog = new TributaryCatalog(store, io, location, rules);
        catalog.initialize(config.iceberg().name(), config.iceberg().catalogProperties());
        return catalog;
    }

    void close(@Disposes TributaryCatalog catalog) throws java.io.IOException {
        catalog.io().close();
        catalog.close();
    }

    /** A plain path (relative to the working directory) becomes a {@code file:} URI; URIs stay as they are. */
    static String warehouseLocation(String warehouse) {
        if (warehouse.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return warehouse;
        }
        String uri = Path.of(warehouse).toAbsolutePath().normalize().toUri().toString();
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }
}
