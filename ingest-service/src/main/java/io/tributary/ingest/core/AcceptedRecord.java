package io.tributary.ingest.core;

/**
 * A valid record ready for Kafka.
 *
 * @param key   the UTF-8 text of the contract's key field, or null
 * @param value the record in {@link RecordJson}'s form
 */
public record AcceptedRecord(long index, byte[] key, byte[] value) {}
