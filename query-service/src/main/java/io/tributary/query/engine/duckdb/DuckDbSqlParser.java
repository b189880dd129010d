package io.tributary.query.engine.duckdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.query.core.NonSelectException;
import io.tributary.query.core.QueryException;
import io.tributary.query.core.SqlParser;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DuckDB's own parser through {@code json_serialize_sql}, on a private in-memory database that can reach nothing. It
 * only parses: the statement text is a bound parameter and never runs here.
 */
public final class DuckDbSqlParser implements SqlParser, AutoCloseable {

    private static final Pattern LEADING_NOISE =
            Pattern.compile("\\A(?:\\s+|--[^\\n]*(?:\\n|\\z)|/\\*.*?\\*/)*", Pattern.DOTALL);
    private static final Pattern FIRST_WORD = Pattern.compile("\\A([A-Za-z_]+)");

    private final ObjectMapper json;
    private final Connection connection;

    public DuckDbSqlParser(ObjectMapper json) {
        this.json = json;
        try {
            this.connection = DuckDbEngine.connect(new java.util.Properties());
            try (Statement setup = connection.createStatement()) {
                setup.execute("SET autoinstall_known_extensions = false");
                setup.execute("SET autoload_known_extensions = false");
                setup.execute("SET enable_external_access = false");
                setup.execute("SET lock_configuration = true");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB cannot start: " + e.getMessage(), e);
        }
    }

    @Override
    public JsonNode parse(String sql) {
        String serialized;
        synchronized (connection) {
            try (PreparedStatement statement = connection.prepareStatement("SELECT json_serialize_sql(?)")) {
                statement.setString(1, sql);
                try (ResultSet result = statement.executeQuery()) {
                    result.next();
                    serialized = result.getString(1);
                }
            } catch (SQLException e) {
                throw new QueryException(
                        QueryException.Reason.SYNTAX, "The statement cannot be parsed: " + e.getMessage(), e);
            }
        }
        JsonNode tree;
        try {
            tree = json.readTree(serialized);
        } catch (IOException e) {
            throw new IllegalStateException("DuckDB's parse tree is not JSON", e);
        }
        if (!tree.path("error").asBoolean(false)) {
            return tree;
        }
        String type = tree.path("error_type").asText("");
        String message = tree.path("error_message").asText("syntax error");
        if ("parser".equals(type)) {
            Integer line = null;
            Integer column = null;
            if (tree.hasNonNull("position")) {
                int position = Integer.parseInt(tree.path("position").asText("0"));
                int[] lineColumn = lineColumn(sql, position);
                line = lineColumn[0];
                column = lineColumn[1];
            }
            throw new QueryException(
                    QueryException.Reason.SYNTAX,
                    "Syntax error: " + message + (line == null ? "" : " at line " + line + ", column " + column) + ".",
                    line,
                    column,
                    null);
        }
        throw new NonSelectException("Only SELECT statements run here"
                + keyword(sql)
                        .map(word -> "; this is a " + word + " statement.")
                        .orElse("."));
    }

    /** The first keyword after comments and white space, upper case, to name a refused statement. */
    static java.util.Optional<String> keyword(String sql) {
        Matcher noise = LEADING_NOISE.matcher(sql);
        String rest = noise.lookingAt() ? sql.substring(noise.end()) : sql;
        Matcher word = FIRST_WORD.matcher(rest);
        return word.lookingAt()
                ? java.util.Optional.of(word.group(1).toUpperCase(Locale.ROOT))
                : java.util.Optional.empty();
    }

    static int[] lineColumn(String sql, int offset) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(offset, sql.length()); i++) {
            if (sql.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // nothing to release
        }
    }
}
