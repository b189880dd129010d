package io.tributary.ingest.writer;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * One commit that landed.
 *
 * @param branch the branch the snapshot was committed to: main, or the table's audit branch
 * @param recordTimestampsMs the Kafka timestamp of every record the commit made visible (for freshness)
 * @param offsets the checkpoint the snapshot carries: partition → next offset
 */
public record CommitReport(
        TableIdentifier table,
        String topic,
        String branch,
        UUID runId,
        long snapshotId,
        String commitId,
        long records,
        int files,
        long bytes,
        long deadLettered,
        Instant startedAt,
        Instant committedAt,
        Duration duration,
        long[] recordTimestampsMs,
        Map<Integer, Long> offsets) {}
