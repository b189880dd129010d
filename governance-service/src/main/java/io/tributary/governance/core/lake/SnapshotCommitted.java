package io.tributary.governance.core.lake;

import io.tributary.governance.core.TableRef;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot the catalog committed to a table, as its {@code snapshot.committed} event tells it.
 *
 * @param branch        the ref the snapshot was committed to ({@code main} unless the writer commits to a branch)
 * @param parentId      the snapshot it follows, null for a table's first
 * @param operation     Iceberg's operation: {@code append}, {@code overwrite}, {@code replace} or {@code delete}
 * @param addedRecords  the rows it added, from its summary; -1 when the summary does not say
 */
public record SnapshotCommitted(
        TableRef table,
        long snapshotId,
        Long parentId,
        String branch,
        String operation,
        long addedRecords,
        Instant committedAt,
        Map<String, String> summary) {

    public SnapshotCommitted {
        Objects.requireNonNull(table, "table");
        branch = branch == null || branch.isEmpty() ? "main" : branch;
        summary = summary == null ? Map.of() : Map.copyOf(summary);
    }

    /** Whether the snapshot brought new rows to look at. */
    public boolean addedRows() {
        return addedRecords != 0 && !"delete".equals(operation);
    }
}
