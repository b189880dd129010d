package io.tributary.catalog.store;

import io.tributary.catalog.core.iceberg.CatalogStoreException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Arrays;
import javax.sql.DataSource;
import org.apache.iceberg.catalog.Namespace;

/**
 * Connections and transactions on the catalog database, with its failures reported as {@link CatalogStoreException}.
 * The table classes of this package take the {@link Connection} they work on, so one transaction can span several.
 */
final class CatalogDatabase {

    static final String UNIQUE_VIOLATION = "23505";
    static final String FOREIGN_KEY_VIOLATION = "23503";

    private final DataSource dataSource;

    CatalogDatabase(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @FunctionalInterface
    interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    /** Runs {@code work} on a connection of its own, in auto-commit mode. */
    <T> T run(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.apply(connection);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Runs {@code work} in one transaction: it commits if {@code work} returns, and rolls back if it throws. */
    <T> T inTransaction(Work<T> work) {
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
        boolean unavailable =
                e instanceof SQLTransientException || (state != null && state.startsWith("08")) || state == null;
        return new CatalogStoreException("Catalog database failure: " + e.getMessage(), e, unavailable);
    }

    /** Namespaces are stored as {@code text[]}, one element per level. */
    static Array array(Connection connection, Namespace namespace) throws SQLException {
        return connection.createArrayOf("text", namespace.levels());
    }

    static String[] levels(Array array) throws SQLException {
        Object[] values = (Object[]) array.getArray();
        return Arrays.stream(values).map(String::valueOf).toArray(String[]::new);
    }
}
