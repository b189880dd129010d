package io.tributary.governance.core.lake;

/**
 * Work that follows new data: each committed snapshot is handed to every listener once per consumer group, in commit
 * order per table. A listener that throws has the snapshot handed to it again later; listeners must be idempotent.
 */
public interface SnapshotListener {

    /** A short name for logs and metrics, such as {@code quality} or {@code pii}. */
    String name();

    void committed(SnapshotCommitted snapshot) throws Exception;
}
