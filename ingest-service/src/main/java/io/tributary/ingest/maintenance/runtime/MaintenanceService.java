package io.tributary.ingest.maintenance.runtime;

import io.quarkus.runtime.ShutdownEvent;
import io.tributary.ingest.maintenance.MaintenanceExceptions.CatalogUnavailableException;
import io.tributary.ingest.maintenance.MaintenanceExceptions.UnknownTableException;
import io.tributary.ingest.maintenance.MaintenanceReport;
import io.tributary.ingest.maintenance.MaintenanceRequest;
import io.tributary.ingest.maintenance.TableMaintenance;
import io.tributary.ingest.writer.runtime.WriterCatalogClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.rest.RESTCatalog;
import org.jboss.logging.Logger;

/**
 * Maintenance through this process's own Iceberg REST catalog client (the writer's client credentials, which may
 * commit to every table): the admin endpoint's synchronous runs and the background passes.
 */
@ApplicationScoped
public class MaintenanceService {

    private static final Logger LOG = Logger.getLogger(MaintenanceService.class);

    @Inject
    MaintenanceConfig config;

    @Inject
    WriterCatalogClient catalogClient;

    @Inject
    MaintenanceMetrics metrics;

    private RESTCatalog catalog;

    /** The client, opened on first use so that startup never waits for the catalog or Keycloak. */
    public synchronized RESTCatalog catalog() {
        if (catalog == null) {
            try {
                catalog = catalogClient.open();
            } catch (RuntimeException e) {
                throw new CatalogUnavailableException(
                        "The Iceberg catalog at " + catalogClient.catalogUri() + " cannot be reached: "
                                + e.getMessage(),
                        e);
            }
        }
        return catalog;
    }

    /** Runs the request's actions on one table now, with the table's policy and the request's overrides. */
    public MaintenanceReport run(String namespace, String name, MaintenanceRequest request) {
        TableIdentifier id = TableIdentifier.of(Namespace.of(namespace), name);
        Table table;
        try {
            table = catalog().loadTable(id);
        } catch (NoSuchTableException | NoSuchNamespaceException e) {
            throw new UnknownTableException(id.toString());
        } catch (CatalogUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CatalogUnavailableException(
                    "The Iceberg catalog cannot load " + id + " right now: " + e.getMessage(), e);
        }
        MaintenanceReport report = new TableMaintenance(Clock.systemUTC())
                .run(id, table, request.apply(config.policy().forTable(table.properties())), request.actions());
        metrics.record(report);
        LOG.infof("Maintenance of %s on request: %s", id, report.summary());
        return report;
    }

    synchronized void close(@Observes ShutdownEvent event) {
        if (catalog != null) {
            try {
                catalog.close();
            } catch (Exception e) {
                LOG.debugf("Closing the maintenance catalog client: %s", e.toString());
            }
            catalog = null;
        }
    }
}
