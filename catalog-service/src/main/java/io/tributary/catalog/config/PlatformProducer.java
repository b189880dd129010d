package io.tributary.catalog.config;

import io.tributary.catalog.core.iceberg.TributaryCatalog;
import io.tributary.catalog.core.platform.DatasetService;
import io.tributary.catalog.core.platform.IngestTopics;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Wires the framework-free {@link DatasetService} to the catalog and to Kafka (an {@link IngestTopics} bean). */
public class PlatformProducer {

    @Produces
    @Singleton
    DatasetService datasets(TributaryCatalog catalog, IngestTopics topics) {
        return new DatasetService(catalog, topics);
    }
}
