package io.tributary.ingest.config;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * This service produces to and consumes from a topic per table. The Kafka clients' own meters per topic and per
 * partition would be a dozen series for each of hundreds of topics, megabytes per scrape; their totals per client
 * stay, and the lake writer's lag, commits and freshness are already per table.
 */
@Singleton
public class MeterFilters {

    @Produces
    @Singleton
    MeterFilter kafkaClientTotalsOnly() {
        return MeterFilter.deny(MeterFilters::perTopicKafkaMeter);
    }

    static boolean perTopicKafkaMeter(Meter.Id id) {
        return id.getName().startsWith("kafka.") && (id.getTag("topic") != null || id.getTag("partition") != null);
    }
}
