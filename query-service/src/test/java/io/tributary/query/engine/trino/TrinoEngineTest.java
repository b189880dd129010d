package io.tributary.query.engine.trino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.query.core.AsOf;
import io.tributary.query.core.Caller;
import io.tributary.query.core.EngineKind;
import io.tributary.query.core.GovernedStatement;
import io.tributary.query.core.QueryEngine;
import io.tributary.query.core.QueryException;
import io.tributary.query.core.ResultColumn;
import io.tributary.query.core.ResultValues;
import io.tributary.query.core.StatementRequest;
import io.tributary.query.core.TableName;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client protocol, type mapping and error mapping of the Trino engine, against a scripted coordinator. */
class TrinoEngineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Caller ANA = new Caller("ana", Set.of("data-analyst"), "ana-token");
    private static final TableName ORDERS = new TableName("sales", "orders");

    private StubTrino trino;

    @BeforeEach
    void start() throws Exception {
        trino = new StubTrino();
    }

    @AfterEach
    void stop() {
        trino.close();
    }

    private TrinoEngine engine(URI uri) {
        return new TrinoEngine(
                new TrinoClient(uri, null, Duration.ofSeconds(2), () -> "service-token", JSON),
                "iceberg",
                "tributary-query",
                JSON);
    }

    private static GovernedStatement direct(String sql, AsOf asOf) {
        return GovernedStatement.direct(ANA, new StatementRequest(sql, EngineKind.TRINO, asOf, null, null));
    }

    private static String q(String json) {
        return json.replace('\'', '"');
    }

    private static List<Object[]> drain(QueryEngine.Execution execution) {
        List<Object[]> rows = new ArrayList<>();
        for (Object[] row; (row = execution.next()) != null; ) {
            rows.add(row);
        }
        return rows;
    }

    private static String column(String name, String type, String signature) {
        return "{'name': '" + name + "', 'type': '" + type + "', 'typeSignature': " + signature + "}";
    }

    private static String io(String schema, String table) {
        String plan = "{\\\"inputTableColumnInfos\\\": [{\\\"table\\\": {\\\"catalog\\\": \\\"iceberg\\\","
                + " \\\"schemaTable\\\": {\\\"schema\\\": \\\"" + schema + "\\\", \\\"table\\\": \\\"" + table
                + "\\\"}}, \\\"columnConstraints\\\": []}]}";
        return "{'columns': [" + column("Query Plan", "varchar", "{'rawType': 'varchar', 'arguments': []}")
                + "], 'data': [['" + plan.replace("\\\"", "\\u0022") + "']]}";
    }

    @Test
    void followsNextUriAndAnswersInTheEmbeddedEnginesPortableForms() {
        String columns = "["
                + column("id", "bigint", "{'rawType': 'bigint', 'arguments': []}") + ", "
                + column(
                        "amount",
                        "decimal(10,2)",
                        "{'rawType': 'decimal', 'arguments': [{'kind': 'LONG', 'value': 10}, {'kind': 'LONG',"
                                + " 'value': 2}]}")
                + ", "
                + column(
                        "at",
                        "timestamp(6) with time zone",
                        "{'rawType': 'timestamp with time zone', 'arguments': [{'kind': 'LONG', 'value': 6}]}")
                + ", "
                + column(
                        "local",
                        "timestamp(6)",
                        "{'rawType': 'timestamp', 'arguments': [{'kind': 'LONG'," + " 'value': 6}]}")
                + ", "
                + column("raw", "varbinary", "{'rawType': 'varbinary', 'arguments': []}") + ", "
                + column(
                        "address",
                        "row(city varchar, zip integer)",
                        "{'rawType': 'row', 'arguments': [{'kind': 'NAMED_TYPE', 'value': {'fieldName': {'name':"
                                + " 'city'}, 'typeSignature': {'rawType': 'varchar', 'arguments': []}}}, {'kind':"
                                + " 'NAMED_TYPE', 'value': {'fieldName': {'name': 'zip'}, 'typeSignature': {'rawType':"
                                + " 'integer', 'arguments': []}}}]}")
                + ", "
                + column(
                        "prices",
                        "array(decimal(4,1))",
                        "{'rawType': 'array', 'arguments': [{'kind': 'TYPE', 'value': {'rawType': 'decimal',"
                                + " 'arguments': [{'kind': 'LONG', 'value': 4}, {'kind': 'LONG', 'value': 1}]}}]}")
                + ", "
                + column("ratio", "real", "{'rawType': 'real', 'arguments': []}") + ", "
                + column("score", "double", "{'rawType': 'double', 'arguments': []}") + ", "
                + column("day", "date", "{'rawType': 'date', 'arguments': []}")
                + "]";
        trino.onStatement(sql -> q(sql.startsWith("EXPLAIN") ? io("sales", "orders") : "{'nextUri': '{next:1}'}"))
                .page(
                        1,
                        q("{'nextUri': '{next:2}', 'columns': " + columns + ", 'data': [[1, '12.30',"
                                + " '2024-01-01 10:00:00.000000 UTC', '2024-01-01 10:00:00.123000', 'AQID', ['Oslo', 150],"
                                + " ['1.5', null], 1.1, 'NaN', '2024-02-29']]}"))
                .page(
                        2,
                        q("{'data': [[2, '-0.05', '2024-06-01 12:30:00.500000 Europe/Paris', null, null, null,"
                                + " [], null, 2.5, null]], 'stats': {'state': 'FINISHED', 'processedBytes': 4242}}"));

        try (QueryEngine.Execution execution =
                engine(trino.uri()).start(direct("SELECT * FROM sales.orders", AsOf.CURRENT), action -> {})) {
            assertThat(execution.columns())
                    .extracting(ResultColumn::name, ResultColumn::type)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("id", "long"),
                            org.assertj.core.groups.Tuple.tuple("amount", "decimal(10,2)"),
                            org.assertj.core.groups.Tuple.tuple("at", "timestamptz"),
                            org.assertj.core.groups.Tuple.tuple("local", "timestamp"),
                            org.assertj.core.groups.Tuple.tuple("raw", "binary"),
                            org.assertj.core.groups.Tuple.tuple("address", "struct"),
                            org.assertj.core.groups.Tuple.tuple("prices", "list<decimal(4,1)>"),
                            org.assertj.core.groups.Tuple.tuple("ratio", "float"),
                            org.assertj.core.groups.Tuple.tuple("score", "double"),
                            org.assertj.core.groups.Tuple.tuple("day", "date"));
            List<Object[]> rows = drain(execution);
            assertThat(rows).hasSize(2);
            // Each value as DuckDB's driver value becomes through the same ResultValues.
            assertThat(rows.get(0))
                    .containsExactly(
                            1L,
                            ResultValues.portable(new BigDecimal("12.30")),
                            ResultValues.portable(OffsetDateTime.of(2024, 1, 1, 10, 0, 0, 0, ZoneOffset.UTC)),
                            ResultValues.portable(LocalDateTime.of(2024, 1, 1, 10, 0, 0, 123_000_000)),
                            "AQID",
                            Map.of("city", "Oslo", "zip", 150L),
                            java.util.Arrays.asList("1.5", null),
                            ResultValues.portable(1.1f),
                            "NaN",
                            "2024-02-29");
            assertThat(rows.get(0)[2]).isEqualTo("2024-01-01T10:00:00Z");
            assertThat(rows.get(1)[1]).isEqualTo("-0.05");
            assertThat(rows.get(1)[2]).isEqualTo("2024-06-01T10:30:00.5Z");
            assertThat(execution.bytesRead()).isEqualTo(4242);
            assertThat(execution.tables()).containsExactly(ORDERS);
        }
        StubTrino.Request post = trino.posts().get(1);
        assertThat(post.body()).isEqualTo("SELECT * FROM sales.orders");
        assertThat(post.header("Authorization")).isEqualTo("Bearer service-token");
        assertThat(post.header("X-Trino-User")).isEqualTo("ana");
        assertThat(post.header("X-Trino-Catalog")).isEqualTo("iceberg");
        assertThat(post.header("X-Trino-Time-Zone")).isEqualTo("UTC");
        assertThat(post.header("X-Trino-Client-Capabilities")).isEqualTo("PARAMETRIC_DATETIME");
        assertThat(trino.posts().get(0).body()).isEqualTo("EXPLAIN (TYPE IO, FORMAT JSON) SELECT * FROM sales.orders");
    }

    @Test
    void asOfBecomesTrinosTimeTravelOnTheTablesTheStatementReads() {
        trino.onStatement(sql -> q(sql.startsWith("EXPLAIN") ? io("sales", "orders") : "{'columns': [], 'data': []}"));
        AsOf asOf = new AsOf(null, Map.of(ORDERS, AsOf.Point.snapshot(42)));
        engine(trino.uri())
                .start(direct("SELECT o.id FROM sales.orders o WHERE o.note = 'sales.orders'", asOf), action -> {})
                .close();
        assertThat(trino.posts().get(1).body())
                .isEqualTo("SELECT o.id FROM sales.orders FOR VERSION AS OF 42 o WHERE o.note = 'sales.orders'");

        AsOf other = new AsOf(null, Map.of(new TableName("sales", "returns"), AsOf.Point.snapshot(1)));
        assertThatThrownBy(() -> engine(trino.uri()).start(direct("SELECT * FROM sales.orders", other), a -> {}))
                .isInstanceOfSatisfying(QueryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(QueryException.Reason.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains("sales.returns");
                });
    }

    private QueryException failure(String errorName, String extra) {
        trino.onStatement(sql -> q("{'nextUri': '{next:1}'}"))
                .page(1, q("{'error': {'message': 'it failed', 'errorName': '" + errorName + "'" + extra + "}}"));
        GovernedStatement planned = new GovernedStatement(
                ANA,
                new StatementRequest("SELECT 1", EngineKind.TRINO, AsOf.CURRENT, null, null),
                new io.tributary.query.core.Inspection(Set.of(ORDERS), Set.of(), false),
                Map.of(
                        ORDERS,
                        new io.tributary.query.core.TablePlan(
                                ORDERS,
                                1L,
                                List.of(),
                                List.of(),
                                null,
                                new io.tributary.query.core.TablePlan.PlanStats(0, 0, 0))),
                Map.of());
        try {
            engine(trino.uri()).start(planned, action -> {}).close();
        } catch (QueryException e) {
            return e;
        }
        throw new AssertionError("no failure for " + errorName);
    }

    @Test
    void trinosErrorsBecomeTheServicesReasons() {
        QueryException syntax = failure("SYNTAX_ERROR", ", 'errorLocation': {'lineNumber': 2, 'columnNumber': 7}");
        assertThat(syntax.reason()).isEqualTo(QueryException.Reason.SYNTAX);
        assertThat(syntax.line()).isEqualTo(2);
        assertThat(syntax.column()).isEqualTo(7);
        assertThat(failure("TABLE_NOT_FOUND", "").reason()).isEqualTo(QueryException.Reason.UNKNOWN_TABLE);
        assertThat(failure("SCHEMA_NOT_FOUND", "").reason()).isEqualTo(QueryException.Reason.UNKNOWN_TABLE);
        assertThat(failure("PERMISSION_DENIED", "").reason()).isEqualTo(QueryException.Reason.ACCESS_DENIED);
        assertThat(failure("USER_CANCELED", "").reason()).isEqualTo(QueryException.Reason.CANCELLED);
        assertThat(failure("EXCEEDED_TIME_LIMIT", "").reason()).isEqualTo(QueryException.Reason.TIMED_OUT);
        QueryException other = failure("DIVISION_BY_ZERO", "");
        assertThat(other.reason()).isEqualTo(QueryException.Reason.EXECUTION);
        assertThat(other.getMessage()).isEqualTo("it failed");
    }

    @Test
    void anUnreachableTrinoIsUnavailable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertThatThrownBy(() -> engine(URI.create("http://127.0.0.1:" + port))
                        .start(direct("SELECT 1", AsOf.CURRENT), action -> {}))
                .isInstanceOfSatisfying(QueryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(QueryException.Reason.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("Trino at http://127.0.0.1:" + port + " cannot be reached");
                });
    }

    @Test
    void cancelDeletesTheRunningQuerySoTrinoStopsWorking() {
        String columns = "[" + column("n", "integer", "{'rawType': 'integer', 'arguments': []}") + "]";
        trino.onStatement(sql -> q(
                        sql.startsWith("EXPLAIN")
                                ? io("sales", "orders")
                                : "{'nextUri': '{next:1}', 'columns': " + columns + ", 'data': [[1]]}"))
                .page(1, q("{'nextUri': '{next:1}', 'data': []}"));
        QueryEngine.Execution execution =
                engine(trino.uri()).start(direct("SELECT n FROM sales.orders", AsOf.CURRENT), action -> {});
        assertThat(execution.next()).containsExactly(1L);
        execution.cancel();
        assertThat(trino.requests).anySatisfy(request -> {
            assertThat(request.method()).isEqualTo("DELETE");
            assertThat(request.path()).isEqualTo("/v1/statement/queued/q/1");
        });
        assertThatThrownBy(execution::next)
                .isInstanceOfSatisfying(
                        QueryException.class, e -> assertThat(e.reason()).isEqualTo(QueryException.Reason.CANCELLED));
        execution.close();
    }

    @Test
    void aStatementWithoutAnIoPlanStillRuns() {
        trino.onStatement(sql -> q(
                sql.startsWith("EXPLAIN")
                        ? "{'error': {'message': 'not supported', 'errorName': 'NOT_SUPPORTED'}}"
                        : "{'updateType': 'CREATE SCHEMA'}"));
        try (QueryEngine.Execution execution =
                engine(trino.uri()).start(direct("CREATE SCHEMA sales", AsOf.CURRENT), action -> {})) {
            assertThat(execution.columns()).isEmpty();
            assertThat(execution.next()).isNull();
        }
        assertThat(trino.posts()).extracting(StubTrino.Request::body).last().isEqualTo("CREATE SCHEMA sales");
    }
}
