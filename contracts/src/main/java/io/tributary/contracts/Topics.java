package io.tributary.contracts;

import java.util.regex.Pattern;

/** Kafka topic names. Every service takes them from here so a rename happens in one place. */
public final class Topics {

    public static final String INGEST_PREFIX = "tributary.ingest.";
    public static final String INGEST_DLQ = "tributary.ingest.dlq";
    public static final String CATALOG_EVENTS = "tributary.catalog.events";
    public static final String LINEAGE = "tributary.lineage";
    /** Lineage events the catalog could not accept, with the reason in a header. */
    public static final String LINEAGE_DLQ = "tributary.lineage.dlq";

    public static final String AUDIT = "tributary.audit";
    /** governance-service's own changes (policies), which other services follow to drop what they derived from them. */
    public static final String GOVERNANCE_EVENTS = "tributary.governance.events";

    // Kafka allows [a-zA-Z0-9._-] up to 249 chars; identifiers that don't fit are rejected upstream.
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9_-]+");

    private Topics() {}

    /** The ingest topic of one table: {@code tributary.ingest.<namespace>.<table>}. */
    public static String ingest(String namespace, String table) {
        requireLegal("namespace", namespace);
        requireLegal("table", table);
        String topic = INGEST_PREFIX + namespace + "." + table;
        if (topic.length() > 249) {
            throw new IllegalArgumentException("topic name for " + namespace + "." + table + " exceeds 249 characters");
        }
        if (topic.equals(INGEST_DLQ)) {
            throw new IllegalArgumentException("'dlq' is reserved and cannot be used as an ingest namespace");
        }
        return topic;
    }

    private static void requireLegal(String what, String value) {
        if (value == null || !LEGAL.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    what + " '" + value + "' must match [a-zA-Z0-9_-]+ to name a Kafka topic");
        }
    }
}
