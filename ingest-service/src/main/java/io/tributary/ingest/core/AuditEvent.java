package io.tributary.ingest.core;

import java.time.Instant;
import java.util.UUID;

/**
 * One audited producer request: who did what to which table, how it ended, and when.
 *
 * @param principal      the user or service account ({@code preferred_username}, else {@code sub})
 * @param client         the OAuth client ({@code azp}), or null
 * @param resource       {@code table:<namespace>.<table>}
 * @param outcome        {@code accepted}, {@code replayed} (an idempotent retry answered from the store) or
 *                       {@code denied} (no INSERT grant)
 * @param receiptId      the receipt's id; null when denied
 * @param idempotencyKey the request's {@code Idempotency-Key}, or null
 * @param traceId        the W3C trace id the records carry
 */
public record AuditEvent(
        String principal,
        String client,
        String action,
        String resource,
        String outcome,
        long received,
        long accepted,
        long rejected,
        UUID receiptId,
        String idempotencyKey,
        Instant time,
        String traceId,
        String reason) {

    public static final String ACTION = "ingest.records.write";

    public static String resource(TableId table) {
        return "table:" + table;
    }
}
