package io.tributary.governance.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** One unit of work in one transaction, committed when it returns and rolled back when it throws. */
final class Transactions {

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private Transactions() {}

    static <T> T run(DataSource dataSource, Work<T> work) {
        return run(dataSource, Connection.TRANSACTION_READ_COMMITTED, work);
    }

    /** A database failure becomes {@link StoreUnavailableException}; the connection goes back to its defaults. */
    static <T> T run(DataSource dataSource, int isolation, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setTransactionIsolation(isolation);
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
                if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
                    connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                }
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("The governance database failed: " + e.getMessage(), e);
        }
    }
}
