package io.tributary.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.rest.RESTCatalog;

/**
 * TPC-H queries 1, 3, 5, 6, 10 and 18 through {@code POST /api/query/v1/statements} (engine duckdb, through the
 * gateway), next to DuckDB reading the same Parquet files directly in this process in the same run, with the same
 * {@code threads} and {@code memory_limit} as the service's engine; then the time to the first row of a
 * {@code LIMIT 10} over a table of more than 10M rows, and the same queries on Trino, through query-service when it
 * offers the engine and directly.
 *
 * <p>The data is TPC-H's, copied into the lake once by Trino as ada ({@code CREATE TABLE ... AS SELECT * FROM
 * tpch.sf1.<table>}) into namespace {@code BENCH_NAMESPACE}; later runs reuse it.
 *
 * <p>Settings (environment): {@code BENCH_NAMESPACE} (bench_tpch), {@code BENCH_SCALE} (sf1), {@code BENCH_RUNS} (5
 * per query and path, after one unmeasured), {@code BENCH_USER} (sam, a steward), {@code BENCH_BIG_SCALE} (sf2: its
 * lineitem, 12M rows, is the first-row table; empty skips), {@code BENCH_TRINO_RUNS} (3; 0 skips Trino).
 */
public final class QueryBench {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final List<String> TABLES =
            List.of("nation", "region", "part", "supplier", "partsupp", "customer", "orders", "lineitem");

    private static final Map<String, String> tokens = new HashMap<>();
    private static final Map<String, Long> tokenTimes = new HashMap<>();

    /** The user's token, fetched again after two minutes: Keycloak's tokens live five, a run lasts longer. */
    private static String token(String user) throws IOException, InterruptedException {
        Long at = tokenTimes.get(user);
        if (at == null || System.nanoTime() - at > TimeUnit.MINUTES.toNanos(2)) {
            tokens.put(user, Env.userToken(HTTP, user));
            tokenTimes.put(user, System.nanoTime());
        }
        return tokens.get(user);
    }

