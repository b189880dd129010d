package io.tributary.ingest.core;

import java.util.List;
import java.util.Map;

/** Makes records durable. The Kafka adapter implements it; tests can too. */
public interface RecordPublisher {

    /**
     * Sends every record and returns only once each one is acknowledged, with the offsets they got.
     *
     * @throws PublishUnavailableException when the broker cannot be reached in time; some records may have been
     *                                     written before the failure
     */
    List<PartitionRange> publish(List<Outgoing> records);

    /** One record for one topic; headers are UTF-8 text. */
    record Outgoing(String topic, byte[] key, byte[] value, Map<String, String> headers) {}

    /** The offsets one request's records took in one partition. */
    record PartitionRange(String topic, int partition, long firstOffset, long lastOffset, int records) {}

    class PublishUnavailableException extends RuntimeException {
        public PublishUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
