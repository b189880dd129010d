package io.tributary.ingest.core;

import io.tributary.ingest.core.body.BodyFormat;

/**
 * One producer request, as the REST layer hands it over.
 *
 * @param producer       who sends it: the token's client id, else its subject
 * @param idempotencyKey the producer's {@code Idempotency-Key}, or null; carried to Kafka unchanged
 * @param traceparent    the W3C trace context of the request, or null to start a new trace
 */
public record IngestRequest(TableId table, BodyFormat format, IngestMode mode, String producer, String idempotencyKey,
                            String traceparent) {
}
