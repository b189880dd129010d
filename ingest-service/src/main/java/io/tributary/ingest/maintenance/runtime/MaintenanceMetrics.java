package io.tributary.ingest.maintenance.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tributary.ingest.maintenance.ActionResult;
import io.tributary.ingest.maintenance.MaintenanceReport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * The maintenance meters, tagged by table: {@code tributary_maintenance_runs_total{action, outcome}},
 * {@code tributary_maintenance_duration_seconds{action}}, {@code tributary_maintenance_snapshots_expired_total},
 * {@code tributary_maintenance_files_rewritten_total}, {@code tributary_maintenance_files_added_total},
 * {@code tributary_maintenance_manifests_rewritten_total} and {@code tributary_maintenance_orphans_removed_total}.
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

    public void record(MaintenanceReport report) {
        String table = report.table().toString();
        for (ActionResult result : report.actions()) {
            String action = result.action().wireName();
            Counter.builder("tributary.maintenance.runs")
                    .description("Maintenance actions run, by outcome (done, skipped, failed)")
                    .tags(
                            "table",
                            table,
                            "action",
                            action,
                            "outcome",
                            result.outcome().wireName())
                    .register(registry)
                    .increment();
            Timer.builder("tributary.maintenance.duration")
                    .description("Time one maintenance action took")
                    .tags("table", table, "action", action)
                    .register(registry)
                    .record(result.duration());
            result.figures().forEach((figure, value) -> {
                String[] counter = COUNTERS.get(figure);
                if (counter != null) {
                    Counter.builder(counter[0])
                            .description(counter[1])
                            .tag("table", table)
                            .register(registry)
                            .increment(value);
                }
            });
        }
    }
}
