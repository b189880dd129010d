package io.tributary.catalog.core.iceberg;

import io.tributary.contracts.iceberg.WriterView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.TableMetadata;

/**
 * The lake writer's view of a table's metadata ({@link WriterView}): the snapshots every branch and tag names, and
 * each branch head's ancestors back to the first one carrying a writer checkpoint. That is exactly what the writer
 * reads to find where to resume (the newest checkpoint of each branch, walking back past snapshots other engines and
 * the platform's maintenance committed); anything older it never needs, and on a table committed every second it is
 * thousands of snapshots.
 */
public final class WriterViews {

    private WriterViews() {}

    /** The metadata with only the writer's snapshots; {@code full} itself when it holds nothing more. */
    public static TableMetadata of(TableMetadata full) {
        Set<Long> keep = new HashSet<>();
        for (Map.Entry<String, SnapshotRef> ref : full.refs().entrySet()) {
            Snapshot head = full.snapshot(ref.getValue().snapshotId());
            if (head == null) {
                continue;
            }
            keep.add(head.snapshotId());
            if (!ref.getValue().isBranch()) {
                continue;
            }
            for (Snapshot snapshot = head; snapshot != null && !carriesCheckpoint(snapshot); ) {
                Long parent = snapshot.parentId();
                snapshot = parent == null ? null : full.snapshot(parent);
                if (snapshot != null) {
                    keep.add(snapshot.snapshotId());
                }
            }
        }
        List<Long> leftOut = new ArrayList<>();
        for (Snapshot snapshot : full.snapshots()) {
            if (!keep.contains(snapshot.snapshotId())) {
                leftOut.add(snapshot.snapshotId());
            }
        }
        if (leftOut.isEmpty()) {
            return full;
        }
        return TableMetadata.buildFrom(full)
                .setPreviousFileLocation(null)
                .removeSnapshots(leftOut)
                .build();
    }

    private static boolean carriesCheckpoint(Snapshot snapshot) {
        return snapshot.summary() != null && snapshot.summary().containsKey(WriterView.OFFSETS);
    }
}
