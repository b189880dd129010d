package io.tributary.ingest.core;

import io.tributary.ingest.core.body.BodyFormat;

/**
 * One producer request, as the REST layer hands it over.
 *
 * @param caller         who sends it, from the token
 * @param idempotencyKey the producer's {@code Idempotency-Key}, or null; carried to Kafka
 * @param traceparent    the W3C trace context of the request, or null to start a new trace
 * @param declaredLength the body's Content-Length, or -1 when unknown (chunked)
 */
public record IngestRequest(
        TableId table,
        BodyFormat format,
        IngestMode mode,
        Caller caller,
        String idempotencyKey,
        String traceparent,
        long declaredLength) {

    public IngestRequest(
            TableId table,
            BodyFormat format,
            IngestMode mode,
            Caller caller,
            String idempotencyKey,
            String traceparent) {
        this(table, format, mode, caller, idempotencyKey, traceparent, -1);
    }

    /** The producer named in each record's headers: the client id, else the principal. */
    public String producer() {
        return caller.producer();
    }
}
