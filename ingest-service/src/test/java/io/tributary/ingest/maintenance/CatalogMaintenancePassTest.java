package io.tributary.ingest.maintenance;

import static io.tributary.ingest.maintenance.LocalTables.row;
import static io.tributary.ingest.maintenance.LocalTables.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.ingest.testing.MovableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Passes over a catalog of real tables: a table nothing was committed to, with nothing due, is left alone (not
 * loaded, no run reported) until a change is heard, its snapshots can expire, its orphans are due or the idle
 * interval has passed.
 */
class CatalogMaintenancePassTest {

    private static final MaintenancePolicy POLICY =
            new MaintenancePolicy(Duration.ofHours(1), 1, 128L * 1024 * 1024, 0.75, 5, 2000, 50, Duration.ofHours(24));
    private static final TableIdentifier ORDERS = TableIdentifier.of("shop", "orders");
    private static final TableIdentifier RETURNS = TableIdentifier.of("shop", "returns");

    @TempDir
    Path warehouse;

    private LocalTables tables;
    private final MovableClock clock = new MovableClock(Instant.now());
    private final QuietTables quiet = new QuietTables();
    private final List<MaintenanceReport> reports = new ArrayList<>();

    @BeforeEach
    void setUp() {
        tables = new LocalTables(warehouse);
        quiet.followed(true);
    }

    private CatalogMaintenance maintenance(Duration orphanInterval, Duration idleInterval) {
        return new CatalogMaintenance(tables.catalog, POLICY, orphanInterval, idleInterval, quiet, clock, reports::add);
    }

    /** Two appends: too few small files to compact, nothing old enough to expire. */
    private Table tableWithTwoSnapshots(String name) {
        Table table = tables.create(name);
        tables.writerAppend(table, write(table, List.of(row(1, "d1"))));
        tables.writerAppend(table, write(table, List.of(row(2, "d1"))));
        return table;
    }

    private List<String> reported() {
        List<String> names =
                reports.stream().map(r -> r.table().name()).sorted().toList();
        reports.clear();
        return names;
    }

    @Test
    void aTableWithNothingDueIsLeftAloneUntilItChanges() {
        tableWithTwoSnapshots("orders");
        tableWithTwoSnapshots("returns");
        CatalogMaintenance maintenance = maintenance(Duration.ofHours(24), Duration.ofHours(1));

        CatalogMaintenance.Pass first = maintenance.runOnce(() -> false);
        assertThat(first.tables()).isEqualTo(2);
        assertThat(first.quiet()).isZero();
        assertThat(reported()).containsExactly("orders", "returns");

        clock.advance(Duration.ofMinutes(10));
        CatalogMaintenance.Pass second = maintenance.runOnce(() -> false);
        assertThat(second.tables()).isEqualTo(2);
        assertThat(second.quiet()).isEqualTo(2);
        assertThat(reported()).isEmpty();

        quiet.changed(ORDERS);
        clock.advance(Duration.ofMinutes(10));
        CatalogMaintenance.Pass third = maintenance.runOnce(() -> false);
        assertThat(third.quiet()).isEqualTo(1);
        assertThat(reported()).containsExactly("orders");
    }

