package io.tributary.ingest.core;

/**
 * The bounds of one ingest request.
 *
 * @param maxBodyBytes      the longest body accepted
 * @param maxRecords        the most records in one body
 * @param maxRecordBytes    the largest record, measured as the JSON published to Kafka
 * @param maxReportedErrors the most violations listed in one response
 */
public record IngestLimits(
        long maxBodyBytes, int maxRecords, int maxRecordBytes, int maxReportedErrors, ValidationLimits validation) {

    public static final IngestLimits DEFAULTS =
            new IngestLimits(10L << 20, 10_000, 512 << 10, 100, ValidationLimits.DEFAULTS);
}
