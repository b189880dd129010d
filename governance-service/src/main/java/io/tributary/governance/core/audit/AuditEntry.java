package io.tributary.governance.core.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * One entry of the audit log, before it is chained: who did what to which resource, how it ended and when.
 * Times are kept to the microsecond, as PostgreSQL stores them, so that a stored entry hashes as it did when written.
 *
 * @param detail canonical JSON (sorted keys, no spaces), or null
 */
public record AuditEntry(
        UUID eventId,
        Instant occurredAt,
        Instant recordedAt,
        String principal,
        String action,
        String resource,
        String outcome,
        String traceId,
        String detail) {

    public AuditEntry {
        occurredAt = occurredAt.truncatedTo(ChronoUnit.MICROS);
        recordedAt = recordedAt.truncatedTo(ChronoUnit.MICROS);
    }
}
