package io.tributary.catalog.config;

import io.tributary.catalog.core.lineage.DatasetNames;
import io.tributary.catalog.core.lineage.LineageService;
import io.tributary.catalog.core.lineage.LineageStore;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/** Wires the framework-free {@link LineageService} to its store (a {@link LineageStore} bean). */
public class LineageProducer {

    @Produces
    @Singleton
    LineageService lineage(LineageStore store, CatalogConfig config) {
        return new LineageService(store, datasetNames(config.lineage().trino()));
    }

    /** Trino's lake tables are the lake writer's datasets, once Trino's dataset namespace is known. */
    static DatasetNames datasetNames(CatalogConfig.Lineage.Trino trino) {
        return trino.namespace()
                .map(namespace -> new DatasetNames(
                        List.of(new DatasetNames.Alias(namespace, trino.catalog(), trino.datasetNamespace()))))
                .orElse(DatasetNames.none());
    }
}
