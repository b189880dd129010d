package io.tributary.catalog.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.tributary.contracts.Topics;
import io.tributary.contracts.events.CloudEvent;
import io.tributary.catalog.iceberg.CatalogEvent;
import io.tributary.catalog.iceberg.CatalogStore;
import io.tributary.catalog.iceberg.CatalogStoreException;
import io.tributary.catalog.platform.DatasetEntry;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;

/**
 * The catalog's namespaces and metadata pointers in PostgreSQL ({@code V2__iceberg_catalog.sql}). Namespaces are
 * {@code text[]}; constraint violations become Iceberg's exceptions, so races between callers resolve in the database.
 */
@ApplicationScoped
public class PostgresCatalogStore implements CatalogStore {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper EVENT_JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    /** The CloudEvents {@code source} of every catalog event. */
    public static final String EVENT_SOURCE = "/tributary/catalog";
    private static final TypeReference<LinkedHashMap<String, String>> PROPERTIES = new TypeReference<>() {
    };

    private final DataSource dataSource;
    private final Supplier<String> traceparent;

    @jakarta.inject.Inject
    public PostgresCatalogStore(DataSource dataSource, RequestTraceparent traceparent) {
        this(dataSource, (Supplier<String>) traceparent::current);
    }

    /** @param traceparent the W3C trace context of the change being made, stored with its events; may answer null */
    public PostgresCatalogStore(DataSource dataSource, Supplier<String> traceparent) {
        this.dataSource = dataSource;
        this.traceparent = traceparent;
    }

    // ---- namespaces ----------------------------------------------------------------------------------------------

