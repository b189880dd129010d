package io.tributary.contracts.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One record on {@code tributary.ingest.dlq} (key: the table id): a record that could not go into its table, every
 * reason why, and enough context to find where it came from. Ingest writes one per record rejected in partial mode,
 * the lake writer one per record it cannot convert. {@link DeadLetterCodec} is its JSON form; null fields are left out.
 *
 * @param table           {@code <namespace>.<name>}
 * @param stage           where it was rejected
 * @param contractVersion the ingest contract version the record was checked against, when known
 * @param producer        who sent the record, when known
 * @param receiptId       the receipt of the request it came in (ingest)
 * @param index           its 0-based position in that request's body (ingest)
 * @param line            its 1-based line in that body, for line-based formats (ingest)
 * @param topic           the ingest topic it was read from (lake writer)
 * @param partition       the partition it was read from (lake writer)
 * @param offset          its offset there (lake writer)
 * @param traceId         the W3C trace id of the request that sent it, when known
 * @param rejectedAt      when it was rejected
 * @param reasons         why, at least one
 * @param record          the record as sent, when it is JSON
 * @param raw             its text when it is not
 */
public record DeadLetter(
        String table,
        String namespace,
        String name,
        Stage stage,
        Integer contractVersion,
        String producer,
        String receiptId,
        Long index,
        Long line,
        String topic,
        Integer partition,
        Long offset,
        String traceId,
        Instant rejectedAt,
        List<Reason> reasons,
        JsonNode record,
        String raw) {

    public DeadLetter {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(rejectedAt, "rejectedAt");
        reasons = List.copyOf(reasons);
    }

    /** A record the producer API rejected against its contract (partial mode). */
    public static DeadLetter atIngest(
            String namespace,
            String name,
            int contractVersion,
            String producer,
            String receiptId,
            long index,
            long line,
            String traceId,
            Instant rejectedAt,
            List<Reason> reasons,
            JsonNode record,
            String raw) {
        return new DeadLetter(
                namespace + "." + name,
                namespace,
                name,
                Stage.INGEST,
                contractVersion,
                producer,
                receiptId,
                index,
                line > 0 ? line : null,
                null,
                null,
                null,
                traceId,
                rejectedAt,
                reasons,
                record,
                raw);
    }

    /** A record the lake writer read from its ingest topic and could not write to the table. */
    public static DeadLetter atLakeWriter(
            String namespace,
            String name,
            Integer contractVersion,
            String producer,
            String topic,
            int partition,
            long offset,
            String traceId,
            Instant rejectedAt,
            List<Reason> reasons,
            JsonNode record,
            String raw) {
        return new DeadLetter(
                namespace + "." + name,
                namespace,
                name,
                Stage.LAKE_WRITER,
                contractVersion,
                producer,
                null,
                null,
                null,
                topic,
                partition,
                offset,
                traceId,
                rejectedAt,
                reasons,
                record,
                raw);
    }

    /** Where a record was rejected; {@link #label()} is its JSON value. */
    public enum Stage {
        INGEST("ingest"),
        LAKE_WRITER("lake-writer");

        private final String label;

        Stage(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Stage of(String label) {
            for (Stage stage : values()) {
                if (stage.label.equals(label)) {
                    return stage;
                }
            }
            throw new IllegalArgumentException("Unknown dead-letter stage '" + label + "'");
        }
    }

    /**
     * One reason a record was rejected.
     *
     * @param pointer  an RFC 6901 JSON pointer into the record; empty for the whole record, null when not known
     * @param expected what was expected there, in Iceberg type names; null when not known
     * @param actual   what was found; null when not known
     * @param message  a sentence for a human
     */
    public record Reason(String pointer, String expected, String actual, String message) {

        public static Reason of(String message) {
            return new Reason(null, null, null, message);
        }
    }

    /** The trace id of a W3C {@code traceparent} ({@code 00-<trace id>-<span id>-<flags>}); null when malformed. */
    public static String traceId(String traceparent) {
        if (traceparent == null
                || traceparent.length() < 55
                || traceparent.charAt(2) != '-'
                || traceparent.charAt(35) != '-') {
            return null;
        }
        return traceparent.substring(3, 35);
    }
}
