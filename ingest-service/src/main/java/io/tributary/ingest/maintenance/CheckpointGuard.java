package io.tributary.ingest.maintenance;

import io.tributary.ingest.writer.Checkpoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.TableMetadata;

/**
 * The snapshots the lake writer resumes from. On every branch the writer finds its checkpoint by walking back from
 * the head past snapshots without one ({@link Checkpoint#latest}); expiring that snapshot, or anything between it and
 * the head, would make it read its topic from the start again. So nothing at or after the oldest of those snapshots
 * may expire.
 */
public final class CheckpointGuard {

    private CheckpointGuard() {}

    /** The snapshot ids holding each branch's latest writer checkpoint, main first. */
    public static List<Long> checkpointSnapshots(TableMetadata table) {
        List<Long> found = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (Snapshot head : branchHeads(table)) {
            for (Snapshot snapshot = head; snapshot != null; snapshot = parent(table, snapshot)) {
                Map<String, String> summary = snapshot.summary();
                if (summary != null && summary.containsKey(Checkpoint.OFFSETS)) {
                    if (seen.add(snapshot.snapshotId())) {
                        found.add(snapshot.snapshotId());
                    }
                    break;
                }
            }
        }
        return found;
    }

    /**
     * The timestamp from which every snapshot must be kept: the oldest of the branches' checkpoint snapshots; empty
     * when the writer never committed to the table.
     */
    public static OptionalLong protectedFrom(TableMetadata table) {
        return checkpointSnapshots(table).stream()
                .mapToLong(id -> table.snapshot(id).timestampMillis())
                .min();
    }

    private static List<Snapshot> branchHeads(TableMetadata table) {
        List<Snapshot> heads = new ArrayList<>();
        if (table.currentSnapshot() != null) {
            heads.add(table.currentSnapshot());
        }
        table.refs().forEach((name, ref) -> {
            if (ref.isBranch() && !SnapshotRef.MAIN_BRANCH.equals(name)) {
                Snapshot head = table.snapshot(ref.snapshotId());
                if (head != null) {
                    heads.add(head);
                }
            }
        });
        return heads;
    }

    private static Snapshot parent(TableMetadata table, Snapshot snapshot) {
        return snapshot.parentId() == null ? null : table.snapshot(snapshot.parentId());
    }
}
