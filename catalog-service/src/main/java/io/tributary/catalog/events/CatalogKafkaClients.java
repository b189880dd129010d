package io.tributary.catalog.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import io.tributary.contracts.kafka.KafkaClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;

/** This service's Kafka clients ({@code tributary-catalog-<role>}), from the {@code kafka.*} settings. */
@ApplicationScoped
public class CatalogKafkaClients {

    @Produces
    @Singleton
    KafkaClients clients(@Identifier("default-kafka-broker") Map<String, Object> kafka, MeterRegistry registry) {
        return KafkaClients.of(kafka, "catalog").withMetrics(registry);
    }
}
