package io.tributary.ingest.maintenance;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.io.FileIO;

/**
 * Expires snapshots older than the policy's age beyond the newest ones each branch keeps, and deletes the files only
 * they referenced (Iceberg's {@code expireSnapshots()}). The age is capped at the writer's checkpoints
 * ({@link CheckpointGuard}); branch and tag heads are never expired.
 */
final class SnapshotExpiry {

    private final Clock clock;

    SnapshotExpiry(Clock clock) {
        this.clock = clock;
    }

    /** The outcome and figures; throws when the commit or the catalog fails. */
    Step run(Table table, MaintenancePolicy policy) {
        TableMetadata metadata = ((HasTableOperations) table).operations().refresh();
        Map<String, Long> figures = new LinkedHashMap<>();
        int before = metadata.snapshots().size();
        figures.put(ActionResult.SNAPSHOTS_BEFORE, (long) before);
        if (!gcEnabled(metadata)) {
            return Step.skipped(TableProperties.GC_ENABLED + " is false: the table's files may be shared", figures);
        }
        String ownRetention = ownRetention(metadata);
        if (ownRetention != null) {
            return Step.skipped(ownRetention + ", which could expire the writer's checkpoint", figures);
        }
        long now = clock.millis();
        long cutoff = now - policy.maxSnapshotAge().toMillis();
        OptionalLong guard = CheckpointGuard.protectedFrom(metadata);
        if (guard.isPresent() && guard.getAsLong() < cutoff) {
            cutoff = guard.getAsLong();
        }
        long olderThan = cutoff;
        long candidates = metadata.snapshots().stream()
                .filter(s -> s.timestampMillis() < olderThan)
                .count();
        if (candidates == 0 || before <= policy.minSnapshotsToKeep()) {
            return Step.skipped(
                    "no snapshot older than " + Instant.ofEpochMilli(cutoff) + " beyond the "
                            + policy.minSnapshotsToKeep() + " kept",
                    figures);
        }
        FileIO io = table.io();
        AtomicLong deleted = new AtomicLong();
        table.expireSnapshots()
                .expireOlderThan(olderThan)
                .retainLast(policy.minSnapshotsToKeep())
                .cleanExpiredFiles(true)
                .deleteWith(path -> {
                    io.deleteFile(path);
                    deleted.incrementAndGet();
                })
                .commit();
        TableMetadata after = ((HasTableOperations) table).operations().refresh();
        List<Long> kept = CheckpointGuard.checkpointSnapshots(metadata);
        for (Long id : kept) {
            if (after.snapshot(id) == null) {
                // Cannot happen with the cut-off above; said loudly should a ref's own retention ever allow it.
                throw new IllegalStateException("checkpoint snapshot " + id + " was expired");
            }
        }
        long expired = metadata.snapshots().stream()
                .filter(s -> after.snapshot(s.snapshotId()) == null)
                .count();
        figures.put(ActionResult.SNAPSHOTS_EXPIRED, expired);
        figures.put(ActionResult.SNAPSHOTS_AFTER, (long) after.snapshots().size());
        figures.put(ActionResult.FILES_DELETED, deleted.get());
        return Step.done("expired snapshots older than " + Instant.ofEpochMilli(cutoff), figures);
    }

    private static boolean gcEnabled(TableMetadata metadata) {
        return !"false"
                .equalsIgnoreCase(metadata.properties()
                        .getOrDefault(TableProperties.GC_ENABLED, "true")
                        .trim());
    }

    /**
     * A ref's own retention overrides the age given to Iceberg: a branch or tag that expires by age, or a branch with
     * its own snapshot age. Such a table is left alone rather than risk the checkpoint.
     */
    private static String ownRetention(TableMetadata metadata) {
        if (metadata.properties().containsKey(TableProperties.MAX_REF_AGE_MS)) {
            return "the table sets " + TableProperties.MAX_REF_AGE_MS;
        }
        for (Map.Entry<String, SnapshotRef> ref : metadata.refs().entrySet()) {
            if (ref.getValue().maxRefAgeMs() != null || ref.getValue().maxSnapshotAgeMs() != null) {
                return "ref '" + ref.getKey() + "' has its own retention";
            }
        }
        return null;
    }
}
