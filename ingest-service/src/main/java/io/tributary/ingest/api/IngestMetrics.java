package io.tributary.ingest.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.ingest.core.Receipt;
import io.tributary.ingest.core.TableId;
import io.tributary.ingest.core.ValidatedBatch;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** {@code tributary_ingest_records_total{table, outcome}}: published, dead_lettered, or rejected (strict, not sent). */
@Singleton
public class IngestMetrics {

    private static final String RECORDS = "tributary.ingest.records";

    @Inject
    MeterRegistry registry;

    void published(TableId table, Receipt receipt) {
        count(table, "published", receipt.accepted());
        count(table, "dead_lettered", receipt.rejected());
    }

    void rejected(TableId table, ValidatedBatch batch) {
        count(table, "rejected", batch.received());
    }

    private void count(TableId table, String outcome, long records) {
        if (records > 0) {
            registry.counter(RECORDS, "table", table.toString(), "outcome", outcome).increment(records);
        }
    }
}
