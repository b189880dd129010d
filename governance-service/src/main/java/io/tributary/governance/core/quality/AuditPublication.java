package io.tributary.governance.core.quality;

import io.tributary.governance.core.TableRef;
import io.tributary.governance.core.lake.LakeReadsUnavailableException;
import io.tributary.governance.core.lake.SnapshotCommitted;
import io.tributary.governance.core.lake.SnapshotListener;
import java.util.Optional;

/**
 * The publish step of write-audit-publish. A snapshot the writer committed to a table's audit branch is checked
 * against the table's rules (once: the runner stores its verdict) and put on {@code main} unless a {@code block} rule
 * failed. A blocked snapshot stays on the branch only, so nothing acknowledged is lost, and the later snapshots that
 * pass still reach {@code main} (cherry-picked past it).
 */
public final class AuditPublication implements SnapshotListener {

    private static final System.Logger LOG = System.getLogger(AuditPublication.class.getName());

    private final QualityRunner runner;
    private final QualityResultStore results;
    private final TableBranches branches;

    public AuditPublication(QualityRunner runner, QualityResultStore results, TableBranches branches) {
        this.runner = runner;
        this.results = results;
        this.branches = branches;
    }

    /**
     * After the table's rules changed (a steward fixed or removed one): checks the snapshots kept off main again, on
     * their own new rows, and publishes those that pass now, oldest first.
     *
     * @return how many snapshots were published
     */
    public int recheck(TableRef table) throws LakeReadsUnavailableException {
        Optional<String> audit = branches.auditBranch(table);
        if (audit.isEmpty()) {
            return 0;
        }
        int published = 0;
        for (QualityResultStore.Quarantined run : results.quarantined(table, audit.get())) {
            SnapshotVerdict verdict = runner.recheck(run);
            if (!verdict.blocked()
                    && !branches.publish(table, audit.get(), run.snapshot().snapshotId())
                            .mode()
                            .startsWith("refused")) {
                published++;
            }
        }
        return published;
    }

    @Override
    public String name() {
        return "publish";
    }

    @Override
    public void committed(SnapshotCommitted snapshot) throws LakeReadsUnavailableException {
        if ("main".equals(snapshot.branch()) || !snapshot.addedRows()) {
            return;
        }
        Optional<String> audit = branches.auditBranch(snapshot.table());
        if (audit.isEmpty() || !audit.get().equals(snapshot.branch())) {
            // A branch somebody made by hand: not ours to publish.
            return;
        }
        runner.committed(snapshot);
        if (results.blocked(snapshot.table(), snapshot.snapshotId())) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "Snapshot {0} of {1} stays on branch {2}: a blocking quality rule failed",
                    String.valueOf(snapshot.snapshotId()),
                    snapshot.table(),
                    snapshot.branch());
            return;
        }
        TableBranches.Published published =
                branches.publish(snapshot.table(), snapshot.branch(), snapshot.snapshotId());
        if (published.mode().startsWith("refused")) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Snapshot {0} of {1} cannot be published: {2}",
                    String.valueOf(snapshot.snapshotId()),
                    snapshot.table(),
                    published.mode());
            return;
        }
        LOG.log(
                System.Logger.Level.DEBUG,
                "Published snapshot {0} of {1} to main ({2}, main at {3})",
                String.valueOf(snapshot.snapshotId()),
                snapshot.table(),
                published.mode(),
                String.valueOf(published.mainSnapshotId()));
    }
}
