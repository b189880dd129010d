package io.tributary.ingest.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.UUID;

/**
 * What a producer gets back once Kafka has acknowledged every record it sent.
 *
 * @param partitions            where the accepted records went: one range of offsets per partition
 * @param deadLetterTopic       where the rejected records went, in partial mode; null when none were rejected
 * @param deadLetterPartitions  their offsets there
 * @param errors                the violations of the rejected records, at most the configured number
 * @param errorsTruncated       whether there were more violations than listed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Receipt(
        UUID receiptId,
        String table,
        int contractVersion,
        String mode,
        long received,
        long accepted,
        long rejected,
        String topic,
        List<PartitionOffsets> partitions,
        String deadLetterTopic,
        List<PartitionOffsets> deadLetterPartitions,
        List<RecordError> errors,
        Boolean errorsTruncated) {

    /** Offsets {@code firstOffset..lastOffset} (inclusive) of partition {@code partition} hold {@code records} records. */
    public record PartitionOffsets(int partition, long firstOffset, long lastOffset, int records) {}
}
