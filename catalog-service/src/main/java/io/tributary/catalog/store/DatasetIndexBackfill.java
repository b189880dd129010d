package io.tributary.catalog.store;

import io.quarkus.runtime.Startup;
import io.tributary.catalog.core.dataset.DatasetEntry;
import io.tributary.catalog.core.iceberg.TributaryCatalog;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.catalog.TableIdentifier;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Once per start, indexes tables the dataset index does not know in full: those created before it existed. Every
 * commit indexes its table itself, so this only ever catches up, in the background, never blocking startup.
 */
@Startup
@ApplicationScoped
public class DatasetIndexBackfill {

    private static final Logger LOG = Logger.getLogger(DatasetIndexBackfill.class);

    private final PostgresDatasetIndex datasetIndex;
    private final TributaryCatalog catalog;
    private final CatalogSchemaMigration schema;

    DatasetIndexBackfill(
            PostgresDatasetIndex datasetIndex, TributaryCatalog catalog, @Readiness CatalogSchemaMigration schema) {
        this.datasetIndex = datasetIndex;
        this.catalog = catalog;
        this.schema = schema;
    }

    @PostConstruct
    void start() {
        Thread thread = new Thread(this::run, "catalog-dataset-index-backfill");
        thread.setDaemon(true);
        thread.start();
    }

    void run() {
        try {
            while (!schema.isMigrated()) {
                Thread.sleep(500);
            }
            int indexed = backfill();
            if (indexed > 0) {
                LOG.infof("Indexed %d tables created before the dataset index", indexed);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warnf(
                    "Dataset index backfill stopped; those tables are indexed with their next commit: %s",
                    e.toString());
        }
    }

    /** Indexes every table not yet indexed in full; returns how many it indexed. */
    public int backfill() {
        List<Map.Entry<TableIdentifier, String>> tables = datasetIndex.unindexedTables();
        int indexed = 0;
        for (Map.Entry<TableIdentifier, String> table : tables) {
            try {
                DatasetEntry entry = DatasetEntry.of(TableMetadataParser.read(catalog.io(), table.getValue()));
                if (!entry.columns().isEmpty() && datasetIndex.backfill(table.getKey(), table.getValue(), entry)) {
                    indexed++;
                }
            } catch (RuntimeException e) {
                LOG.debugf(e, "Could not index %s from %s", table.getKey(), table.getValue());
            }
        }
        return indexed;
    }
}
