package io.tributary.query.engine.trino;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.query.core.AsOf;
import io.tributary.query.core.EngineKind;
import io.tributary.query.core.GovernedStatement;
import io.tributary.query.core.QueryEngine;
import io.tributary.query.core.QueryException;
import io.tributary.query.core.ResultColumn;
import io.tributary.query.core.StatementRequest;
import io.tributary.query.core.TableName;
import io.tributary.query.core.TablePlan;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs statements on Trino as the calling user: query-service authenticates with its own token and names the caller
 * in {@code X-Trino-User}, which governance's OPA contract allows for query-service alone; Trino then applies the
 * caller's grants, masks and row filters itself, so the SQL goes as the caller wrote it, in the lake's catalog. A
 * statement that was not inspected here is first explained ({@code EXPLAIN (TYPE IO)}) to learn its tables, for the
 * audit trail and for {@code as-of}.
 */
public final class TrinoEngine implements QueryEngine {

    /** Trino errors that the statement itself raises as well, so an explain that fails with one lets it answer. */
    private static final Set<String> STATEMENT_ERRORS =
            Set.of("SYNTAX_ERROR", "TABLE_NOT_FOUND", "SCHEMA_NOT_FOUND", "CATALOG_NOT_FOUND", "PERMISSION_DENIED");

    private final TrinoClient client;
    private final String catalog;
    private final String source;
    private final ObjectMapper json;

    /**
     * @param catalog the Trino catalog that holds the lake's tables ({@code ns.table} is its {@code schema.table})
     * @param source  {@code X-Trino-Source}, which names query-service in Trino's query list
     */
    public TrinoEngine(TrinoClient client, String catalog, String source, ObjectMapper json) {
        this.client = client;
        this.catalog = catalog;
        this.source = source;
        this.json = json;
    }

    @Override
    public EngineKind kind() {
        return EngineKind.TRINO;
    }

