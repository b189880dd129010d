package io.tributary.governance.core.quality;

import io.tributary.governance.core.lake.SnapshotCommitted;
import java.util.List;

/**
 * Every rule's result on one snapshot.
 *
 * @param newRowsAfter  the snapshot after which rows counted as new (null: the snapshot's own rows)
 * @param newRowsExact  false when the new rows could not be told apart, so row rules checked the whole table
 */
public record SnapshotVerdict(
        SnapshotCommitted snapshot, Long newRowsAfter, boolean newRowsExact, List<QualityResult> results) {

    public SnapshotVerdict {
        results = List.copyOf(results);
    }

    /** No rule applied (no rules, or no new rows). */
    public boolean empty() {
        return results.isEmpty();
    }

    /** Whether a {@code block} rule failed or errored: the snapshot must not be published. */
    public boolean blocked() {
        return results.stream().anyMatch(QualityResult::blocks);
    }

    public long count(QualityResult.Status status) {
        return results.stream().filter(r -> r.status() == status).count();
    }
}
