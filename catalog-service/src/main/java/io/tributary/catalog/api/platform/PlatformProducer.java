package io.tributary.catalog.api.platform;

import io.tributary.catalog.events.KafkaIngestTopics;
import io.tributary.catalog.iceberg.TributaryCatalog;
import io.tributary.catalog.platform.DatasetService;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Wires the framework-free {@link DatasetService} to the catalog and Kafka. */
public class PlatformProducer {

    @Produces
    @Singleton
    DatasetService datasets(TributaryCatalog catalog, KafkaIngestTopics topics) {
        return new DatasetService(catalog, topics);
    }
}
