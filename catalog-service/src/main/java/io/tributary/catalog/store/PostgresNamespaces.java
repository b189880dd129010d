package io.tributary.catalog.store;

import static io.tributary.catalog.store.CatalogDatabase.FOREIGN_KEY_VIOLATION;
import static io.tributary.catalog.store.CatalogDatabase.UNIQUE_VIOLATION;
import static io.tributary.catalog.store.CatalogDatabase.array;
import static io.tributary.catalog.store.CatalogDatabase.levels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.catalog.core.iceberg.CatalogStore.PropertyChanges;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;

/**
 * The namespaces and their properties ({@code iceberg_namespaces}), on the caller's connection. Constraint violations
 * become Iceberg's exceptions, so races between callers resolve in the database.
 */
final class PostgresNamespaces {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> PROPERTIES = new TypeReference<>() {};

    /** Its parent, if any, must exist. */
    void create(Connection connection, Namespace namespace, Map<String, String> properties) throws SQLException {
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
    }

    Optional<Map<String, String>> properties(Connection connection, Namespace namespace) throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement("SELECT properties FROM iceberg_namespaces WHERE namespace = ?")) {
            select.setArray(1, array(connection, namespace));
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(properties(rows.getString(1))) : Optional.empty();
            }
        }
    }

    /** The direct children of {@code parent}, sorted; the top-level namespaces for the empty namespace. */
    List<Namespace> children(Connection connection, Namespace parent) throws SQLException {
        if (!parent.isEmpty() && !exists(connection, parent)) {
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
    }

    /** False when there was no such namespace; {@code NamespaceNotEmptyException} while it holds anything. */
    boolean drop(Connection connection, Namespace namespace) throws SQLException {
        try (PreparedStatement delete =
                connection.prepareStatement("DELETE FROM iceberg_namespaces WHERE namespace = ?")) {
            delete.setArray(1, array(connection, namespace));
            return delete.executeUpdate() == 1;
        } catch (SQLException e) {
            if (FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
                throw new NamespaceNotEmptyException(
                        "Namespace %s is not empty: it contains tables, views or namespaces", namespace);
            }
            throw e;
        }
    }

    /** Locks the row, so concurrent updates apply one after the other instead of losing one. */
    PropertyChanges updateProperties(
            Connection connection,
            Namespace namespace,
            Map<String, String> updates,
            Set<String> removals,
            Consumer<Map<String, String>> checkResult)
            throws SQLException {
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
    }

    boolean exists(Connection connection, Namespace namespace) throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement("SELECT 1 FROM iceberg_namespaces WHERE namespace = ?")) {
            select.setArray(1, array(connection, namespace));
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static Namespace parent(Namespace namespace) {
        return Namespace.of(Arrays.copyOf(namespace.levels(), namespace.length() - 1));
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
