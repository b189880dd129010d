package io.tributary.ingest.maintenance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.jboss.logging.Logger;

/**
 * The platform's maintenance of a whole catalog: every table of every namespace, one after the other, each with what
 * its policy says is due. A table that fails is logged once (again only when its failure changes) and tried again at
 * the next pass; it never stops the others.
 *
 * <p>A table whose last run found nothing to do, and to which nothing was committed since ({@link QuietTables}), is
 * left alone without being loaded until its snapshots can expire by age, its orphans are due, or
 * {@code idleTableInterval} has passed (a policy set in its properties takes effect by then).
 */
public final class CatalogMaintenance {

    private static final Logger LOG = Logger.getLogger(CatalogMaintenance.class);

    /** What a pass came to. */
    public record Pass(int tables, int quiet, int failed, Duration duration) {}

    private final Catalog catalog;
    private final MaintenancePolicy defaults;
    private final Duration orphanInterval;
    private final Duration idleTableInterval;
    private final QuietTables quiet;
    private final Clock clock;
    private final TableMaintenance maintenance;
    private final Consumer<MaintenanceReport> reports;
    private final Map<TableIdentifier, Instant> orphansRemovedAt = new ConcurrentHashMap<>();
    private final Map<TableIdentifier, String> lastFailure = new ConcurrentHashMap<>();

    /**
     * @param orphanInterval how often one table's location is listed for orphans: listing a table's storage is the
     *     costliest step, and orphans only come from failures
     * @param idleTableInterval how often a table nothing was committed to is looked at all the same
     * @param quiet the tables changed since their last run, as the catalog's events tell
     * @param reports told of every table's run, for metrics
     */
    public CatalogMaintenance(
            Catalog catalog,
            MaintenancePolicy defaults,
            Duration orphanInterval,
            Duration idleTableInterval,
            QuietTables quiet,
            Clock clock,
            Consumer<MaintenanceReport> reports) {
        this.catalog = catalog;
        this.defaults = defaults;
        this.orphanInterval = orphanInterval;
        this.idleTableInterval = idleTableInterval;
        this.quiet = quiet;
        this.clock = clock;
        this.maintenance = new TableMaintenance(clock);
        this.reports = reports;
    }

    /** One pass over every table; stops between tables once {@code stopping} says so. */
    public Pass runOnce(BooleanSupplier stopping) {
        long started = System.nanoTime();
        int tables = 0;
        int quietTables = 0;
        int failed = 0;
        for (TableIdentifier id : tables()) {
            if (stopping.getAsBoolean()) {
                break;
            }
            tables++;
            if (!orphansDue(id, clock.instant()) && quiet.isQuiet(id, clock.instant())) {
                quietTables++;
                continue;
            }
            if (!maintain(id)) {
                failed++;
            }
        }
        return new Pass(tables, quietTables, failed, Duration.ofNanos(System.nanoTime() - started));
    }

    private boolean orphansDue(TableIdentifier id, Instant now) {
        Instant lastOrphans = orphansRemovedAt.get(id);
        return lastOrphans == null || !lastOrphans.plus(orphanInterval).isAfter(now);
    }

    /** Maintains one table as its policy says; false when it failed. */
    boolean maintain(TableIdentifier id) {
        QuietTables.Mark mark = quiet.mark(id);
        quiet.due(id);
        try {
            Table table;
            try {
                table = catalog.loadTable(id);
            } catch (NoSuchTableException e) {
                return true; // dropped since it was listed
            }
            Instant now = clock.instant();
            if (!MaintenancePolicy.enabledFor(table.properties())) {
                quiet.quiet(id, mark, now.plus(idleTableInterval));
                return true;
            }
            Set<MaintenanceAction> due = EnumSet.of(
                    MaintenanceAction.COMPACT, MaintenanceAction.REWRITE_MANIFESTS, MaintenanceAction.EXPIRE_SNAPSHOTS);
            if (orphansDue(id, now)) {
                due.add(MaintenanceAction.REMOVE_ORPHANS);
            }
            MaintenancePolicy policy = defaults.forTable(table.properties());
            MaintenanceReport report = maintenance.run(id, table, policy, due);
            reports.accept(report);
            LOG.debugf("Maintenance of %s: %s", id, report.summary());
            if (report.result(MaintenanceAction.REMOVE_ORPHANS)
                    .filter(r -> r.outcome() != ActionResult.Outcome.FAILED)
                    .isPresent()) {
                orphansRemovedAt.put(id, now);
            }
            if (report.failed()) {
                failed(id, report.failure().orElse("failed"));
                return false;
            }
            recovered(id);
            if (nothingDone(report)) {
                Instant until = expiryDue(table, policy).orElse(Instant.MAX);
                Instant idle = now.plus(idleTableInterval);
                quiet.quiet(id, mark, until.isBefore(idle) ? until : idle);
            }
            return true;
        } catch (RuntimeException e) {
            failed(id, TableMaintenance.describe(e));
            return false;
        }
    }

    /** Compaction, manifest rewrite and expiry all found nothing due: the next pass would find the same. */
    private static boolean nothingDone(MaintenanceReport report) {
        return report.actions().stream()
                .filter(a -> a.action() != MaintenanceAction.REMOVE_ORPHANS)
                .allMatch(a -> a.outcome() == ActionResult.Outcome.SKIPPED);
    }

    /**
     * When a snapshot of the table's metadata, as its run last read it, becomes old enough to expire: the oldest
     * snapshot's time plus the policy's age, when the table holds more snapshots than the policy keeps anyway.
     */
    static Optional<Instant> expiryDue(Table table, MaintenancePolicy policy) {
        TableMetadata metadata =
                table instanceof HasTableOperations ops ? ops.operations().current() : null;
        if (metadata == null) {
            return Optional.of(Instant.EPOCH);
        }
        if (metadata.snapshots().size() <= policy.minSnapshotsToKeep()) {
            return Optional.empty();
        }
        long oldest = metadata.snapshots().stream()
                .mapToLong(Snapshot::timestampMillis)
                .min()
                .orElse(0L);
        return Optional.of(Instant.ofEpochMilli(oldest).plus(policy.maxSnapshotAge()));
    }

    private void failed(TableIdentifier id, String why) {
        String previous = lastFailure.put(id, why);
        if (why.equals(previous)) {
            LOG.debugf("Maintenance of %s failed again: %s", id, why);
        } else {
            LOG.warnf("Maintenance of %s failed: %s; it is tried again at the next run", id, why);
        }
    }

    private void recovered(TableIdentifier id) {
        if (lastFailure.remove(id) != null) {
            LOG.infof("Maintenance of %s succeeded again", id);
        }
    }

    /** Every table of every namespace, nested ones included where the catalog has them. */
    List<TableIdentifier> tables() {
        List<TableIdentifier> tables = new ArrayList<>();
        if (!(catalog instanceof SupportsNamespaces namespaces)) {
            return tables;
        }
        List<Namespace> pending = new ArrayList<>(namespaces.listNamespaces(Namespace.empty()));
        List<Namespace> seen = new ArrayList<>();
        while (!pending.isEmpty()) {
            Namespace namespace = pending.remove(0);
            if (seen.contains(namespace)) {
                continue;
            }
            seen.add(namespace);
            try {
                tables.addAll(catalog.listTables(namespace));
            } catch (NoSuchNamespaceException e) {
                continue; // dropped since it was listed
            }
            try {
                pending.addAll(namespaces.listNamespaces(namespace));
            } catch (RuntimeException e) {
                // a catalog without nested namespaces
            }
        }
        return tables;
    }
}
