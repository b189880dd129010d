package io.tributary.governance.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import io.tributary.contracts.kafka.KafkaClients;
import io.tributary.governance.config.GovernanceConfig;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;

/** The service's Kafka clients, from the shared factory, and the producer of denial audit events built on them. */
@Singleton
public class GovernanceKafkaClients {

    @Produces
    @Singleton
    KafkaClients kafka(@Identifier("default-kafka-broker") Map<String, Object> kafka, MeterRegistry registry) {
        return KafkaClients.of(kafka, "governance").withMetrics(registry);
    }

    @Produces
    @Singleton
    DenialAudit denialAudit(KafkaClients kafka, GovernanceConfig config) {
        return new DenialAudit(kafka, config.audit().queueSize());
    }

    void closeDenialAudit(@Disposes DenialAudit audit) {
        audit.close();
    }
}
