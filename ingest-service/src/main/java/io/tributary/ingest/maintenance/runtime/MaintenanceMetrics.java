package io.tributary.ingest.maintenance.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tributary.ingest.maintenance.ActionResult;
import io.tributary.ingest.maintenance.CatalogMaintenance;
import io.tributary.ingest.maintenance.MaintenanceReport;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The maintenance meters. Totals over all tables, so that a catalog of thousands of tables does not make thousands
 * of series: {@code tributary_maintenance_runs_total{action, outcome}}, {@code
 * tributary_maintenance_duration_seconds{action}}, {@code tributary_maintenance_snapshots_expired_total}, {@code
 * tributary_maintenance_files_rewritten_total}, {@code tributary_maintenance_files_added_total}, {@code
 * tributary_maintenance_manifests_rewritten_total} and {@code tributary_maintenance_orphans_removed_total}. A table
 * whose maintenance fails gets its own {@code tributary_maintenance_failures_total{table, action}}. Each pass:
 * {@code tributary_maintenance_pass_seconds} and {@code tributary_maintenance_pass_tables{state}} (maintained, left
 * alone as nothing changed, failed).
 */
@ApplicationScoped
public class MaintenanceMetrics {

    /** Report figure → counter name and description. */
    private static final Map<String, String[]> COUNTERS = Map.of(
            ActionResult.SNAPSHOTS_EXPIRED,
                    new String[] {"tributary.maintenance.snapshots.expired", "Snapshots expired"},
            ActionResult.FILES_REWRITTEN,
                    new String[] {"tributary.maintenance.files.rewritten", "Small data files replaced by compaction"},
            ActionResult.FILES_ADDED, new String[] {"tributary.maintenance.files.added", "Data files compaction wrote"},
            ActionResult.MANIFESTS_REWRITTEN,
                    new String[] {"tributary.maintenance.manifests.rewritten", "Manifests replaced by a rewrite"},
            ActionResult.ORPHANS_REMOVED,
                    new String[] {"tributary.maintenance.orphans.removed", "Unreferenced files deleted"});

    @Inject
    MeterRegistry registry;

    private final AtomicInteger passMaintained = new AtomicInteger();
    private final AtomicInteger passQuiet = new AtomicInteger();
    private final AtomicInteger passFailed = new AtomicInteger();

    @PostConstruct
    void register() {
        gauge("maintained", passMaintained);
        gauge("quiet", passQuiet);
        gauge("failed", passFailed);
    }

    private void gauge(String state, AtomicInteger value) {
        Gauge.builder("tributary.maintenance.pass.tables", value, AtomicInteger::get)
                .description("Tables of the last maintenance pass: maintained, left alone as nothing changed "
                        + "(quiet), or failed")
                .tag("state", state)
                .register(registry);
    }

    public void pass(CatalogMaintenance.Pass pass) {
        passMaintained.set(pass.tables() - pass.quiet() - pass.failed());
        passQuiet.set(pass.quiet());
        passFailed.set(pass.failed());
        Timer.builder("tributary.maintenance.pass")
                .description("Time one maintenance pass over every table took")
                .register(registry)
                .record(pass.duration());
    }

    public void record(MaintenanceReport report) {
        for (ActionResult result : report.actions()) {
            String action = result.action().wireName();
            Counter.builder("tributary.maintenance.runs")
                    .description("Maintenance actions run, by outcome (done, skipped, failed)")
                    .tags("action", action, "outcome", result.outcome().wireName())
                    .register(registry)
                    .increment();
            if (result.outcome() == ActionResult.Outcome.FAILED) {
                Counter.builder("tributary.maintenance.failures")
                        .description("Maintenance actions that failed, by table (tried again at the next pass)")
                        .tags("table", report.table().toString(), "action", action)
                        .register(registry)
                        .increment();
            }
            Timer.builder("tributary.maintenance.duration")
                    .description("Time one maintenance action took")
                    .tags("action", action)
                    .register(registry)
                    .record(result.duration());
            result.figures().forEach((figure, value) -> {
                String[] counter = COUNTERS.get(figure);
                if (counter != null) {
                    Counter.builder(counter[0])
                            .description(counter[1])
                            .register(registry)
                            .increment(value);
                }
            });
        }
    }
}
