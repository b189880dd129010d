package io.tributary.catalog.core.iceberg;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.contracts.iceberg.WriterView;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotParser;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.util.JsonUtil;

/**
 * The lake writer's view of a table's metadata ({@link WriterView}): the snapshots every branch and tag names, and
 * each branch head's ancestors back to the first one carrying a writer checkpoint. That is exactly what the writer
 * reads to find where to resume (the newest checkpoint of each branch, walking back past snapshots other engines and
 * the platform's maintenance committed); anything older it never needs, and on a table committed every second it is
 * thousands of snapshots.
 */
public final class WriterViews {

    private WriterViews() {}

    /**
     * The metadata JSON of the view, or empty when the view is the whole metadata. Built as the answer of a
     * {@code snapshots=refs} load (Iceberg's own suppression of the snapshots no ref names), with the snapshots of each
     * branch's history back to its checkpoint added to it: removing thousands of snapshots one by one through Iceberg's
     * metadata builder took a quarter of a second at 10,000 snapshots.
     */
    public static Optional<String> json(TableMetadata full) {
        Set<Long> keep = snapshotIds(full);
        if (keep.size() >= full.snapshots().size()) {
            return Optional.empty();
        }
        TableMetadata refs =
                TableMetadata.buildFrom(full).suppressHistoricalSnapshots().build();
        Set<Long> present = new HashSet<>();
        refs.snapshots().forEach(snapshot -> present.add(snapshot.snapshotId()));
        String json = TableMetadataParser.toJson(refs);
        List<Snapshot> history = new ArrayList<>();
        for (Long id : keep) {
            if (!present.contains(id)) {
                history.add(full.snapshot(id));
            }
        }
        if (history.isEmpty()) {
            return Optional.of(json);
        }
        try {
            ObjectNode metadata = (ObjectNode) JsonUtil.mapper().readTree(json);
            ArrayNode snapshots = metadata.withArray("snapshots");
            for (Snapshot snapshot : history) {
                snapshots.add(JsonUtil.mapper().readTree(SnapshotParser.toJson(snapshot)));
            }
            return Optional.of(JsonUtil.mapper().writeValueAsString(metadata));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Cannot write the writer's view of " + full.location(), e);
        }
    }

    /** The snapshots of the view: ref heads, and each branch head's history back to its first checkpoint. */
    static Set<Long> snapshotIds(TableMetadata full) {
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
        return keep;
    }

    private static boolean carriesCheckpoint(Snapshot snapshot) {
        return snapshot.summary() != null && snapshot.summary().containsKey(WriterView.OFFSETS);
    }
}
