package io.tributary.catalog.api.iceberg;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.catalog.core.iceberg.CatalogStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.requests.ReportMetricsRequest;
import org.jboss.logging.Logger;

/**
 * Keeps the scan and commit reports engines send: each is counted in
 * {@code tributary_catalog_iceberg_metrics_reports_total{type}} and stored in {@code iceberg_metrics_reports}.
 */
@ApplicationScoped
public class IcebergMetricsReports {

    private static final Logger LOG = Logger.getLogger(IcebergMetricsReports.class);

    private final CatalogStore store;
    private final MeterRegistry registry;

    IcebergMetricsReports(CatalogStore store, MeterRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    void record(TableIdentifier table, ReportMetricsRequest request, String json) {
        // COMMIT_REPORT becomes "commit", SCAN_REPORT "scan".
        String type = request.reportType().name().toLowerCase(Locale.ROOT).replace("_report", "");
        Counter.builder("tributary.catalog.iceberg.metrics.reports")
                .description("Iceberg metrics reports (scan, commit) received from engines")
                .tag("type", type)
                .register(registry)
                .increment();
        LOG.debugf("Iceberg %s report for %s: %s", type, table, request.report());
        store.recordMetricsReport(table, type, json);
    }
}
