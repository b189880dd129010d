package io.tributary.ingest.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import io.tributary.contracts.kafka.KafkaClients;
import io.tributary.contracts.kafka.TopicProvisioner;
import io.tributary.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;

/** This service's Kafka clients ({@code tributary-ingest-<role>}), from the {@code kafka.*} settings. */
@ApplicationScoped
public class IngestKafkaClients {

    @Produces
    @Singleton
    KafkaClients clients(@Identifier("default-kafka-broker") Map<String, Object> kafka, MeterRegistry registry) {
        return KafkaClients.of(kafka, "ingest").withMetrics(registry);
    }

    /** Creates ingest, dead-letter and audit topics the first time they are written to; shared by every publisher. */
    @Produces
    @Singleton
    TopicProvisioner topics(KafkaClients clients, IngestConfig config) {
        IngestConfig.Kafka kafka = config.kafka();
        return clients.topicProvisioner("admin", kafka.partitions(), kafka.replicationFactor(), kafka.maxBlock());
    }

    void close(@Disposes TopicProvisioner topics) {
        topics.close();
    }
}
