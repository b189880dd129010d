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

    public PostgresCatalogStore(DataSource dataSource) {
        this.dataSource = dataSource;
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
    public void create(TableIdentifier identifier, Kind kind, String metadataLocation, List<CatalogEvent> events) {
        inTransaction(connection -> {
            insert(connection, identifier, kind, metadataLocation);
            recordEvents(connection, events);
            return null;
        });
    }

    @Override
    public void swap(TableIdentifier identifier, Kind kind, String expected, String next, List<CatalogEvent> events) {
        inTransaction(connection -> {
            swap(connection, identifier, kind, expected, next);
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
            if (kind == Kind.TABLE) {
                recordEvents(connection, List.of(CatalogEvent.tableDropped(identifier)));
            }
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
            return null;
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

    /**
     * Writes the events to {@code catalog_outbox} on the caller's connection, so they commit or roll back with the
     * change they describe; {@code OutboxRelay} publishes them afterwards.
     */
    private static void recordEvents(Connection connection, List<CatalogEvent> events) throws SQLException {
        if (events == null || events.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO catalog_outbox (event_id, topic, event_key, payload) VALUES (?, ?, ?, ?::jsonb)")) {
            for (CatalogEvent event : events) {
                CloudEvent cloudEvent = CloudEvent.of(EVENT_SOURCE, event.type(), event.subject(),
                        EVENT_JSON.valueToTree(event.data()));
                insert.setObject(1, UUID.fromString(cloudEvent.id()));
                insert.setString(2, Topics.CATALOG_EVENTS);
                insert.setString(3, event.subject());
                insert.setString(4, eventJson(cloudEvent));
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
    private interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    private <T> T run(Work<T> work) {
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
