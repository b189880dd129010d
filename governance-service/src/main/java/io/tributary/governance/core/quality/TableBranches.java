package io.tributary.governance.core.quality;

import io.tributary.governance.core.TableRef;
import java.util.Optional;

/**
 * Write-audit-publish in the catalog: which branch a table's writer lands records on, and publishing a snapshot of
 * that branch to {@code main}, the ref every reader reads. Calls throw
 * {@link io.tributary.governance.core.CatalogUnavailableException} when the catalog cannot answer.
 */
public interface TableBranches {

    /** The table's audit branch; empty when its records go straight to {@code main} (or the table is gone). */
    Optional<String> auditBranch(TableRef table);

    /** Makes the table's writer land records on {@code branch} from its next commit on. */
    void useAuditBranch(TableRef table, String branch);

    /**
     * Puts the branch's snapshot on {@code main}: a fast-forward, a cherry-pick, or nothing when it is there already.
     * A call the catalog will never take (the table or snapshot is gone) answers mode {@code refused: <why>}.
     */
    Published publish(TableRef table, String branch, long snapshotId);

    /** @param mode {@code fast-forward}, {@code cherry-pick}, {@code already-published} or {@code refused: ...} */
    record Published(long snapshotId, long mainSnapshotId, String mode) {}
}