    @Override
    public void createNamespace(Namespace namespace, Map<String, String> properties) {
        inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO iceberg_namespaces (namespace, parent, properties) VALUES (?, ?, ?::jsonb)")) {
                insert.setArray(1, array(connection, namespace));
                insert.setArray(2, namespace.length() == 1 ? null : array(connection, parent(namespace)));
                insert.setString(3, json(properties));
                insert.executeUpdate();
            } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw new AlreadyExistsException("Namespace already exists: %s", namespace);
                }
                if (FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
                    throw new NoSuchNamespaceException("Namespace does not exist: %s", parent(namespace));
                }
                throw e;
            }
            recordEvents(connection, List.of(CatalogEvent.namespaceCreated(namespace)));
            return null;
        });
    }

    @Override
    public Optional<Map<String, String>> namespaceProperties(Namespace namespace) {
        return run(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT properties FROM iceberg_namespaces WHERE namespace = ?")) {
                select.setArray(1, array(connection, namespace));
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(properties(rows.getString(1))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<Namespace> listNamespaces(Namespace parent) {
        return run(connection -> {
            if (!parent.isEmpty() && !namespaceExists(connection, parent)) {
                throw new NoSuchNamespaceException("Namespace does not exist: %s", parent);
            }
            String sql = parent.isEmpty()
                    ? "SELECT namespace FROM iceberg_namespaces WHERE parent IS NULL ORDER BY namespace"
                    : "SELECT namespace FROM iceberg_namespaces WHERE parent = ? ORDER BY namespace";
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                if (!parent.isEmpty()) {
                    select.setArray(1, array(connection, parent));
                }
                List<Namespace> result = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        result.add(Namespace.of(levels(rows.getArray(1))));
                    }
                }
                return result;
            }
        });
    }

    @Override
    public boolean dropNamespace(Namespace namespace) {
        return inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM iceberg_namespaces WHERE namespace = ?")) {
                delete.setArray(1, array(connection, namespace));
                if (delete.executeUpdate() != 1) {
                    return false;
                }
            } catch (SQLException e) {
                if (FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
                    throw new NamespaceNotEmptyException("Namespace %s is not empty: it contains tables, views or namespaces", namespace);
                }
                throw e;
            }
            recordEvents(connection, List.of(CatalogEvent.namespaceDropped(namespace)));
            return true;
        });
    }

    @Override
    public PropertyChanges updateNamespaceProperties(Namespace namespace, Map<String, String> updates,
                                                     Set<String> removals, Consumer<Map<String, String>> checkResult) {
        return inTransaction(connection -> {
            Map<String, String> current;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT properties FROM iceberg_namespaces WHERE namespace = ? FOR UPDATE")) {
                select.setArray(1, array(connection, namespace));
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        throw new NoSuchNamespaceException("Namespace does not exist: %s", namespace);
                    }
                    current = properties(rows.getString(1));
                }
            }
            Set<String> removed = new LinkedHashSet<>();
            Set<String> missing = new LinkedHashSet<>();
            for (String key : removals) {
                if (current.remove(key) != null) {
                    removed.add(key);
                } else {
                    missing.add(key);
                }
            }
            current.putAll(updates);
            checkResult.accept(current);
            if (!updates.isEmpty() || !removed.isEmpty()) {
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE iceberg_namespaces SET properties = ?::jsonb, updated_at = now() WHERE namespace = ?")) {
                    update.setString(1, json(current));
                    update.setArray(2, array(connection, namespace));
                    update.executeUpdate();
                }
            }
            return new PropertyChanges(new LinkedHashSet<>(updates.keySet()), removed, missing);
        });
    }

    // ---- tables and views ----------------------------------------------------------------------------------------

    @Override
    public Optional<String> metadataLocation(TableIdentifier identifier, Kind kind) {
        return run(connection -> metadataLocation(connection, identifier, kind));
    }

    @Override
    public List<TableIdentifier> list(Namespace namespace, Kind kind) {
        return run(connection -> {
            if (!namespaceExists(connection, namespace)) {
                throw new NoSuchNamespaceException("Namespace does not exist: %s", namespace);
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT name FROM iceberg_relations WHERE namespace = ? AND kind = ? ORDER BY name")) {
                select.setArray(1, array(connection, namespace));
                select.setString(2, kind.name());
                List<TableIdentifier> result = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        result.add(TableIdentifier.of(namespace, rows.getString(1)));
                    }
                }
                return result;
            }
        });
    }

    @Override
    public void create(TableIdentifier identifier, Kind kind, String metadataLocation, List<CatalogEvent> events,
                       DatasetEntry entry) {
        inTransaction(connection -> {
            insert(connection, identifier, kind, metadataLocation);
            index(connection, identifier, entry);
            recordEvents(connection, events);
            return null;
        });
    }

    @Override
    public void swap(TableIdentifier identifier, Kind kind, String expected, String next, List<CatalogEvent> events,
                     DatasetEntry entry) {
        inTransaction(connection -> {
            swap(connection, identifier, kind, expected, next);
            index(connection, identifier, entry);
            recordEvents(connection, events);
            return null;
        });
    }

    @Override
    public void commitAll(List<PointerChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        inTransaction(connection -> {
            for (PointerChange change : changes) {
                if (change.expected() == null) {
                    insert(connection, change.identifier(), Kind.TABLE, change.next());
                } else {
                    swap(connection, change.identifier(), Kind.TABLE, change.expected(), change.next());
                }
                index(connection, change.identifier(), change.entry());
                recordEvents(connection, change.events());
            }
            return null;
        });
    }

    @Override
    public boolean drop(TableIdentifier identifier, Kind kind) {
        return inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM iceberg_relations WHERE namespace = ? AND name = ? AND kind = ?")) {
                delete.setArray(1, array(connection, identifier.namespace()));
                delete.setString(2, identifier.name());
                delete.setString(3, kind.name());
                if (delete.executeUpdate() != 1) {
                    return false;
                }
            }
            // The dataset index row went with the relation (ON DELETE CASCADE).
            recordEvents(connection, List.of(kind == Kind.TABLE
                    ? CatalogEvent.tableDropped(identifier) : CatalogEvent.viewDropped(identifier)));
            return true;
        });
    }

    @Override
    public void rename(TableIdentifier from, TableIdentifier to, Kind kind) {
        inTransaction(connection -> {
            if (!namespaceExists(connection, to.namespace())) {
                throw new NoSuchNamespaceException("Namespace does not exist: %s", to.namespace());
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE iceberg_relations SET namespace = ?, name = ?, updated_at = now()"
                            + " WHERE namespace = ? AND name = ? AND kind = ?")) {
                update.setArray(1, array(connection, to.namespace()));
                update.setString(2, to.name());
                update.setArray(3, array(connection, from.namespace()));
                update.setString(4, from.name());
                update.setString(5, kind.name());
                if (update.executeUpdate() == 0) {
                    throw kind == Kind.TABLE
                            ? new NoSuchTableException("Table does not exist: %s", from)
                            : new NoSuchViewException("View does not exist: %s", from);
                }
            } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    connection.rollback();
                    String existing = metadataLocation(connection, to, Kind.TABLE).isPresent() ? "Table" : "View";
                    throw new AlreadyExistsException("Cannot rename %s to %s. %s already exists", from, to, existing);
                }
                throw e;
            }
            if (kind == Kind.TABLE) {
                // The row moved with the relation (ON UPDATE CASCADE); its name words must follow.
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE catalog_datasets SET name_text = ?, updated_at = now() WHERE namespace = ? AND name = ?")) {
                    update.setString(1, DatasetEntry.nameText(to));
                    update.setArray(2, array(connection, to.namespace()));
                    update.setString(3, to.name());
                    update.executeUpdate();
                }
            }
            recordEvents(connection, List.of(CatalogEvent.renamed(from, to, kind)));
            return null;
        });
    }

    /** Tables whose dataset index row is missing or holds only their name (indexed before V3), with their metadata. */
    public List<Map.Entry<TableIdentifier, String>> unindexedTables() {
        return run(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT r.namespace, r.name, r.metadata_location FROM iceberg_relations r LEFT JOIN catalog_datasets d"
                            + " ON d.namespace = r.namespace AND d.name = r.name"
                            + " WHERE r.kind = 'TABLE' AND (d.name IS NULL OR d.columns = '{}')")) {
                List<Map.Entry<TableIdentifier, String>> result = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        result.add(Map.entry(TableIdentifier.of(Namespace.of(levels(rows.getArray(1))), rows.getString(2)),
                                rows.getString(3)));
                    }
                }
                return result;
            }
        });
    }

    /**
     * Indexes a table from the metadata at {@code metadataLocation}, unless a commit moved it on meanwhile (that
     * commit indexed it itself). False when nothing was written.
     */
    public boolean backfillIndex(TableIdentifier identifier, String metadataLocation, DatasetEntry entry) {
        return inTransaction(connection -> {
            try (PreparedStatement lock = connection.prepareStatement(
                    "SELECT 1 FROM iceberg_relations WHERE namespace = ? AND name = ? AND kind = 'TABLE'"
                            + " AND metadata_location = ? FOR UPDATE")) {
                lock.setArray(1, array(connection, identifier.namespace()));
                lock.setString(2, identifier.name());
                lock.setString(3, metadataLocation);
                try (ResultSet rows = lock.executeQuery()) {
                    if (!rows.next()) {
                        return false;
                    }
                }
            }
            index(connection, identifier, entry);
            return true;
        });
    }

    @Override
    public void recordMetricsReport(TableIdentifier table, String reportType, String reportJson) {
        run(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO iceberg_metrics_reports (namespace, table_name, report_type, report) VALUES (?, ?, ?, ?::jsonb)")) {
                insert.setArray(1, array(connection, table.namespace()));
                insert.setString(2, table.name());
                insert.setString(3, reportType);
                insert.setString(4, reportJson);
                insert.executeUpdate();
            }
            return null;
        });
    }

    private void insert(Connection connection, TableIdentifier identifier, Kind kind, String metadataLocation)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO iceberg_relations (namespace, name, kind, metadata_location) VALUES (?, ?, ?, ?)")) {
            insert.setArray(1, array(connection, identifier.namespace()));
            insert.setString(2, identifier.name());
            insert.setString(3, kind.name());
            insert.setString(4, metadataLocation);
            insert.executeUpdate();
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                connection.rollback();
                throw alreadyExists(connection, identifier, kind);
            }
            if (FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
                throw new NoSuchNamespaceException("Namespace does not exist: %s", identifier.namespace());
            }
            throw e;
        }
    }

    private void swap(Connection connection, TableIdentifier identifier, Kind kind, String expected, String next)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE iceberg_relations SET metadata_location = ?, previous_metadata_location = metadata_location,"
                        + " updated_at = now() WHERE namespace = ? AND name = ? AND kind = ? AND metadata_location = ?")) {
            update.setString(1, next);
            update.setArray(2, array(connection, identifier.namespace()));
            update.setString(3, identifier.name());
            update.setString(4, kind.name());
            update.setString(5, expected);
            if (update.executeUpdate() == 0) {
                boolean exists = metadataLocation(connection, identifier, kind).isPresent();
                if (!exists) {
                    throw kind == Kind.TABLE
                            ? new NoSuchTableException("Table does not exist: %s", identifier)
                            : new NoSuchViewException("View does not exist: %s", identifier);
                }
                throw new CommitFailedException("Cannot commit %s: its metadata changed concurrently (expected %s)",
                        identifier, expected);
            }
        }
    }

    /** Writes a table's dataset index row on the caller's connection, in the transaction of the commit. */
    private static void index(Connection connection, TableIdentifier identifier, DatasetEntry entry) throws SQLException {
        if (entry == null) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO catalog_datasets (namespace, name, owner, description, tags, column_tags, column_tag_values,"
                        + " columns, name_text, tag_text, description_text) VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (namespace, name) DO UPDATE SET owner = EXCLUDED.owner,"
                        + " description = EXCLUDED.description, tags = EXCLUDED.tags, column_tags = EXCLUDED.column_tags,"
                        + " column_tag_values = EXCLUDED.column_tag_values, columns = EXCLUDED.columns,"
                        + " name_text = EXCLUDED.name_text, tag_text = EXCLUDED.tag_text,"
                        + " description_text = EXCLUDED.description_text, updated_at = now()")) {
            upsert.setArray(1, array(connection, identifier.namespace()));
            upsert.setString(2, identifier.name());
            upsert.setString(3, entry.owner());
            upsert.setString(4, entry.description());
            upsert.setArray(5, connection.createArrayOf("text", entry.tags().toArray()));
            upsert.setString(6, EVENT_JSON.writeValueAsString(entry.columnTags()));
            upsert.setArray(7, connection.createArrayOf("text", entry.columnTagValues().toArray()));
            upsert.setArray(8, connection.createArrayOf("text", entry.columns().toArray()));
            upsert.setString(9, DatasetEntry.nameText(identifier));
            upsert.setString(10, entry.tagAndColumnText());
            upsert.setString(11, entry.descriptionText());
            upsert.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Column tags cannot be written as JSON", e);
        }
        try (PreparedStatement history = connection.prepareStatement(
                "INSERT INTO catalog_schema_history (namespace, name, schema_id) SELECT ?, ?, ? WHERE ?::int IS DISTINCT FROM"
                        + " (SELECT schema_id FROM catalog_schema_history WHERE namespace = ? AND name = ?"
                        + " ORDER BY seq DESC LIMIT 1)")) {
            Array namespace = array(connection, identifier.namespace());
            history.setArray(1, namespace);
            history.setString(2, identifier.name());
            history.setInt(3, entry.schemaId());
            history.setInt(4, entry.schemaId());
            history.setArray(5, namespace);
            history.setString(6, identifier.name());
            history.executeUpdate();
        }
    }

    /**
     * Writes the events to {@code catalog_outbox} on the caller's connection, so they commit or roll back with the
     * change they describe; {@code OutboxRelay} publishes them afterwards, with the request's {@code traceparent}.
     */
    private void recordEvents(Connection connection, List<CatalogEvent> events) throws SQLException {
        if (events == null || events.isEmpty()) {
            return;
        }
        String trace = traceparent.get();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO catalog_outbox (event_id, topic, event_key, payload, traceparent) VALUES (?, ?, ?, ?::jsonb, ?)")) {
            for (CatalogEvent event : events) {
                CloudEvent cloudEvent = CloudEvent.of(EVENT_SOURCE, event.type(), event.subject(),
                        EVENT_JSON.valueToTree(event.data()));
                insert.setObject(1, UUID.fromString(cloudEvent.id()));
                insert.setString(2, Topics.CATALOG_EVENTS);
                insert.setString(3, event.subject());
                insert.setString(4, eventJson(cloudEvent));
                insert.setString(5, trace);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static String eventJson(CloudEvent event) {
        try {
            return EVENT_JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Catalog event cannot be written as JSON", e);
        }
    }

    private RuntimeException alreadyExists(Connection connection, TableIdentifier identifier, Kind wanted)
            throws SQLException {
        boolean existingIsTable = metadataLocation(connection, identifier, Kind.TABLE).isPresent();
        if (wanted == Kind.TABLE) {
            return existingIsTable
                    ? new AlreadyExistsException("Table already exists: %s", identifier)
                    : new AlreadyExistsException("View with same name already exists: %s", identifier);
        }
        return existingIsTable
                ? new AlreadyExistsException("Table with same name already exists: %s", identifier)
                : new AlreadyExistsException("View already exists: %s", identifier);
    }

    private Optional<String> metadataLocation(Connection connection, TableIdentifier identifier, Kind kind)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT metadata_location FROM iceberg_relations WHERE namespace = ? AND name = ? AND kind = ?")) {
            select.setArray(1, array(connection, identifier.namespace()));
            select.setString(2, identifier.name());
            select.setString(3, kind.name());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }

    private static boolean namespaceExists(Connection connection, Namespace namespace) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM iceberg_namespaces WHERE namespace = ?")) {
            select.setArray(1, array(connection, namespace));
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    // ---- plumbing ------------------------------------------------------------------------------------------------

    @FunctionalInterface
    interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    private <T> T run(Work<T> work) {
        return run(dataSource, work);
    }

    /** Runs {@code work} on a connection of its own, reporting database failures as {@link CatalogStoreException}. */
    static <T> T run(DataSource dataSource, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.apply(connection);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private <T> T inTransaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.apply(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                safeRollback(connection);
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private static void safeRollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // The connection is broken; the pool discards it and PostgreSQL rolls the transaction back.
        }
    }

    private static CatalogStoreException failure(SQLException e) {
        String state = e.getSQLState();
        boolean unavailable = e instanceof SQLTransientException || (state != null && state.startsWith("08"))
                || state == null;
        return new CatalogStoreException("Catalog database failure: " + e.getMessage(), e, unavailable);
    }

    private static Array array(Connection connection, Namespace namespace) throws SQLException {
        return connection.createArrayOf("text", namespace.levels());
    }

    private static Namespace parent(Namespace namespace) {
        return Namespace.of(Arrays.copyOf(namespace.levels(), namespace.length() - 1));
    }

    private static String[] levels(Array array) throws SQLException {
        Object[] values = (Object[]) array.getArray();
        return Arrays.stream(values).map(String::valueOf).toArray(String[]::new);
    }

    private static String json(Map<String, String> properties) {
        try {
            return JSON.writeValueAsString(properties);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Properties cannot be written as JSON", e);
        }
    }

    private static Map<String, String> properties(String json) {
        try {
            return JSON.readValue(json, PROPERTIES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored namespace properties are not valid JSON", e);
        }
    }
}