    @Test
    void aQuietTableIsMaintainedOnceItsSnapshotsCanExpire() {
        Table orders = tableWithTwoSnapshots("orders");
        CatalogMaintenance maintenance = maintenance(Duration.ofHours(24), Duration.ofHours(6));
        maintenance.runOnce(() -> false);
        reported();

        clock.advance(Duration.ofMinutes(50));
        assertThat(maintenance.runOnce(() -> false).quiet()).isEqualTo(1);
        assertThat(reported()).isEmpty();

        clock.advance(Duration.ofMinutes(20)); // the older snapshot is now past the hour the policy keeps
        assertThat(maintenance.runOnce(() -> false).quiet()).isZero();
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0)
                        .result(MaintenanceAction.EXPIRE_SNAPSHOTS)
                        .orElseThrow()
                        .outcome())
                .isEqualTo(ActionResult.Outcome.DONE);
        orders.refresh();
        assertThat(orders.snapshots()).hasSize(1);
    }

    @Test
    void aQuietTableIsLookedAtAgainAfterTheIdleInterval() {
        tables.create("orders"); // no snapshot: nothing ever expires by age
        CatalogMaintenance maintenance = maintenance(Duration.ofHours(24), Duration.ofHours(1));
        maintenance.runOnce(() -> false);
        reported();

        clock.advance(Duration.ofMinutes(59));
        assertThat(maintenance.runOnce(() -> false).quiet()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(2));
        assertThat(maintenance.runOnce(() -> false).quiet()).isZero();
        assertThat(reported()).containsExactly("orders");
    }

    @Test
    void orphansDueMakeAQuietTableMaintained() {
        tables.create("orders");
        CatalogMaintenance maintenance = maintenance(Duration.ofHours(2), Duration.ofHours(48));
        maintenance.runOnce(() -> false);
        reported();

        clock.advance(Duration.ofHours(1));
        assertThat(maintenance.runOnce(() -> false).quiet()).isEqualTo(1);
        clock.advance(Duration.ofHours(1));
        assertThat(maintenance.runOnce(() -> false).quiet()).isZero();
        MaintenanceReport report = reports.get(0);
        assertThat(report.result(MaintenanceAction.REMOVE_ORPHANS)).isPresent();
    }

    @Test
    void noTableIsQuietWhileChangesAreNotHeardOrAfterTheyMayHaveBeenMissed() {
        tableWithTwoSnapshots("orders");
        CatalogMaintenance maintenance = maintenance(Duration.ofHours(24), Duration.ofHours(1));
        maintenance.runOnce(() -> false);

        quiet.followed(false);
        assertThat(maintenance.runOnce(() -> false).quiet()).isZero();
        assertThat(maintenance.runOnce(() -> false).quiet()).isZero();

        quiet.followed(true); // reconnected: what was quiet before may have changed meanwhile
        assertThat(maintenance.runOnce(() -> false).quiet()).isZero();
        assertThat(maintenance.runOnce(() -> false).quiet()).isEqualTo(1);
    }

    @Test
    void aTableThatNeededWorkIsLookedAtAgainOnTheNextPass() {
        Table orders = tables.create("orders");
        for (int i = 0; i < 5; i++) {
            tables.writerAppend(orders, write(orders, List.of(row(i, "d1"))));
        }
        CatalogMaintenance maintenance = maintenance(Duration.ofHours(24), Duration.ofHours(1));
        maintenance.runOnce(() -> false);
        assertThat(reports.get(0)
                        .result(MaintenanceAction.COMPACT)
                        .orElseThrow()
                        .outcome())
                .isEqualTo(ActionResult.Outcome.DONE);
        reported();

        assertThat(maintenance.runOnce(() -> false).quiet()).isZero();
        assertThat(reported()).containsExactly("orders");
    }

    @Test
    void aChangeHeardWhileATableIsMaintainedIsNotLost() {
        QuietTables.Mark mark = quiet.mark(RETURNS);
        quiet.changed(RETURNS); // a commit lands while the run that began at the mark is going on
        quiet.quiet(RETURNS, mark, clock.instant().plus(Duration.ofHours(1)));
        assertThat(quiet.isQuiet(RETURNS, clock.instant())).isFalse();

        QuietTables.Mark after = quiet.mark(RETURNS);
        quiet.quiet(RETURNS, after, clock.instant().plus(Duration.ofHours(1)));
        assertThat(quiet.isQuiet(RETURNS, clock.instant())).isTrue();
        assertThat(quiet.isQuiet(RETURNS, clock.instant().plus(Duration.ofHours(1))))
                .isFalse();
    }
}
