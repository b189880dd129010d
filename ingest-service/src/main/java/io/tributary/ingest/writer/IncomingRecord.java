package io.tributary.ingest.writer;

/**
 * One record read from an ingest topic.
 *
 * @param timestampMs the Kafka record timestamp (set by the producer or the broker when it was acknowledged)
 * @param contractVersion the {@code tributary-contract-version} header, or null when the record has none
 */
public record IncomingRecord(String topic, int partition, long offset, long timestampMs, Integer contractVersion,
                             byte[] value) {
}
