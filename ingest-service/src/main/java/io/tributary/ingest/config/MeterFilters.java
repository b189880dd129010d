package io.tributary.ingest.config;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * This service produces to and consumes from a topic per table. The Kafka clients' own meters per partition (and the
 * producer's per topic) would be a dozen series for each of hundreds of topics, megabytes per scrape. The consumer's
 * per-topic fetch meters stay: Micrometer's Kafka binder replaces a client's total with them. The lake writer's lag,
 * commits and freshness are per table anyway.
 */
@Singleton
public class MeterFilters {

    @Produces
    @Singleton
    MeterFilter kafkaClientMetersPerTopicBounded() {
        return MeterFilter.deny(MeterFilters::perPartitionOrProducerTopic);
    }

    static boolean perPartitionOrProducerTopic(Meter.Id id) {
        String name = id.getName();
        return name.startsWith("kafka.")
                && (id.getTag("partition") != null || name.startsWith("kafka.producer.topic."));
    }
}
