package io.tributary.ingest.api;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.tributary.ingest.core.InFlightBudget;
import io.tributary.ingest.core.Receipt;
import io.tributary.ingest.core.TableId;
import io.tributary.ingest.core.ValidatedBatch;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The producer API's meters:
 * <ul>
 *   <li>{@code tributary_ingest_records_total{table, outcome}}: published, dead_lettered, or rejected (strict, not sent)</li>
 *   <li>{@code tributary_ingest_request_body_bytes} and {@code tributary_ingest_request_records}: sizes of the
 *       requests that were read to the end</li>
 *   <li>{@code tributary_ingest_requests_total{table, outcome}}: throttled (429), denied (403), replayed
 *       (idempotent retry answered from the store), unavailable_kafka / unavailable_catalog /
 *       unavailable_governance / unavailable_idempotency_store (503)</li>
 *   <li>{@code tributary_ingest_in_flight_bytes} / {@code _records}: what requests hold now, against the limits</li>
 * </ul>
 * Kafka's acknowledgement latency is {@code tributary_ingest_kafka_ack_seconds} (KafkaRecordPublisher).
 */
@Startup
@Singleton
public class IngestMetrics {

    private static final String RECORDS = "tributary.ingest.records";
    private static final String REQUESTS = "tributary.ingest.requests";

    @Inject
    MeterRegistry registry;

    @Inject
    InFlightBudget budget;

    private DistributionSummary bodyBytes;
    private DistributionSummary batchRecords;

    @PostConstruct
    void register() {
        bodyBytes = DistributionSummary.builder("tributary.ingest.request.body")
                .baseUnit("bytes")
                .description("Body size of producer requests")
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry);
        batchRecords = DistributionSummary.builder("tributary.ingest.request.records")
                .description("Records per producer request")
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry);
        Gauge.builder("tributary.ingest.in.flight.bytes", budget, InFlightBudget::bytesInFlight)
                .description("Body bytes held by requests in flight")
                .register(registry);
        Gauge.builder("tributary.ingest.in.flight.records", budget, InFlightBudget::recordsInFlight)
                .description("Records held by requests in flight")
                .register(registry);
    }

    void request(long bytes) {
        bodyBytes.record(bytes);
    }

    void published(TableId table, Receipt receipt) {
        batchRecords.record(receipt.received());
        count(table, "published", receipt.accepted());
        count(table, "dead_lettered", receipt.rejected());
    }

    void rejected(TableId table, ValidatedBatch batch) {
        batchRecords.record(batch.received());
        count(table, "rejected", batch.received());
    }

    void replayed(TableId table) {
        requests(table, "replayed");
    }

    void throttled(TableId table) {
        requests(table, "throttled");
    }

    void denied(TableId table) {
        requests(table, "denied");
    }

    void unavailable(TableId table, String dependency) {
        requests(table, "unavailable_" + dependency.replace('-', '_'));
    }

    private void requests(TableId table, String outcome) {
        registry.counter(REQUESTS, "table", table.toString(), "outcome", outcome)
                .increment();
    }

    private void count(TableId table, String outcome, long records) {
        if (records > 0) {
            registry.counter(RECORDS, "table", table.toString(), "outcome", outcome)
                    .increment(records);
        }
    }
}
