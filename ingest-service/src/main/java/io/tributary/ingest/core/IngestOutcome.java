package io.tributary.ingest.core;

/** How a request ended, short of an error that aborts it. */
public sealed interface IngestOutcome {

    /** Every record that was to be published is acknowledged by Kafka. */
    record Published(Receipt receipt) implements IngestOutcome {}

    /** A retry with an {@code Idempotency-Key} already used with the same body: the original receipt, nothing sent. */
    record Replayed(Receipt receipt) implements IngestOutcome {}

    /** A strict request with invalid records: nothing was published. */
    record Rejected(IngestContract contract, ValidatedBatch batch) implements IngestOutcome {}
}
