package io.tributary.ingest.core;

import io.tributary.contracts.deadletter.DeadLetter;
import io.tributary.contracts.deadletter.DeadLetterCodec;
import java.time.Instant;
import java.util.UUID;

/**
 * The value of a record on {@code tributary.ingest.dlq} for a record rejected in partial mode: the shared
 * {@link DeadLetter} with the rejected record as sent (or its raw text when it could not be read), every reason, and
 * enough context to find the request it came in.
 */
final class DeadLetters {

    private DeadLetters() {}

    static byte[] value(
            RejectedRecord rejected,
            IngestContract contract,
            UUID receiptId,
            String producer,
            String traceparent,
            Instant at) {
        return DeadLetterCodec.encode(DeadLetter.atIngest(
                contract.table().namespace(),
                contract.table().name(),
                contract.version(),
                producer,
                receiptId.toString(),
                rejected.index(),
                rejected.line(),
                DeadLetter.traceId(traceparent),
                at,
                rejected.violations().stream()
                        .map(v -> new DeadLetter.Reason(v.pointer(), v.expected(), v.actual(), v.message()))
                        .toList(),
                rejected.record(),
                rejected.record() == null ? rejected.raw() : null));
    }
}