    public static void main(String[] args) throws Exception {
        String gateway = Env.get("TRIBUTARY_GATEWAY_URL", "http://localhost:8080");
        String ns = Env.get("BENCH_NAMESPACE", "bench_tpch");
        String scale = Env.get("BENCH_SCALE", "sf1");
        String bigScale = Env.get("BENCH_BIG_SCALE", "sf2");
        int runs = Integer.parseInt(Env.get("BENCH_RUNS", "5"));
        int trinoRuns = Integer.parseInt(Env.get("BENCH_TRINO_RUNS", "3"));
        String user = Env.get("BENCH_USER", "sam");
        Trino trino = new Trino();

        // --- the data: TPC-H through Trino into the lake, once ---------------------------------------------------
        Map<String, String> loads = new LinkedHashMap<>();
        for (String table : TABLES) {
            loads.put(table, "tpch." + scale + "." + table);
        }
        if (!bigScale.isEmpty()) {
            loads.put("lineitem_" + bigScale, "tpch." + bigScale + ".lineitem");
        }
        try (RESTCatalog catalog = catalog(gateway, token("ada"))) {
            Namespace namespace = Namespace.of(ns);
            if (!catalog.namespaceExists(namespace)) {
                String warehouse = Env.JSON
                        .readTree(get(gateway + "/iceberg/v1/config", token("ada")))
                        .path("defaults")
                        .path("warehouse")
                        .asText();
                // Trino stages CTAS only in a namespace that has a location.
                trino.run("ada", "CREATE SCHEMA iceberg." + ns + " WITH (location = '" + warehouse + "/" + ns + "')");
            }
            for (Map.Entry<String, String> load : loads.entrySet()) {
                if (catalog.tableExists(TableIdentifier.of(namespace, load.getKey()))) {
                    continue;
                }
                long t0 = System.nanoTime();
                trino.run(
                        "ada",
                        "CREATE TABLE iceberg." + ns + "." + load.getKey() + " AS SELECT * FROM " + load.getValue());
                System.out.printf(
                        "loaded %s from %s through Trino in %.1f s%n",
                        load.getKey(), load.getValue(), (System.nanoTime() - t0) / 1e9);
            }
        }

        // --- raw DuckDB on the same files -----------------------------------------------------------------------
        String engineMemory = Env.get("BENCH_DUCKDB_MEMORY", "1GB");
        String engineThreads = Env.get("BENCH_DUCKDB_THREADS", "2");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                RESTCatalog catalog = catalog(gateway, token("ada"))) {
            try (var s = duck.createStatement()) {
                s.execute("SET memory_limit = '" + engineMemory + "'");
                s.execute("SET threads = " + engineThreads);
                s.execute("CREATE SCHEMA " + ns);
            }
            long rows = 0;
            String byId = ns + "_by_field_id";
            try (var s = duck.createStatement()) {
                s.execute("CREATE SCHEMA " + byId);
            }
            for (String table : loads.keySet()) {
                Table iceberg = catalog.loadTable(TableIdentifier.of(ns, table));
                String list = files(iceberg).stream().map(f -> "'" + f + "'").collect(Collectors.joining(", "));
                try (var s = duck.createStatement()) {
                    s.execute("CREATE VIEW " + ns + "." + table + " AS SELECT * FROM read_parquet([" + list + "])");
                    // The way query-service reads a snapshot: Parquet columns mapped by Iceberg field id.
                    s.execute("CREATE VIEW " + byId + "." + table + " AS SELECT * FROM read_parquet([" + list
                            + "], schema := " + schemaMap(iceberg.schema()) + ")");
                }
                if (table.equals("lineitem")) {
                    try (var s = duck.createStatement();
                            ResultSet r = s.executeQuery("SELECT count(*) FROM " + ns + ".lineitem")) {
                        r.next();
                        rows = r.getLong(1);
                    }
                }
            }
            System.out.printf(
                    "TPC-H %s in %s (lineitem %d rows); raw DuckDB with threads=%s, memory_limit=%s as the service's"
                            + " engine; %d runs per query and path after one unmeasured, medians%n",
                    scale, ns, rows, engineThreads, engineMemory, runs);

            String statements = gateway + "/api/query/v1/statements";
            System.out.println("| query | raw DuckDB ms | raw DuckDB, columns by field id ms | governed (query-service,"
                    + " duckdb) ms | governed / raw | rows |");
            System.out.println("|---|---|---|---|---|---|");
            List<String> worst = new ArrayList<>();
            double rawTotal = 0;
            double byIdTotal = 0;
            double governedTotal = 0;
            for (Map.Entry<String, String> query : queries(ns).entrySet()) {
                String sql = query.getValue();
                int expected = rawRows(duck, sql);
                int governedRows = governed(statements, token(user), sql, "duckdb");
                if (governedRows != expected) {
                    throw new IllegalStateException(
                            query.getKey() + ": the service answered " + governedRows + " rows, DuckDB " + expected);
                }
                String sqlById = sql.replace(ns + ".", byId + ".");
                rawRows(duck, sqlById);
                double[] raw = new double[runs];
                double[] id = new double[runs];
                double[] gov = new double[runs];
                for (int i = 0; i < runs; i++) {
                    long t0 = System.nanoTime();
                    rawRows(duck, sql);
                    raw[i] = (System.nanoTime() - t0) / 1e6;
                    t0 = System.nanoTime();
                    rawRows(duck, sqlById);
                    id[i] = (System.nanoTime() - t0) / 1e6;
                    t0 = System.nanoTime();
                    governed(statements, token(user), sql, "duckdb");
                    gov[i] = (System.nanoTime() - t0) / 1e6;
                }
                double r = median(raw);
                double b = median(id);
                double g = median(gov);
                rawTotal += r;
                byIdTotal += b;
                governedTotal += g;
                System.out.printf(
                        "| %s | %.0f | %.0f | %.0f | %.2f× | %d |%n", query.getKey(), r, b, g, g / r, expected);
                worst.add(String.format(
                        "%s: raw %.0f, by field id %.0f, governed %.0f ms",
                        query.getKey(), max(raw), max(id), max(gov)));
            }
            System.out.printf(
                    "| all six | %.0f | %.0f | %.0f | %.2f× | |%n",
                    rawTotal, byIdTotal, governedTotal, governedTotal / rawTotal);
            System.out.println("slowest of the " + runs + " runs per path:");
            worst.forEach(line -> System.out.println("- " + line));

            if (!bigScale.isEmpty()) {
                String big = ns + ".lineitem_" + bigScale;
                long bigRows;
                try (var s = duck.createStatement();
                        ResultSet r = s.executeQuery("SELECT count(*) FROM " + big)) {
                    r.next();
                    bigRows = r.getLong(1);
                }
                String sql = "SELECT * FROM " + big + " LIMIT 10";
                double[] raw = new double[runs];
                double[] gov = new double[runs];
                firstRowRaw(duck, sql);
                firstRowGoverned(statements, token(user), sql);
                for (int i = 0; i < runs; i++) {
                    raw[i] = firstRowRaw(duck, sql);
                    gov[i] = firstRowGoverned(statements, token(user), sql);
                }
                System.out.printf("time to first row, %s (%d rows), medians of %d:%n", sql, bigRows, runs);
                System.out.println("| path | first row ms | ratio |");
                System.out.println("|---|---|---|");
                System.out.printf("| raw DuckDB (JDBC, first next()) | %.0f | 1.00× |%n", median(raw));
                System.out.printf(
                        "| governed, NDJSON stream through the gateway (first line) | %.0f | %.2f× |%n",
                        median(gov), median(gov) / median(raw));
                System.out.printf("slowest of the %d runs: raw %.0f ms, governed %.0f ms%n", runs, max(raw), max(gov));
            }

            if (trinoRuns > 0) {
                trinoRows(trino, statements, user, ns, trinoRuns, queries(ns));
            }
        }
    }

    /** TPC-H's queries with the column names of Trino's tpch connector (no {@code l_}/{@code o_} prefixes). */
    static Map<String, String> queries(String ns) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put(
                "Q1",
                "SELECT returnflag, linestatus, sum(quantity) AS sum_qty, sum(extendedprice) AS sum_base_price,"
                        + " sum(extendedprice * (1 - discount)) AS sum_disc_price,"
                        + " sum(extendedprice * (1 - discount) * (1 + tax)) AS sum_charge, avg(quantity) AS avg_qty,"
                        + " avg(extendedprice) AS avg_price, avg(discount) AS avg_disc, count(*) AS count_order"
                        + " FROM %1$s.lineitem WHERE shipdate <= DATE '1998-09-02'"
                        + " GROUP BY returnflag, linestatus ORDER BY returnflag, linestatus");
        q.put(
                "Q3",
                "SELECT l.orderkey, sum(l.extendedprice * (1 - l.discount)) AS revenue, o.orderdate, o.shippriority"
                        + " FROM %1$s.customer c, %1$s.orders o, %1$s.lineitem l"
                        + " WHERE c.mktsegment = 'BUILDING' AND c.custkey = o.custkey AND l.orderkey = o.orderkey"
                        + " AND o.orderdate < DATE '1995-03-15' AND l.shipdate > DATE '1995-03-15'"
                        + " GROUP BY l.orderkey, o.orderdate, o.shippriority ORDER BY revenue DESC, o.orderdate"
                        + " LIMIT 10");
        q.put(
                "Q5",
                "SELECT n.name, sum(l.extendedprice * (1 - l.discount)) AS revenue"
                        + " FROM %1$s.customer c, %1$s.orders o, %1$s.lineitem l, %1$s.supplier s, %1$s.nation n,"
                        + " %1$s.region r"
                        + " WHERE c.custkey = o.custkey AND l.orderkey = o.orderkey AND l.suppkey = s.suppkey"
                        + " AND c.nationkey = s.nationkey AND s.nationkey = n.nationkey AND n.regionkey = r.regionkey"
                        + " AND r.name = 'ASIA' AND o.orderdate >= DATE '1994-01-01' AND o.orderdate < DATE '1995-01-01'"
                        + " GROUP BY n.name ORDER BY revenue DESC");
        q.put(
                "Q6",
                "SELECT sum(extendedprice * discount) AS revenue FROM %1$s.lineitem"
                        + " WHERE shipdate >= DATE '1994-01-01' AND shipdate < DATE '1995-01-01'"
                        + " AND discount BETWEEN 0.05 AND 0.07 AND quantity < 24");
        q.put(
                "Q10",
                "SELECT c.custkey, c.name, sum(l.extendedprice * (1 - l.discount)) AS revenue, c.acctbal,"
                        + " n.name AS nation, c.address, c.phone, c.comment"
                        + " FROM %1$s.customer c, %1$s.orders o, %1$s.lineitem l, %1$s.nation n"
                        + " WHERE c.custkey = o.custkey AND l.orderkey = o.orderkey AND o.orderdate >= DATE '1993-10-01'"
                        + " AND o.orderdate < DATE '1994-01-01' AND l.returnflag = 'R' AND c.nationkey = n.nationkey"
                        + " GROUP BY c.custkey, c.name, c.acctbal, c.phone, n.name, c.address, c.comment"
                        + " ORDER BY revenue DESC LIMIT 20");
        q.put(
                "Q18",
                "SELECT c.name, c.custkey, o.orderkey, o.orderdate, o.totalprice, sum(l.quantity) AS qty"
                        + " FROM %1$s.customer c, %1$s.orders o, %1$s.lineitem l"
                        + " WHERE o.orderkey IN (SELECT orderkey FROM %1$s.lineitem GROUP BY orderkey"
                        + " HAVING sum(quantity) > 300)"
                        + " AND c.custkey = o.custkey AND o.orderkey = l.orderkey"
                        + " GROUP BY c.name, c.custkey, o.orderkey, o.orderdate, o.totalprice"
                        + " ORDER BY o.totalprice DESC, o.orderdate LIMIT 100");
        q.replaceAll((name, sql) -> String.format(sql, ns));
        return q;
    }

    private static RESTCatalog catalog(String gateway, String token) {
        RESTCatalog catalog = new RESTCatalog();
        catalog.initialize("bench", new HashMap<>(Map.of("uri", gateway + "/iceberg", "token", token)));
        return catalog;
    }

    /** The current snapshot's data files as local paths; a table with delete files is not a fair raw read. */
    private static List<String> files(Table table) throws IOException {
        List<String> files = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            for (FileScanTask task : tasks) {
                if (!task.deletes().isEmpty()) {
                    throw new IllegalStateException(table.name() + " has delete files");
                }
                String location = task.file().location();
                files.add(location.startsWith("file:") ? URI.create(location).getPath() : location);
            }
        }
        return files;
    }

    /** DuckDB's {@code read_parquet} schema map for an Iceberg schema of primitive columns, as query-service builds it. */
    private static String schemaMap(org.apache.iceberg.Schema schema) {
        return schema.columns().stream()
                .map(c -> c.fieldId() + ": {name: '" + c.name() + "', type: '" + duckType(c.type())
                        + "', default_value: NULL}")
                .collect(Collectors.joining(", ", "MAP {", "}"));
    }

    private static String duckType(org.apache.iceberg.types.Type type) {
        return switch (type.typeId()) {
            case INTEGER -> "INTEGER";
            case LONG -> "BIGINT";
            case DOUBLE -> "DOUBLE";
            case FLOAT -> "FLOAT";
            case STRING -> "VARCHAR";
            case DATE -> "DATE";
            case BOOLEAN -> "BOOLEAN";
            case DECIMAL ->
                "DECIMAL(" + ((org.apache.iceberg.types.Types.DecimalType) type).precision() + ", "
                        + ((org.apache.iceberg.types.Types.DecimalType) type).scale() + ")";
            default -> throw new IllegalStateException("no DuckDB type here for " + type);
        };
    }

    private static int rawRows(Connection duck, String sql) throws SQLException {
        int rows = 0;
        try (var s = duck.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                rows++;
            }
        }
        return rows;
    }

    private static double firstRowRaw(Connection duck, String sql) throws SQLException {
        long t0 = System.nanoTime();
        try (var s = duck.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return (System.nanoTime() - t0) / 1e6;
        }
    }

    /** The whole answer, page by page; the number of rows. */
    static int governed(String url, String token, String sql, String engine) throws Exception {
        ObjectNode body = Env.JSON.createObjectNode().put("sql", sql).put("engine", engine);
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofMinutes(10))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        int rows = 0;
        while (true) {
            if (response.statusCode() != 200) {
                throw new GovernedFailure(response.statusCode(), response.body());
            }
            JsonNode page = Env.JSON.readTree(response.body());
            rows += page.path("data").size();
            String state = page.path("state").asText();
            if (state.equals("FAILED")) {
                throw new GovernedFailure(200, response.body());
            }
            if (!page.hasNonNull("next-uri")) {
                return rows;
            }
            if (state.equals("RUNNING") || state.equals("QUEUED")) {
                Thread.sleep(5);
            }
            URI next = URI.create(url).resolve(page.get("next-uri").asText());
            response = HTTP.send(
                    HttpRequest.newBuilder(next)
                            .timeout(Duration.ofMinutes(10))
                            .header("Authorization", "Bearer " + token)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    static final class GovernedFailure extends RuntimeException {
        final int status;

        GovernedFailure(int status, String body) {
            super("query-service answered " + status + ": " + body);
            this.status = status;
        }
    }

    private static double firstRowGoverned(String url, String token, String sql) throws Exception {
        ObjectNode body = Env.JSON.createObjectNode().put("sql", sql).put("engine", "duckdb");
        long t0 = System.nanoTime();
        HttpResponse<InputStream> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/x-ndjson")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String first = reader.readLine();
            double millis = (System.nanoTime() - t0) / 1e6;
            if (response.statusCode() != 200 || first == null || first.startsWith("{\"error\"")) {
                throw new IllegalStateException("the NDJSON stream answered " + response.statusCode() + ": " + first);
            }
            while (reader.readLine() != null) {
                // the rest of the ten rows
            }
            return millis;
        }
    }

    private static void trinoRows(
            Trino trino, String statements, String user, String ns, int runs, Map<String, String> queries)
            throws Exception {
        boolean throughService = true;
        try {
            governed(statements, token(user), queries.get("Q6"), "trino");
        } catch (GovernedFailure e) {
            if (e.status != 422) {
                throw e;
            }
            throughService = false;
            System.out.println("query-service answered 422 to engine=trino: " + e.getMessage());
        }
        System.out.printf("Trino, %d runs per query and path after one unmeasured, medians%n", runs);
        System.out.println(
                throughService
                        ? "| query | Trino directly ms | through query-service (engine trino) ms | ratio |"
                        : "| query | Trino directly ms | | |");
        System.out.println("|---|---|---|---|");
        for (Map.Entry<String, String> query : queries.entrySet()) {
            String sql = query.getValue();
            trino.run(user, sql);
            if (throughService) {
                governed(statements, token(user), sql, "trino");
            }
            double[] direct = new double[runs];
            double[] service = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                trino.run(user, sql);
                direct[i] = (System.nanoTime() - t0) / 1e6;
                if (throughService) {
                    t0 = System.nanoTime();
                    try {
                        governed(statements, token(user), sql, "trino");
                    } catch (GovernedFailure e) {
                        // Governance restarting under Trino fails a statement; say so and measure it again.
                        System.out.println(query.getKey() + " through query-service failed once, measured again: "
                                + e.getMessage());
                        Thread.sleep(5000);
                        t0 = System.nanoTime();
                        governed(statements, token(user), sql, "trino");
                    }
                    service[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
            if (throughService) {
                System.out.printf(
                        "| %s | %.0f | %.0f | %.2f× |%n",
                        query.getKey(), median(direct), median(service), median(service) / median(direct));
            } else {
                System.out.printf("| %s | %.0f | | |%n", query.getKey(), median(direct));
            }
        }
    }

    private static String get(String url, String token) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode());
        }
        return response.body();
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Trino's client protocol over HTTPS with the user's Keycloak token, trusting the launcher's certificate. */
    static final class Trino {

        private final HttpClient http;
        private final String url;

        Trino() throws Exception {
            url = "https://localhost:" + Env.get("TRIBUTARY_TRINO_HTTPS_PORT", "18443");
            Path pem = Path.of(Env.get(
                    "TRIBUTARY_TRINO_CERT",
                    Path.of(".tributary", "trino", "tls", "trino.pem").toString()));
            HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
            if (Files.isReadable(pem)) {
                KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                try (InputStream in = Files.newInputStream(pem)) {
                    trust.setCertificateEntry(
                            "trino", CertificateFactory.getInstance("X.509").generateCertificate(in));
                }
                TrustManagerFactory factory =
                        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(trust);
                SSLContext tls = SSLContext.getInstance("TLS");
                tls.init(null, factory.getTrustManagers(), null);
                builder.sslContext(tls);
            }
            http = builder.build();
        }

        /**
         * Runs {@code sql} as {@code user} in catalog iceberg to its end; the number of rows. Fails with Trino's error.
         * Each request takes a fresh enough token, as a load may outlive one.
         */
        int run(String user, String sql) throws Exception {
            JsonNode page = send(HttpRequest.newBuilder(URI.create(url + "/v1/statement"))
                    .header("Authorization", "Bearer " + token(user))
                    .header("X-Trino-Catalog", "iceberg")
                    .header("X-Trino-Source", "tributary-bench")
                    .POST(HttpRequest.BodyPublishers.ofString(sql))
                    .build());
            int rows = 0;
            while (true) {
                rows += page.path("data").size();
                if (page.hasNonNull("error")) {
                    JsonNode error = page.get("error");
                    throw new IllegalStateException(
                            "Trino: " + error.path("errorName").asText() + ": "
                                    + error.path("message").asText() + " (" + sql + ")");
                }
                if (!page.hasNonNull("nextUri")) {
                    return rows;
                }
                page = send(
                        HttpRequest.newBuilder(URI.create(page.get("nextUri").asText()))
                                .header("Authorization", "Bearer " + token(user))
                                .GET()
                                .build());
            }
        }

        private JsonNode send(HttpRequest request) throws Exception {
            while (true) {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 503) {
                    Thread.sleep(100);
                    continue;
                }
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("Trino answered " + response.statusCode() + ": " + response.body());
                }
                return Env.JSON.readTree(response.body());
            }
        }
    }
}