    @Override
    public Execution start(GovernedStatement statement, CancelHook cancel) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Trino-User", statement.caller().principal());
        headers.put("X-Trino-Catalog", catalog);
        headers.put("X-Trino-Source", source);
        // Timestamps with zone are rendered in UTC, as the embedded engine's are.
        headers.put("X-Trino-Time-Zone", "UTC");
        // Without it Trino rounds every time and timestamp to milliseconds for older clients.
        headers.put("X-Trino-Client-Capabilities", "PARAMETRIC_DATETIME");
        AtomicReference<TrinoQuery> running = new AtomicReference<>();
        cancel.onCancel(() -> {
            TrinoQuery query = running.get();
            if (query != null) {
                query.cancel();
            }
        });
        StatementRequest request = statement.request();
        List<TableName> tables;
        Map<TableName, AsOf.Point> points;
        if (!statement.plans().isEmpty()) {
            tables = List.copyOf(statement.plans().keySet());
            points = plannedPoints(statement);
        } else {
            Optional<IoPlan> io = explain(request, headers, running);
            tables = io.map(IoPlan::tables).orElse(List.of());
            points = io.map(plan -> points(request.asOf(), plan)).orElse(Map.of());
        }
        TrinoQuery query = new TrinoQuery(client, tables);
        running.set(query);
        try {
            query.begin(TimeTravelSql.apply(request.sql(), points, catalog), headers);
        } catch (TrinoQuery.TrinoFailure e) {
            throw e.reason();
        } catch (RuntimeException e) {
            query.close();
            throw e;
        }
        return query;
    }

    /** A statement planned here reads the snapshots its plan chose. */
    private static Map<TableName, AsOf.Point> plannedPoints(GovernedStatement statement) {
        Map<TableName, AsOf.Point> points = new LinkedHashMap<>();
        for (Map.Entry<TableName, TablePlan> entry : statement.plans().entrySet()) {
            if (statement.request().asOf().pointFor(entry.getKey()).isPresent()
                    && entry.getValue().snapshotId() != null) {
                points.put(entry.getKey(), AsOf.Point.snapshot(entry.getValue().snapshotId()));
            }
        }
        return points;
    }

    /**
     * The statement's IO plan; empty when the statement is to run as written without one: it fails the same way
     * itself (and then reports positions in the caller's text), or it has no IO plan (schema DDL, session statements).
     */
    private Optional<IoPlan> explain(
            StatementRequest request, Map<String, String> headers, AtomicReference<TrinoQuery> running) {
        TrinoQuery explain = new TrinoQuery(client, List.of());
        running.set(explain);
        boolean timeTravel = !request.asOf().equals(AsOf.CURRENT);
        try {
            explain.begin("EXPLAIN (TYPE IO, FORMAT JSON) " + request.sql(), headers);
            Object[] row = explain.rawNext();
            explain.drain();
            if (row == null || !(row[0] instanceof String text)) {
                return Optional.of(IoPlan.UNKNOWN);
            }
            return Optional.of(IoPlan.parse(json.readTree(text), catalog));
        } catch (TrinoQuery.TrinoFailure e) {
            if (timeTravel && !STATEMENT_ERRORS.contains(e.errorName())) {
                throw new QueryException(
                        QueryException.Reason.INVALID_REQUEST,
                        "as-of needs the tables the statement reads, and Trino cannot name them: " + e.getMessage());
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(IoPlan.UNKNOWN);
        } finally {
            explain.close();
        }
    }

    /** The points of the request's as-of for the tables the statement reads; as-of never applies to a write. */
    static Map<TableName, AsOf.Point> points(AsOf asOf, IoPlan io) {
        if (asOf.equals(AsOf.CURRENT)) {
            return Map.of();
        }
        if (io.written() != null) {
            throw new QueryException(
                    QueryException.Reason.INVALID_REQUEST,
                    "as-of reads earlier snapshots; it does not apply to a statement that writes " + io.written()
                            + ".");
        }
        for (TableName table : asOf.perTable().keySet()) {
            if (!io.read().contains(table)) {
                throw new QueryException(
                        QueryException.Reason.INVALID_REQUEST,
                        "as-of names " + table + ", which the statement does not read.");
            }
        }
        Map<TableName, AsOf.Point> points = new LinkedHashMap<>();
        for (TableName table : io.read()) {
            asOf.pointFor(table).ifPresent(point -> points.put(table, point));
        }
        return points;
    }

    /** One query on Trino, its answers read as the protocol hands them out. */
    static final class TrinoQuery implements Execution {

        /** A query Trino failed, with Trino's error name kept for the caller to judge. */
        static final class TrinoFailure extends RuntimeException {
            private final transient JsonNode error;

            TrinoFailure(JsonNode error) {
                super(error.path("message").asText(), null, false, false);
                this.error = error;
            }

            String errorName() {
                return error.path("errorName").asText("");
            }

            QueryException reason() {
                return TrinoErrors.translate(error);
            }
        }

        private final TrinoClient client;
        private final List<TableName> tables;
        private final AtomicReference<URI> nextUri = new AtomicReference<>();
        private final Deque<JsonNode> rows = new ArrayDeque<>();
        private volatile boolean cancelled;
        private volatile long bytes = -1;
        private List<ResultColumn> columns;
        private List<TrinoTypes.Type> types;

        TrinoQuery(TrinoClient client, List<TableName> tables) {
            this.client = client;
            this.tables = List.copyOf(tables);
        }

        /** Starts the query and reads answers until its columns are known (or it has finished). */
        void begin(String sql, Map<String, String> headers) {
            accept(client.start(sql, headers));
            while (columns == null && nextUri.get() != null) {
                advance();
            }
            if (columns == null) {
                columns = List.of();
                types = List.of();
            }
        }

        private void advance() {
            if (cancelled) {
                throw new QueryException(QueryException.Reason.CANCELLED, "The statement was cancelled.");
            }
            accept(client.next(nextUri.get()));
        }

        private void accept(JsonNode page) {
            JsonNode stats = page.path("stats");
            if (stats.hasNonNull("processedBytes")) {
                bytes = stats.get("processedBytes").asLong();
            }
            if (columns == null && page.path("columns").isArray()) {
                List<ResultColumn> list = new ArrayList<>();
                List<TrinoTypes.Type> parsed = new ArrayList<>();
                for (JsonNode column : page.get("columns")) {
                    TrinoTypes.Type type = TrinoTypes.Type.parse(column.path("typeSignature"));
                    parsed.add(type);
                    list.add(new ResultColumn(
                            column.path("name").asText(),
                            TrinoTypes.icebergName(type),
                            column.path("type").asText(type.raw())));
                }
                columns = List.copyOf(list);
                types = List.copyOf(parsed);
            }
            page.path("data").forEach(rows::add);
            JsonNode next = page.path("nextUri");
            nextUri.set(next.isTextual() ? URI.create(next.asText()) : null);
            if (page.hasNonNull("error")) {
                nextUri.set(null);
                if (cancelled) {
                    throw new QueryException(QueryException.Reason.CANCELLED, "The statement was cancelled.");
                }
                throw new TrinoFailure(page.get("error"));
            }
        }

        @Override
        public List<ResultColumn> columns() {
            return columns;
        }

        @Override
        public Object[] next() {
            try {
                return rawNext();
            } catch (TrinoFailure e) {
                throw e.reason();
            }
        }

        /** The next row; a failure keeps Trino's error name. */
        Object[] rawNext() {
            while (rows.isEmpty()) {
                if (nextUri.get() == null) {
                    return null;
                }
                advance();
            }
            JsonNode row = rows.poll();
            Object[] values = new Object[types.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = TrinoTypes.portable(types.get(i), row.get(i));
            }
            return values;
        }

        /** Reads the query to its end, so Trino finishes it rather than waiting for a client that left. */
        void drain() {
            while (nextUri.get() != null) {
                rows.clear();
                advance();
            }
        }

        @Override
        public List<TableName> tables() {
            return tables;
        }

        @Override
        public long bytesRead() {
            return bytes;
        }

        @Override
        public void cancel() {
            cancelled = true;
            URI uri = nextUri.get();
            if (uri != null) {
                client.cancel(uri);
            }
        }

        @Override
        public void close() {
            URI uri = nextUri.getAndSet(null);
            if (uri != null) {
                client.cancel(uri);
            }
        }
    }
}
