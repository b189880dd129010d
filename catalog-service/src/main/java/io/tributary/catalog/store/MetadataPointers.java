package io.tributary.catalog.store;

import static io.tributary.catalog.store.CatalogDatabase.FOREIGN_KEY_VIOLATION;
import static io.tributary.catalog.store.CatalogDatabase.UNIQUE_VIOLATION;
import static io.tributary.catalog.store.CatalogDatabase.array;

import io.tributary.catalog.core.iceberg.CatalogStore.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;

/**
 * The location of each table's and view's current metadata file ({@code iceberg_relations}; tables and views share one
 * name space), on the caller's connection. A commit moves it by compare-and-swap, so concurrent commits resolve in the
 * database.
 */
final class MetadataPointers {

    Optional<String> location(Connection connection, TableIdentifier identifier, Kind kind) throws SQLException {
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

    /** The names of the tables or views directly in the namespace, sorted. */
    List<TableIdentifier> list(Connection connection, Namespace namespace, Kind kind) throws SQLException {
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
    }

    void create(Connection connection, TableIdentifier identifier, Kind kind, String metadataLocation)
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

    /** Compare-and-swap: {@code CommitFailedException} when the pointer no longer names {@code expected}. */
    void swap(Connection connection, TableIdentifier identifier, Kind kind, String expected, String next)
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
                boolean exists = location(connection, identifier, kind).isPresent();
                if (!exists) {
                    throw kind == Kind.TABLE
                            ? new NoSuchTableException("Table does not exist: %s", identifier)
                            : new NoSuchViewException("View does not exist: %s", identifier);
                }
                throw new CommitFailedException(
                        "Cannot commit %s: its metadata changed concurrently (expected %s)", identifier, expected);
            }
        }
    }

    /** False when there was no such table or view. */
    boolean drop(Connection connection, TableIdentifier identifier, Kind kind) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM iceberg_relations WHERE namespace = ? AND name = ? AND kind = ?")) {
            delete.setArray(1, array(connection, identifier.namespace()));
            delete.setString(2, identifier.name());
            delete.setString(3, kind.name());
            return delete.executeUpdate() == 1;
        }
    }

    /** The target namespace must exist (the caller checks it); a taken name is {@code AlreadyExistsException}. */
    void rename(Connection connection, TableIdentifier from, TableIdentifier to, Kind kind) throws SQLException {
        try (PreparedStatement update =
                connection.prepareStatement("UPDATE iceberg_relations SET namespace = ?, name = ?, updated_at = now()"
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
                String existing = location(connection, to, Kind.TABLE).isPresent() ? "Table" : "View";
                throw new AlreadyExistsException("Cannot rename %s to %s. %s already exists", from, to, existing);
            }
            throw e;
        }
    }

    private RuntimeException alreadyExists(Connection connection, TableIdentifier identifier, Kind wanted)
            throws SQLException {
        boolean existingIsTable = location(connection, identifier, Kind.TABLE).isPresent();
        if (wanted == Kind.TABLE) {
            return existingIsTable
                    ? new AlreadyExistsException("Table already exists: %s", identifier)
                    : new AlreadyExistsException("View with same name already exists: %s", identifier);
        }
        return existingIsTable
                ? new AlreadyExistsException("Table with same name already exists: %s", identifier)
                : new AlreadyExistsException("View already exists: %s", identifier);
    }
}
