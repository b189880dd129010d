package io.tributary.query.engine.duckdb;

import io.tributary.query.core.QueryException;
import io.tributary.query.core.ResultValues;
import io.tributary.query.core.SnapshotSql;
import io.tributary.query.core.TableName;
import io.tributary.query.core.TablePlan;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Checks' SQL on DuckDB: one in-memory instance per batch, sandboxed as for statements (only the planned files may be
 * opened, external access off, configuration locked), each relation a view of its plan's raw scan with deletes
 * applied, and no governance in between.
 */
public final class DuckDbSnapshotSql implements SnapshotSql {

    private static final Logger LOG = Logger.getLogger(DuckDbSnapshotSql.class);

    private final DuckDbSettings settings;

    public DuckDbSnapshotSql(DuckDbSettings settings) {
        this.settings = settings;
    }

    @Override
    public Session open(Map<TableName, TablePlan> relations) {
        Set<String> paths = new LinkedHashSet<>();
        relations
                .values()
                .forEach(plan -> plan.files().forEach(file -> {
                    paths.add(file.localPath());
                    file.deletes().forEach(delete -> paths.add(delete.localPath()));
                }));
        Connection connection = null;
        try {
            Files.createDirectories(settings.spillDirectory());
            connection = DuckDbEngine.connect(new Properties());
            try (Statement setup = connection.createStatement()) {
                for (String sql : DuckDbEngine.sandbox(settings, paths)) {
                    setup.execute(sql);
                }
            }
            for (Map.Entry<TableName, TablePlan> relation : relations.entrySet()) {
                createView(connection, relation.getKey(), relation.getValue());
            }
            try (Statement setup = connection.createStatement()) {
                setup.execute("SET lock_configuration = true");
            }
            return new DuckDbSession(connection, paths);
        } catch (SQLException e) {
            DuckDbEngine.close(connection);
            throw new QueryException(
                    QueryException.Reason.EXECUTION,
                    "The snapshot's views cannot be built: " + DuckDbEngine.scrub(e.getMessage(), paths),
                    e);
        } catch (IOException e) {
            DuckDbEngine.close(connection);
            throw new QueryException(
                    QueryException.Reason.UNAVAILABLE, "DuckDB's spill directory cannot be created.", e);
        } catch (RuntimeException e) {
            DuckDbEngine.close(connection);
            throw e;
        }
    }

    /** As for statements: by column name when the plan allows it and the files bind so, else by field id. */
    private void createView(Connection connection, TableName name, TablePlan plan) throws SQLException {
        String view = ScanSql.ident(settings.lakeCatalog()) + "." + ScanSql.ident(name.namespace()) + "."
                + ScanSql.ident(name.table());
        try (Statement setup = connection.createStatement()) {
            setup.execute("CREATE SCHEMA IF NOT EXISTS " + ScanSql.ident(settings.lakeCatalog()) + "."
                    + ScanSql.ident(name.namespace()));
        }
        if (plan.byName()) {
            try (Statement setup = connection.createStatement()) {
                setup.execute("CREATE VIEW " + view + " AS " + ScanSql.scan(plan, true));
                return;
            } catch (SQLException e) {
                LOG.debugf("Reading %s by column name failed, by field id instead: %s", name, e.getMessage());
            }
        }
        try (Statement setup = connection.createStatement()) {
            setup.execute("CREATE VIEW " + view + " AS " + ScanSql.scan(plan, false));
        }
    }

    private static String withoutTrailingSemicolons(String sql) {
        return sql.replaceFirst("[\\s;]+\\z", "");
    }

    private static final class DuckDbSession implements Session {
        private final Connection connection;
        private final Set<String> paths;
        private volatile Statement running;
        private volatile boolean cancelled;

        DuckDbSession(Connection connection, Set<String> paths) {
            this.connection = connection;
            this.paths = paths;
        }

        @Override
        public Rows run(String sql, int maxRows) {
            // A failed statement closes its JDBC Statement: each query gets its own.
            try (Statement statement = connection.createStatement()) {
                running = statement;
                if (cancelled) {
                    throw new QueryException(QueryException.Reason.CANCELLED, "The check was stopped.");
                }
                // The limit lets DuckDB stop early and keeps the materialized result small; the line breaks keep a
                // trailing line comment from swallowing the closing parenthesis.
                try (ResultSet result = statement.executeQuery(
                        "SELECT * FROM (\n" + withoutTrailingSemicolons(sql) + "\n) AS q LIMIT " + (maxRows + 1L))) {
                    ResultSetMetaData meta = result.getMetaData();
                    List<String> columns = new ArrayList<>();
                    String[] types = new String[meta.getColumnCount()];
                    for (int i = 1; i <= types.length; i++) {
                        columns.add(meta.getColumnLabel(i));
                        types[i - 1] = meta.getColumnTypeName(i);
                    }
                    List<List<Object>> rows = new ArrayList<>();
                    boolean truncated = false;
                    while (result.next()) {
                        if (rows.size() == maxRows) {
                            truncated = true;
                            break;
                        }
                        Object[] row = new Object[types.length];
                        for (int i = 0; i < row.length; i++) {
                            row[i] = ResultValues.portable(DuckDbEngine.value(result, i + 1, types[i]));
                        }
                        rows.add(Arrays.asList(row));
                    }
                    return new Rows(columns, rows, truncated);
                }
            } catch (SQLException e) {
                throw DuckDbEngine.translate(e, paths);
            } finally {
                running = null;
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            Statement statement = running;
            if (statement != null) {
                try {
                    statement.cancel();
                } catch (SQLException e) {
                    LOG.debugf("Cancelling a check: %s", e.getMessage());
                }
            }
        }

        @Override
        public void close() {
            DuckDbEngine.close(connection);
        }
    }
}
