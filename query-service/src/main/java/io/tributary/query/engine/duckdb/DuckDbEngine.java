package io.tributary.query.engine.duckdb;

import io.tributary.query.core.EngineKind;
import io.tributary.query.core.GovernedStatement;
import io.tributary.query.core.QueryEngine;
import io.tributary.query.core.QueryException;
import io.tributary.query.core.ResultColumn;
import io.tributary.query.core.ResultValues;
import io.tributary.query.core.TableAccess;
import io.tributary.query.core.TableName;
import io.tributary.query.core.TablePlan;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Runs each statement on its own in-memory DuckDB: the planned files are the only paths it may open, external access
 * is off and the configuration locked before the caller's SQL runs, and every lake table the statement names is a
 * view built from governance's decision. The caller's SQL reaches nothing else, because {@code SqlInspector} let it
 * name only those views.
 */
public final class DuckDbEngine implements QueryEngine {

    private static final Logger LOG = Logger.getLogger(DuckDbEngine.class);
    private static final Pattern QUOTED_PATH = Pattern.compile("\"(/|file:|s3:)[^\"]*\"|'(/|file:|s3:)[^']*'");

    private final DuckDbSettings settings;

    public DuckDbEngine(DuckDbSettings settings) {
        this.settings = settings;
    }

    @Override
    public EngineKind kind() {
        return EngineKind.DUCKDB;
    }

    @Override
    public Execution start(GovernedStatement statement, CancelHook cancel) {
        Set<String> paths = new LinkedHashSet<>();
        statement
                .plans()
                .values()
                .forEach(plan -> plan.files().forEach(file -> {
                    paths.add(file.localPath());
                    file.deletes().forEach(delete -> paths.add(delete.localPath()));
                }));
        Connection connection = null;
        long t0 = System.nanoTime();
        long connected;
        long sandboxed;
        try {
            Files.createDirectories(settings.spillDirectory());
            Properties properties = new Properties();
            properties.setProperty("jdbc_stream_results", "true");
            connection = connect(properties);
            connected = System.nanoTime();
            try (Statement setup = connection.createStatement()) {
                for (String sql : sandbox(paths)) {
                    setup.execute(sql);
                }
            }
            sandboxed = System.nanoTime();
            for (Map.Entry<TableName, TablePlan> entry : statement.plans().entrySet()) {
                createView(
                        connection,
                        entry.getKey(),
                        entry.getValue(),
                        statement.access().get(entry.getKey()));
            }
            try (Statement setup = connection.createStatement()) {
                setup.execute("SET lock_configuration = true");
            }
        } catch (SQLException e) {
            close(connection);
            LOG.warnf("A governed view could not be built for %s: %s", statement.caller(), e.getMessage());
            throw new QueryException(
                    QueryException.Reason.EXECUTION,
                    "The governed views cannot be built: " + scrub(e.getMessage(), paths),
                    e);
        } catch (IOException e) {
            close(connection);
            throw new QueryException(
                    QueryException.Reason.UNAVAILABLE, "DuckDB's spill directory cannot be created.", e);
        } catch (RuntimeException e) {
            close(connection);
            throw e;
        }
        long viewed = System.nanoTime();
        Statement query = null;
        try {
            query = connection.createStatement();
            Statement running = query;
            cancel.onCancel(() -> {
                try {
                    running.cancel();
                } catch (SQLException e) {
                    LOG.debugf("Cancelling a starting DuckDB statement: %s", e.getMessage());
                }
            });
            ResultSet result = query.executeQuery(statement.request().sql());
            LOG.debugf(
                    "DuckDB for %s: instance %d ms, sandbox %d ms, views %d ms, to first result %d ms",
                    statement.caller(),
                    (connected - t0) / 1_000_000,
                    (sandboxed - connected) / 1_000_000,
                    (viewed - sandboxed) / 1_000_000,
                    (System.nanoTime() - viewed) / 1_000_000);
            return new DuckDbExecution(connection, query, result, paths);
        } catch (SQLException e) {
            close(query);
            close(connection);
            throw translate(e, paths);
        }
    }

    /**
     * The governed view of one table. Should the files' names not bind as planned (a file written under an older
     * schema than its snapshot's), the view maps columns by field id instead, which is always exact.
     */
    private void createView(Connection connection, TableName table, TablePlan plan, TableAccess access)
            throws SQLException {
        try (Statement setup = connection.createStatement()) {
            setup.execute("CREATE SCHEMA IF NOT EXISTS " + ScanSql.ident(settings.lakeCatalog()) + "."
                    + ScanSql.ident(table.namespace()));
        }
        if (plan.byName()) {
            try (Statement setup = connection.createStatement()) {
                setup.execute("CREATE VIEW " + viewName(table) + " AS " + ScanSql.governedView(plan, access, true));
                return;
            } catch (SQLException e) {
                LOG.debugf("Reading %s by column name failed, by field id instead: %s", table, e.getMessage());
            }
        }
        try (Statement setup = connection.createStatement()) {
            setup.execute("CREATE VIEW " + viewName(table) + " AS " + ScanSql.governedView(plan, access, false));
        }
    }

    /** A new in-memory database, from the driver itself: DriverManager only offers drivers of the caller's loader. */
    static Connection connect(Properties properties) throws SQLException {
        return new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", properties);
    }

