package io.tributary.ingest.writer;

/**
 * One record read from an ingest topic.
 *
 * @param timestampMs     the Kafka record timestamp (set by the producer or the broker when it was acknowledged)
 * @param contractVersion the {@code tributary-contract-version} header, or null when the record has none
 * @param producer        the {@code tributary-producer} header, or null
 * @param traceparent     the {@code traceparent} header, or null
 */
public record IncomingRecord(
        String topic,
        int partition,
        long offset,
        long timestampMs,
        Integer contractVersion,
        String producer,
        String traceparent,
        byte[] value) {

    public IncomingRecord(
            String topic, int partition, long offset, long timestampMs, Integer contractVersion, byte[] value) {
        this(topic, partition, offset, timestampMs, contractVersion, null, null, value);
    }
}
