package io.tributary.ingest.maintenance;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Runs maintenance actions on one table, in {@link MaintenanceAction} order, each an ordinary commit through the
 * table's catalog. An action that fails is reported as failed and the next still runs: a compaction that lost to a
 * concurrent delete does not hold up expiry.
 */
public final class TableMaintenance {

    private final SnapshotExpiry expiry;
    private final OrphanFiles orphans;

    public TableMaintenance(Clock clock) {
        this.expiry = new SnapshotExpiry(clock);
        this.orphans = new OrphanFiles(clock);
    }

    public MaintenanceReport run(
            TableIdentifier id, Table table, MaintenancePolicy policy, Set<MaintenanceAction> actions) {
        long started = System.nanoTime();
        List<ActionResult> results = new ArrayList<>();
        for (MaintenanceAction action : MaintenanceAction.values()) {
            if (!actions.contains(action)) {
                continue;
            }
            long actionStarted = System.nanoTime();
            Step step;
            try {
                step = switch (action) {
                    case COMPACT -> Compaction.run(table, policy);
                    case REWRITE_MANIFESTS -> ManifestRewrite.run(table, policy);
                    case EXPIRE_SNAPSHOTS -> expiry.run(table, policy);
                    case REMOVE_ORPHANS -> orphans.run(table, policy);
                };
            } catch (RuntimeException e) {
                step = Step.failed(describe(e), new LinkedHashMap<>());
            }
            results.add(new ActionResult(
                    action,
                    step.outcome(),
                    step.detail(),
                    Duration.ofNanos(System.nanoTime() - actionStarted),
                    step.figures()));
        }
        return new MaintenanceReport(id, results, Duration.ofNanos(System.nanoTime() - started));
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