    private List<String> sandbox(Set<String> paths) {
        return sandbox(settings, paths);
    }

    /** The settings that confine an instance to the given files before anything else runs on it. */
    static List<String> sandbox(DuckDbSettings settings, Set<String> paths) {
        List<String> sql = new ArrayList<>();
        sql.add("SET autoinstall_known_extensions = false");
        sql.add("SET autoload_known_extensions = false");
        sql.add("SET memory_limit = " + ScanSql.literal(settings.memoryLimit()));
        sql.add("SET threads = " + settings.threads());
        sql.add("SET temp_directory = "
                + ScanSql.literal(settings.spillDirectory().toAbsolutePath().toString()));
        sql.add("SET TimeZone = 'UTC'");
        // Order matters: the allowed paths first, then external access off (which cannot be undone), then the lock.
        sql.add("SET allowed_directories = ["
                + ScanSql.literal(settings.spillDirectory().toAbsolutePath() + "/") + "]");
        if (!paths.isEmpty()) {
            sql.add("SET allowed_paths = "
                    + paths.stream().map(ScanSql::literal).collect(Collectors.joining(", ", "[", "]")));
        }
        sql.add("SET enable_external_access = false");
        sql.add("ATTACH ':memory:' AS " + ScanSql.ident(settings.lakeCatalog()));
        sql.add("USE " + ScanSql.ident(settings.lakeCatalog()));
        return sql;
    }

    private String viewName(TableName table) {
        return ScanSql.ident(settings.lakeCatalog()) + "." + ScanSql.ident(table.namespace()) + "."
                + ScanSql.ident(table.table());
    }

    static QueryException translate(SQLException e, Set<String> paths) {
        String message = scrub(e.getMessage() == null ? "" : e.getMessage(), paths);
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.startsWith("interrupt")) {
            return new QueryException(QueryException.Reason.CANCELLED, "The statement was interrupted.", e);
        }
        if (lower.startsWith("parser error") || lower.startsWith("binder error") || lower.startsWith("catalog error")) {
            return new QueryException(QueryException.Reason.SYNTAX, message, e);
        }
        if (lower.startsWith("permission error")) {
            return new QueryException(QueryException.Reason.NOT_ALLOWED, message, e);
        }
        if (lower.startsWith("out of memory")) {
            return new QueryException(
                    QueryException.Reason.TOO_LARGE,
                    "The statement needs more memory than it may" + " use: " + message,
                    e);
        }
        return new QueryException(QueryException.Reason.EXECUTION, message, e);
    }

    /** Engine messages name files; the caller learns the table from the statement, never where its files are. */
    static String scrub(String message, Set<String> paths) {
        String scrubbed = message;
        for (String path : paths) {
            scrubbed = scrubbed.replace(path, "<file>");
        }
        return QUOTED_PATH.matcher(scrubbed).replaceAll("<file>");
    }

    static void close(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception e) {
                // nothing more to release
            }
        }
    }

    /** A value as JDBC gives it, timestamps as java.time so that they keep their zone (or lack of one). */
    static Object value(ResultSet result, int index, String sqlType) throws SQLException {
        if ("TIMESTAMP WITH TIME ZONE".equals(sqlType)) {
            return result.getObject(index, OffsetDateTime.class);
        }
        if ("TIMESTAMP".equals(sqlType)) {
            return result.getObject(index, LocalDateTime.class);
        }
        return result.getObject(index);
    }

    private static final class DuckDbExecution implements Execution {
        private final Connection connection;
        private final Statement statement;
        private final ResultSet result;
        private final Set<String> paths;
        private final List<ResultColumn> columns;
        private final String[] sqlTypes;

        DuckDbExecution(Connection connection, Statement statement, ResultSet result, Set<String> paths)
                throws SQLException {
            this.connection = connection;
            this.statement = statement;
            this.result = result;
            this.paths = paths;
            ResultSetMetaData meta = result.getMetaData();
            List<ResultColumn> list = new ArrayList<>();
            sqlTypes = new String[meta.getColumnCount()];
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                sqlTypes[i - 1] = meta.getColumnTypeName(i);
                list.add(new ResultColumn(
                        meta.getColumnLabel(i), DuckDbTypes.icebergName(sqlTypes[i - 1]), sqlTypes[i - 1]));
            }
            this.columns = List.copyOf(list);
        }

        @Override
        public List<ResultColumn> columns() {
            return columns;
        }

        @Override
        public Object[] next() {
            try {
                if (!result.next()) {
                    return null;
                }
                Object[] row = new Object[sqlTypes.length];
                for (int i = 0; i < row.length; i++) {
                    row[i] = ResultValues.portable(value(i + 1, sqlTypes[i]));
                }
                return row;
            } catch (SQLException e) {
                throw translate(e, paths);
            }
        }

        private Object value(int index, String sqlType) throws SQLException {
            return DuckDbEngine.value(result, index, sqlType);
        }

        @Override
        public void cancel() {
            try {
                statement.cancel();
            } catch (SQLException e) {
                LOG.debugf("Cancelling a DuckDB statement: %s", e.getMessage());
            }
        }

        @Override
        public void close() {
            DuckDbEngine.close(result);
            DuckDbEngine.close(statement);
            DuckDbEngine.close(connection);
        }
    }
}
