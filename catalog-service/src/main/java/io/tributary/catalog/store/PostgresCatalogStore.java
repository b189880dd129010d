package io.tributary.catalog.store;

import io.tributary.catalog.config.CatalogConfig;
import io.tributary.catalog.core.dataset.DatasetEntry;
import io.tributary.catalog.core.iceberg.CatalogEvent;
import io.tributary.catalog.core.iceberg.CatalogStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;

/**
 * The catalog's {@link CatalogStore} in PostgreSQL: each operation is one transaction that changes the namespaces or
 * metadata pointers, the dataset index and the outbox together, so an event and an index row exist exactly when the
 * change they describe committed. The SQL of each table lives in its own class.
 */
@ApplicationScoped
public class PostgresCatalogStore implements CatalogStore {

    private final CatalogDatabase database;
    private final PostgresNamespaces namespaces = new PostgresNamespaces();
    private final MetadataPointers pointers = new MetadataPointers();
    private final PostgresDatasetIndex datasetIndex;
    private final OutboxWriter outbox;
    private final LineageFollowsCatalog lineage;

    @Inject
    PostgresCatalogStore(
            DataSource dataSource,
            RequestTraceparent traceparent,
            PostgresDatasetIndex datasetIndex,
            CatalogConfig config) {
        this.database = new CatalogDatabase(dataSource);
        this.datasetIndex = datasetIndex;
        this.outbox = new OutboxWriter(traceparent::current);
        this.lineage = new LineageFollowsCatalog(config.iceberg().name());
    }

    // ---- namespaces ----------------------------------------------------------------------------------------------

    @Override
    public void createNamespace(Namespace namespace, Map<String, String> properties) {
        database.inTransaction(connection -> {
            namespaces.create(connection, namespace, properties);
            outbox.append(connection, List.of(CatalogEvent.namespaceCreated(namespace)));
            return null;
        });
    }

    @Override
    public Optional<Map<String, String>> namespaceProperties(Namespace namespace) {
        return database.run(connection -> namespaces.properties(connection, namespace));
    }

    @Override
    public List<Namespace> listNamespaces(Namespace parent) {
        return database.run(connection -> namespaces.children(connection, parent));
    }

    @Override
    public boolean dropNamespace(Namespace namespace) {
        return database.inTransaction(connection -> {
            if (!namespaces.drop(connection, namespace)) {
                return false;
            }
            outbox.append(connection, List.of(CatalogEvent.namespaceDropped(namespace)));
            return true;
        });
    }

    @Override
    public PropertyChanges updateNamespaceProperties(
            Namespace namespace,
            Map<String, String> updates,
            Set<String> removals,
            Consumer<Map<String, String>> checkResult) {
        return database.inTransaction(
                connection -> namespaces.updateProperties(connection, namespace, updates, removals, checkResult));
    }

    // ---- tables and views ----------------------------------------------------------------------------------------

    @Override
    public Optional<String> metadataLocation(TableIdentifier identifier, Kind kind) {
        return database.run(connection -> pointers.location(connection, identifier, kind));
    }

    @Override
    public List<TableIdentifier> list(Namespace namespace, Kind kind) {
        return database.run(connection -> {
            if (!namespaces.exists(connection, namespace)) {
                throw new NoSuchNamespaceException("Namespace does not exist: %s", namespace);
            }
            return pointers.list(connection, namespace, kind);
        });
    }

    @Override
    public void create(
            TableIdentifier identifier,
            Kind kind,
            String metadataLocation,
            List<CatalogEvent> events,
            DatasetEntry entry) {
        database.inTransaction(connection -> {
            pointers.create(connection, identifier, kind, metadataLocation);
            if (kind == Kind.TABLE) {
                lineage.created(connection, identifier);
            }
            datasetIndex.write(connection, identifier, entry);
            outbox.append(connection, events);
            return null;
        });
    }

    @Override
    public void swap(
            TableIdentifier identifier,
            Kind kind,
            String expected,
            String next,
            List<CatalogEvent> events,
            DatasetEntry entry) {
        database.inTransaction(connection -> {
            pointers.swap(connection, identifier, kind, expected, next);
            datasetIndex.write(connection, identifier, entry);
            outbox.append(connection, events);
            return null;
        });
    }

    @Override
    public void commitAll(List<PointerChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        database.inTransaction(connection -> {
            for (PointerChange change : changes) {
                if (change.expected() == null) {
                    pointers.create(connection, change.identifier(), Kind.TABLE, change.next());
                } else {
                    pointers.swap(connection, change.identifier(), Kind.TABLE, change.expected(), change.next());
                }
                datasetIndex.write(connection, change.identifier(), change.entry());
                outbox.append(connection, change.events());
            }
            return null;
        });
    }

    @Override
    public boolean drop(TableIdentifier identifier, Kind kind) {
        return database.inTransaction(connection -> {
            if (!pointers.drop(connection, identifier, kind)) {
                return false;
            }
            // The dataset index row went with the relation (ON DELETE CASCADE); the lineage stays, marked dropped.
            if (kind == Kind.TABLE) {
                lineage.dropped(connection, identifier);
            }
            outbox.append(
                    connection,
                    List.of(
                            kind == Kind.TABLE
                                    ? CatalogEvent.tableDropped(identifier)
                                    : CatalogEvent.viewDropped(identifier)));
            return true;
        });
    }

    @Override
    public void rename(TableIdentifier from, TableIdentifier to, Kind kind) {
        database.inTransaction(connection -> {
            if (!namespaces.exists(connection, to.namespace())) {
                throw new NoSuchNamespaceException("Namespace does not exist: %s", to.namespace());
            }
            pointers.rename(connection, from, to, kind);
            if (kind == Kind.TABLE) {
                datasetIndex.renamed(connection, to);
                lineage.renamed(connection, from, to);
            }
            outbox.append(connection, List.of(CatalogEvent.renamed(from, to, kind)));
            return null;
        });
    }

    @Override
    public void recordMetricsReport(TableIdentifier table, String reportType, String reportJson) {
        database.run(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO iceberg_metrics_reports (namespace, table_name, report_type, report) VALUES (?, ?, ?, ?::jsonb)")) {
                insert.setArray(1, CatalogDatabase.array(connection, table.namespace()));
                insert.setString(2, table.name());
                insert.setString(3, reportType);
                insert.setString(4, reportJson);
                insert.executeUpdate();
            }
            return null;
        });
    }
}
