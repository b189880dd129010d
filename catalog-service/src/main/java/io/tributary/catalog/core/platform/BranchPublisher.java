package io.tributary.catalog.core.platform;

import io.tributary.catalog.core.iceberg.TributaryCatalog;
import java.util.List;
import java.util.Objects;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CherrypickAncestorCommitException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;

/**
 * Write-audit-publish: moves one snapshot of a branch (the audit branch the lake writer commits to) to main, so readers
 * of main see it. When main's head is the snapshot's parent, main is fast-forwarded to it; otherwise (an earlier
 * snapshot of the branch was not published) its files are cherry-picked onto main as a new snapshot, whose summary
 * names it in {@code source-snapshot-id}. Publishing again answers what main holds and commits nothing. Every commit is
 * an ordinary one through the catalog, under the table's commit lock, so its events and index follow as for any other.
 */
public final class BranchPublisher {

    /** Attempts when main moves between reading the table and committing to it. */
    static final int ATTEMPTS = 5;

    private final TributaryCatalog catalog;

    public BranchPublisher(TributaryCatalog catalog) {
        this.catalog = catalog;
    }

    /** How a snapshot reached main. */
    public enum Mode {
        FAST_FORWARD("fast-forward"),
        CHERRY_PICK("cherry-pick"),
        ALREADY_PUBLISHED("already-published");

        private final String wireName;

        Mode(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /**
     * @param mainSnapshotId the snapshot of main that carries the published one: itself, or its cherry-pick
     */
    public record Published(String branch, long snapshotId, long mainSnapshotId, Mode mode) {}

    /** Why a snapshot cannot be published; nothing was committed. */
    public static final class PublishRefusedException extends RuntimeException {

        /** What is wrong: the answer's status follows from it. */
        public enum Reason {
            /** The request names main itself, which is what a branch is published to. */
            INVALID_BRANCH,
            NO_SUCH_BRANCH,
            NO_SUCH_SNAPSHOT,
            NOT_AN_APPEND,
            /** main kept moving, or it no longer accepts the snapshot. */
            CONFLICT
        }

        private final Reason reason;

        PublishRefusedException(Reason reason, String message) {
            super(message);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    /**
     * Publishes snapshot {@code snapshotId} of {@code branch} to main.
     *
     * @throws org.apache.iceberg.exceptions.NoSuchTableException when the table does not exist
     * @throws PublishRefusedException when the branch or snapshot is unknown, the snapshot is no append, or main
     *     changed under every attempt
     */
    public Published publish(TableIdentifier id, String branch, long snapshotId) {
        if (SnapshotRef.MAIN_BRANCH.equals(branch)) {
            throw new PublishRefusedException(
                    PublishRefusedException.Reason.INVALID_BRANCH,
                    "Snapshots are published from another branch to main, not from main itself.");
        }
        Table table = catalog.loadTable(id);
        TableOperations ops = ((HasTableOperations) table).operations();
        return catalog.committing(List.of(id), () -> {
            RuntimeException lastConflict = null;
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                TableMetadata base = ops.refresh();
                Snapshot snapshot = snapshotOf(id, base, branch, snapshotId);
                Snapshot holder = holderOnMain(base, snapshotId);
                if (holder != null) {
                    return new Published(branch, snapshotId, holder.snapshotId(), Mode.ALREADY_PUBLISHED);
                }
                if (!DataOperations.APPEND.equals(snapshot.operation())) {
                    throw new PublishRefusedException(
                            PublishRefusedException.Reason.NOT_AN_APPEND,
                            "Snapshot " + snapshotId + " is " + article(snapshot.operation())
                                    + "; only appends can be published.");
                }
                try {
                    Snapshot main = base.currentSnapshot();
                    if (Objects.equals(main == null ? null : main.snapshotId(), snapshot.parentId())) {
                        // Checked against exactly this base: a main that moved meanwhile fails the commit, never
                        // loses its new snapshot.
                        ops.commit(
                                base,
                                TableMetadata.buildFrom(base)
                                        .setBranchSnapshot(snapshotId, SnapshotRef.MAIN_BRANCH)
                                        .build());
                        return new Published(branch, snapshotId, snapshotId, Mode.FAST_FORWARD);
                    }
                    // Iceberg's cherry-pick re-checks on each of its retries that main does not hold it yet.
                    table.manageSnapshots().cherrypick(snapshotId).commit();
                    Snapshot picked = holderOnMain(ops.refresh(), snapshotId);
                    if (picked == null) {
                        throw new CommitFailedException("snapshot %s is not on main after the commit", snapshotId);
                    }
                    Mode mode = picked.snapshotId() == snapshotId ? Mode.FAST_FORWARD : Mode.CHERRY_PICK;
                    return new Published(branch, snapshotId, picked.snapshotId(), mode);
                } catch (CherrypickAncestorCommitException e) {
                    lastConflict = e; // published concurrently: the next attempt answers so
                } catch (CommitFailedException e) {
                    lastConflict = e;
                } catch (ValidationException e) {
                    throw new PublishRefusedException(
                            PublishRefusedException.Reason.CONFLICT,
                            "Snapshot " + snapshotId + " cannot be published to main: " + e.getMessage());
                }
            }
            throw new PublishRefusedException(
                    PublishRefusedException.Reason.CONFLICT,
                    "main of " + id + " changed during each of " + ATTEMPTS + " attempts to publish snapshot "
                            + snapshotId + "; retry. Last: " + lastConflict.getMessage());
        });
    }

    /** The snapshot, which must be on the branch's history. */
    private static Snapshot snapshotOf(TableIdentifier id, TableMetadata base, String branch, long snapshotId) {
        SnapshotRef ref = base.ref(branch);
        if (ref == null || !ref.isBranch()) {
            throw new PublishRefusedException(
                    PublishRefusedException.Reason.NO_SUCH_BRANCH, "Table " + id + " has no branch '" + branch + "'.");
        }
        for (Snapshot s = base.snapshot(ref.snapshotId()); s != null; s = parent(base, s)) {
            if (s.snapshotId() == snapshotId) {
                return s;
            }
        }
        throw new PublishRefusedException(
                PublishRefusedException.Reason.NO_SUCH_SNAPSHOT,
                base.snapshot(snapshotId) == null
                        ? "Table " + id + " has no snapshot " + snapshotId + "."
                        : "Snapshot " + snapshotId + " of " + id + " is not on branch '" + branch + "'.");
    }

    /** The snapshot of main's history that is {@code snapshotId} or was cherry-picked from it; null if none. */
    static Snapshot holderOnMain(TableMetadata base, long snapshotId) {
        String source = Long.toString(snapshotId);
        for (Snapshot s = base.currentSnapshot(); s != null; s = parent(base, s)) {
            if (s.snapshotId() == snapshotId
                    || (s.summary() != null
                            && source.equals(s.summary().get(SnapshotSummary.SOURCE_SNAPSHOT_ID_PROP)))) {
                return s;
            }
        }
        return null;
    }

    private static Snapshot parent(TableMetadata base, Snapshot snapshot) {
        // A parent removed by snapshot expiry ends the walk.
        return snapshot.parentId() == null ? null : base.snapshot(snapshot.parentId());
    }

    private static String article(String operation) {
        if (operation == null) {
            return "no known operation";
        }
        return (operation.matches("[aeiou].*") ? "an " : "a ") + operation;
    }
}
