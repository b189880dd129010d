package io.tributary.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.rest.RESTCatalog;

/**
 * Quality rules at scale, and what write-audit-publish costs in freshness.
 *
 * <p>Rules: a table of {@code BENCH_ROWS} (1,000,000) orders loaded through the gateway in batches of
 * {@code BENCH_BATCH} (5,000), then ten rules checked on the whole snapshot through query-service's
 * {@code POST /api/query/v1/checks} with governance's client-credentials token: one call, one count query per rule
 * and a sample query where the rule has one, each shaped as governance's {@code QualitySql} builds it with every
 * rule reading {@code {table}}. Baseline, same run: the same SQL with {@code {table}} replaced by
 * {@code read_parquet([...])} of the snapshot's data files, on DuckDB in this process with the service engine's
 * {@code threads} and {@code memory_limit}. Both paths run once unmeasured, then alternate {@code BENCH_RUNS} (5)
 * times. Then the ten rules are created for real ({@code warn}) and one more record is posted, so that governance
 * checks a snapshot of the table on its own: the sum of its results' {@code duration-ms}.
 *
 * <p>Freshness: two tables, one under a {@code block} rule (so the lake writer lands records on branch {@code audit}
 * and governance publishes passing snapshots to {@code main}), one without rules. Single-record probes alternate
 * between them ({@code BENCH_PROBES}, 40 each, one every 1.5 s), each timed from its ingest receipt until the table's
 * {@code main} snapshot, polled every 20 ms through the catalog, counts it.
 *
 * <p>Settings (environment): {@code BENCH_ROWS} (1000000), {@code BENCH_BATCH} (5000), {@code BENCH_CLIENTS} (4,
 * loading), {@code BENCH_RUNS} (5), {@code BENCH_PROBES} (40 per table; 0 skips freshness), {@code BENCH_NAMESPACE}
 * (reuse an orders table loaded before: no load), {@code BENCH_DUCKDB_THREADS} (2), {@code BENCH_DUCKDB_MEMORY} (1GB).
 */
public final class QualityBench {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String[] STATUSES = {"new", "paid", "shipped", "cancelled"};

    private static final Map<String, String> tokens = new HashMap<>();
    private static final Map<String, Long> tokenTimes = new HashMap<>();

    /** The rules measured, as governance stores them; {@link #checks} is their SQL. */
    record Rule(String name, String type, List<String> columns, Map<String, Object> params) {}

    static final List<Rule> RULES = List.of(
            new Rule("ids and customers set", "not_null", List.of("order_id", "customer"), null),
            new Rule("one order per id", "unique", List.of("order_id"), null),
            new Rule("known status", "accepted_values", List.of("status"), Map.of("values", List.of(STATUSES))),
            new Rule("amount in range", "range", List.of("amount"), Map.of("min", 0, "max", 10000)),
            new Rule("email shape", "regex", List.of("email"), Map.of("pattern", "^[^@ ]+@[^@ ]+\\.[a-z]+$")),
            new Rule("customer length", "length", List.of("customer"), Map.of("min", 1, "max", 64)),
            new Rule("email length", "length", List.of("email"), Map.of("max", 254)),
            new Rule("not empty", "row_count", List.of(), Map.of("min", 1)),
            new Rule("fresh", "freshness", List.of("created_at"), Map.of("max-age", "P1D")),
            new Rule(
                    "no paid order without amount",
                    "sql",
                    List.of(),
                    Map.of("sql", "SELECT order_id FROM {table} WHERE status = 'paid' AND amount <= 0")));

    /**
     * The ten rules' queries (id → SQL), exactly as {@code QualitySql.compile} writes them with the target relation
     * {@code {table}} for every rule, the ingest key {@code order_id} as sample key, DuckDB's dialect, and a
     * {@code timestamptz} column for the freshness rule.
     */
    static Map<String, String> checks() {
        String t = "{table}";
        Map<String, String> q = new LinkedHashMap<>();
        row(q, "r0", "(\"order_id\" IS NULL OR \"customer\" IS NULL)");
        String duplicates = "WITH duplicates AS (SELECT t.\"order_id\", count(*) AS occurrences FROM " + t
                + " AS t WHERE t.\"order_id\" IS NOT NULL GROUP BY t.\"order_id\" HAVING count(*) > 1) ";
        q.put(
                "r1.count",
                duplicates + "SELECT (SELECT count(*) FROM " + t
                        + " AS s) AS checked_rows, CAST(coalesce(sum(occurrences), 0) AS BIGINT) AS failing_rows"
                        + " FROM duplicates");
        q.put(
                "r1.samples",
                duplicates + "SELECT \"order_id\", occurrences FROM duplicates ORDER BY occurrences DESC"
                        + " LIMIT 20");
        row(
                q,
                "r2",
                "(\"status\" IS NOT NULL AND CAST(\"status\" AS VARCHAR) NOT IN ('new', 'paid', 'shipped',"
                        + " 'cancelled'))");
        row(q, "r3", "(\"amount\" IS NOT NULL AND (\"amount\" < 0 OR \"amount\" > 10000))");
        row(q, "r4", "(\"email\" IS NOT NULL AND NOT regexp_matches(\"email\", '^[^@ ]+@[^@ ]+\\.[a-z]+$'))");
        row(q, "r5", "(\"customer\" IS NOT NULL AND (length(\"customer\") < 1 OR length(\"customer\") > 64))");
        row(q, "r6", "(\"email\" IS NOT NULL AND (length(\"email\") > 254))");
        q.put(
                "r7.count",
                "SELECT count(*) AS checked_rows, CASE WHEN (count(*) < 1) THEN 1 ELSE 0 END AS failing_rows FROM " + t
                        + " AS t");
        q.put(
                "r8.count",
                "SELECT count(*) AS checked_rows, CASE WHEN max(\"created_at\") IS NULL OR max(\"created_at\") <"
                        + " current_timestamp - INTERVAL '86400' SECOND THEN 1 ELSE 0 END AS failing_rows FROM " + t
                        + " AS t");
        String statement = "SELECT order_id FROM {table} WHERE status = 'paid' AND amount <= 0";
        q.put(
                "r9.count",
                "SELECT CAST(NULL AS BIGINT) AS checked_rows, count(*) AS failing_rows FROM (\n" + statement
                        + "\n) AS q");
        q.put("r9.samples", "SELECT * FROM (\n" + statement + "\n) AS q LIMIT 20");
        return q;
    }

    private static void row(Map<String, String> q, String id, String failing) {
        q.put(
                id + ".count",
                "SELECT count(*) AS checked_rows, count(*) FILTER (WHERE " + failing
                        + ") AS failing_rows FROM {table} AS t");
        q.put(id + ".samples", "SELECT \"order_id\" FROM {table} AS t WHERE " + failing + " LIMIT 20");
    }

    public static void main(String[] args) throws Exception {
        String gateway = Env.get("TRIBUTARY_GATEWAY_URL", "http://localhost:8080");
        String query = Env.get("TRIBUTARY_GATEWAY_QUERY_URL", "http://127.0.0.1:8083");
        int rows = Integer.parseInt(Env.get("BENCH_ROWS", "1000000"));
        int batch = Integer.parseInt(Env.get("BENCH_BATCH", "5000"));
        int clients = Integer.parseInt(Env.get("BENCH_CLIENTS", "4"));
        int runs = Integer.parseInt(Env.get("BENCH_RUNS", "5"));
        int probes = Integer.parseInt(Env.get("BENCH_PROBES", "40"));
        String reuse = Env.get("BENCH_NAMESPACE", "");
        String ns = reuse.isEmpty() ? "bench_quality_" + Long.toString(System.currentTimeMillis(), 36) : reuse;
        System.out.printf("namespace %s%n", ns);

        try (RESTCatalog catalog = new RESTCatalog()) {
            catalog.initialize("bench", new HashMap<>(Map.of("uri", gateway + "/iceberg", "token", token("ada"))));
            if (probes > 0) {
                freshness(gateway, catalog, ns, probes);
            }
            rules(gateway, query, catalog, ns, reuse.isEmpty(), rows, batch, clients, runs);
        }
    }

    // --- 1: ten rules on a 1M-row snapshot ----------------------------------------------------------------------

    private static void rules(
            String gateway,
            String query,
            RESTCatalog catalog,
            String ns,
            boolean load,
            int rows,
            int batch,
            int clients,
            int runs)
            throws Exception {
        TableIdentifier id = TableIdentifier.of(ns, "orders");
        if (load) {
            createTable(
                    gateway,
                    ns,
                    "orders",
                    List.of(
                            column("order_id", "long", true),
                            column("customer", "string", false),
                            column("email", "string", false),
                            column("status", "string", false),
                            column("amount", "double", false),
                            column("created_at", "timestamptz", false)));
            String url = gateway + "/api/ingest/v1/tables/" + ns + "/orders/records";
            awaitAccepted(url, "[" + order(0, Instant.now().truncatedTo(ChronoUnit.SECONDS)) + "]");
            long t0 = System.nanoTime();
            double rate = load(url, 1, rows - 1, batch, clients);
            awaitRecords(catalog, id, rows, TimeUnit.MINUTES.toNanos(10));
            System.out.printf(
                    "loaded %d orders through the gateway (batches of %d, %d clients) at %.0f records/s; in the main"
                            + " snapshot after %.1f s%n",
                    rows, batch, clients, rate, (System.nanoTime() - t0) / 1e9);
        }
        Table table = catalog.loadTable(id);
        Snapshot snapshot = table.currentSnapshot();
        List<String> files = files(table);
        System.out.printf(
                "snapshot %d: %s records in %d data files%n",
                snapshot.snapshotId(), snapshot.summary().get("total-records"), files.size());

        Map<String, String> sql = checks();
        String relation =
                "read_parquet([" + files.stream().map(f -> "'" + f + "'").collect(Collectors.joining(", ")) + "])";
        ObjectNode body =
                Env.JSON.createObjectNode().put("table", ns + ".orders").put("snapshot-id", snapshot.snapshotId());
        ArrayNode queries = body.putArray("queries");
        sql.forEach((qid, text) -> queries.addObject().put("id", qid).put("sql", text));
        String checksUrl = query + "/api/query/v1/checks";

        String threads = Env.get("BENCH_DUCKDB_THREADS", "2");
        String memory = Env.get("BENCH_DUCKDB_MEMORY", "1GB");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            try (var s = duck.createStatement()) {
                s.execute("SET memory_limit = '" + memory + "'");
                s.execute("SET threads = " + threads);
            }
            Map<String, List<List<Object>>> raw = raw(duck, sql, relation, null);
            JsonNode governed = governed(checksUrl, body);
            compare(raw, governed);
            double[] rawMs = new double[runs];
            double[] govMs = new double[runs];
            Map<String, Long> rawQuery = new LinkedHashMap<>();
            Map<String, Long> govQuery = new LinkedHashMap<>();
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                raw(duck, sql, relation, rawQuery);
                rawMs[i] = (System.nanoTime() - t0) / 1e6;
                t0 = System.nanoTime();
                JsonNode answer = governed(checksUrl, body);
                govMs[i] = (System.nanoTime() - t0) / 1e6;
                for (JsonNode result : answer.path("results")) {
                    govQuery.merge(
                            result.path("id").asText(),
                            result.path("duration-ms").asLong(),
                            Long::sum);
                }
            }
            System.out.printf(
                    "10 rules, %d queries on the whole snapshot, %d runs per path after one unmeasured;"
                            + " raw DuckDB with threads=%s, memory_limit=%s%n",
                    sql.size(), runs, threads, memory);
            System.out.println("| path | p50 ms | max ms | ratio (p50) |");
            System.out.println("|---|---|---|---|");
            System.out.printf(
                    "| baseline: DuckDB in the bench JVM, read_parquet of the snapshot's files | %.0f | %.0f | 1.00× |%n",
                    median(rawMs), max(rawMs));
            System.out.printf(
                    "| POST /api/query/v1/checks (query-service, one call) | %.0f | %.0f | %.2f× |%n",
                    median(govMs), max(govMs), median(govMs) / median(rawMs));
            System.out.println("per query, mean of the measured runs (raw / the service's duration-ms):");
            for (String qid : sql.keySet()) {
                System.out.printf(
                        "- %s: %.0f / %.0f ms%n",
                        qid,
                        rawQuery.getOrDefault(qid, 0L) / 1e6 / runs,
                        govQuery.getOrDefault(qid, 0L) / (double) runs);
            }
        }

        if (load) {
            governanceRun(gateway, catalog, ns, id, rows);
        }
    }

    /** The rules created for real, then one record: governance checks the snapshot that adds it, by itself. */
    private static void governanceRun(String gateway, RESTCatalog catalog, String ns, TableIdentifier id, int rows)
            throws Exception {
        for (Rule rule : RULES) {
            ObjectNode body = Env.JSON
                    .createObjectNode()
                    .put("table", ns + ".orders")
                    .put("name", rule.name())
                    .put("type", rule.type())
                    .put("severity", "warn");
            ArrayNode columns = body.putArray("columns");
            rule.columns().forEach(columns::add);
            if (rule.params() != null) {
                body.set("params", Env.JSON.valueToTree(rule.params()));
            }
            send(gateway + "/api/governance/v1/quality/rules", token("sam"), body.toString(), 201);
        }
        String url = gateway + "/api/ingest/v1/tables/" + ns + "/orders/records";
        send(url, producer(), "[" + order(rows, Instant.now().truncatedTo(ChronoUnit.SECONDS)) + "]", 200);
        awaitRecords(catalog, id, rows + 1L, TimeUnit.MINUTES.toNanos(2));
        long snapshot = catalog.loadTable(id).currentSnapshot().snapshotId();
        String results = gateway + "/api/governance/v1/quality/results?limit=100&snapshot-id=" + snapshot + "&table="
                + URLEncoder.encode(ns + ".orders", StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        JsonNode answer;
        while (true) {
            answer = Env.JSON.readTree(send(results, token("sam"), null, 200)).path("results");
            if (answer.size() >= RULES.size()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("governance stored " + answer.size() + " results for " + snapshot);
            }
            Thread.sleep(200);
        }
        long total = 0;
        List<String> each = new ArrayList<>();
        for (JsonNode result : answer) {
            total += result.path("duration-ms").asLong();
            each.add(String.format(
                    "%s %s %d ms (%s rows checked)",
                    result.path("type").asText(),
                    result.path("status").asText(),
                    result.path("duration-ms").asLong(),
                    result.path("checked-rows").isNull()
                            ? "-"
                            : result.path("checked-rows").asText()));
        }
        System.out.printf(
                "governance's own run on snapshot %d (%d rows, 1 new): %d results, sum of duration-ms %d%n",
                snapshot, rows + 1, answer.size(), total);
        each.forEach(line -> System.out.println("- " + line));
    }

    private static Map<String, List<List<Object>>> raw(
            Connection duck, Map<String, String> sql, String relation, Map<String, Long> times) throws SQLException {
        Map<String, List<List<Object>>> answers = new LinkedHashMap<>();
        for (Map.Entry<String, String> q : sql.entrySet()) {
            long t0 = System.nanoTime();
            List<List<Object>> rows = new ArrayList<>();
            try (var s = duck.createStatement();
                    ResultSet r = s.executeQuery(q.getValue().replace("{table}", relation))) {
                int n = r.getMetaData().getColumnCount();
                while (r.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int c = 1; c <= n; c++) {
                        row.add(r.getObject(c));
                    }
                    rows.add(row);
                }
            }
            if (times != null) {
                times.merge(q.getKey(), System.nanoTime() - t0, Long::sum);
            }
            answers.put(q.getKey(), rows);
        }
        return answers;
    }

    /** The counts must agree: both paths read the same snapshot. */
    private static void compare(Map<String, List<List<Object>>> raw, JsonNode governed) {
        for (JsonNode result : governed.path("results")) {
            String qid = result.path("id").asText();
            if (result.hasNonNull("error")) {
                throw new IllegalStateException(qid + ": " + result.get("error").asText());
            }
            if (qid.endsWith(".count")) {
                String ours = raw.get(qid).toString().replace(" ", "");
                String theirs = result.path("rows").toString();
                if (!ours.equals(theirs)) {
                    throw new IllegalStateException(qid + ": the service counted " + theirs + ", DuckDB " + ours);
                }
                System.out.printf("%s: %s%n", qid, theirs);
            }
        }
    }

    private static JsonNode governed(String url, ObjectNode body) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofMinutes(5))
                        .header("Authorization", "Bearer " + serviceToken())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("checks answered " + response.statusCode() + ": " + response.body());
        }
        return Env.JSON.readTree(response.body());
    }

    private static String order(long id, Instant now) {
        // A few rows break a rule, so that sample queries find something, as on real data.
        String status = id % 50_000 == 7 ? "lost" : STATUSES[(int) (id % STATUSES.length)];
        String email = id % 100_000 == 11 ? "not-an-address" : "customer" + (id % 9973) + "@example.com";
        double amount = (id * 7919 % 100_000) / 10.0;
        return "{\"order_id\":" + id + ",\"customer\":\"c" + (id % 9973) + "\",\"email\":\"" + email
                + "\",\"status\":\"" + status + "\",\"amount\":" + amount + ",\"created_at\":\""
                + now.minusSeconds(id % 3600) + "\"}";
    }

    /** Orders {@code [from, from + count)} in JSON arrays of {@code batch}, from {@code clients} threads; records/s. */
    private static double load(String url, long from, int count, int batch, int clients) throws Exception {
        AtomicLong next = new AtomicLong(from);
        long end = from + count;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String token = producer();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> futures = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                while (true) {
                    long first = next.getAndAdd(batch);
                    if (first >= end) {
                        return null;
                    }
                    long last = Math.min(end, first + batch);
                    StringBuilder body = new StringBuilder((int) (last - first) * 200).append('[');
                    for (long i = first; i < last; i++) {
                        body.append(i == first ? "" : ",").append(order(i, now));
                    }
                    send(url, token, body.append(']').toString(), 200);
                }
            }));
        }
        try {
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return count / ((System.nanoTime() - t0) / 1e9);
    }

    // --- 2: freshness with and without write-audit-publish -------------------------------------------------------

    private static void freshness(String gateway, RESTCatalog catalog, String ns, int probes) throws Exception {
        List<Map<String, Object>> columns =
                List.of(column("order_id", "long", true), column("status", "string", false));
        createTable(gateway, ns, "plain", columns);
        createTable(gateway, ns, "audited", columns);
        ObjectNode rule = Env.JSON
                .createObjectNode()
                .put("table", ns + ".audited")
                .put("name", "known status")
                .put("type", "accepted_values")
                .put("severity", "block");
        rule.putArray("columns").add("status");
        rule.putObject("params").putArray("values").add("new").add("paid");
        send(gateway + "/api/governance/v1/quality/rules", token("sam"), rule.toString(), 201);
        String tableUrl = gateway + "/api/catalog/v1/namespaces/" + ns + "/tables/audited";
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!"audit"
                .equals(Env.JSON
                        .readTree(send(tableUrl, token("sam"), null, 200))
                        .path("audit-branch")
                        .asText())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(ns + ".audited has no audit branch a minute after its block rule");
            }
            Thread.sleep(200);
        }

        String[] names = {"plain", "audited"};
        Latencies[] latencies = {new Latencies(), new Latencies()};
        long[] sent = new long[2];
        // One unmeasured record each: the tables' topics exist and the writer follows them.
        for (int t = 0; t < 2; t++) {
            String url = gateway + "/api/ingest/v1/tables/" + ns + "/" + names[t] + "/records";
            awaitAccepted(url, probe(0));
            sent[t] = 1;
            awaitRecords(catalog, TableIdentifier.of(ns, names[t]), 1, TimeUnit.MINUTES.toNanos(2));
        }
        String producer = producer();
        for (int i = 0; i < 2 * probes; i++) {
            int t = i % 2;
            long start = System.nanoTime();
            String url = gateway + "/api/ingest/v1/tables/" + ns + "/" + names[t] + "/records";
            send(url, producer, probe(sent[t]), 200);
            long acked = System.nanoTime();
            sent[t]++;
            TableIdentifier id = TableIdentifier.of(ns, names[t]);
            long until = acked + TimeUnit.SECONDS.toNanos(60);
            while (totalRecords(catalog.loadTable(id)) < sent[t]) {
                if (System.nanoTime() > until) {
                    throw new IllegalStateException(id + ": record " + sent[t] + " not on main 60 s after its receipt");
                }
                Thread.sleep(20);
            }
            latencies[t].add(System.nanoTime() - acked);
            long pause = TimeUnit.MILLISECONDS.toNanos(1500) - (System.nanoTime() - start);
            if (pause > 0) {
                TimeUnit.NANOSECONDS.sleep(pause);
            }
        }
        System.out.printf(
                "freshness (ingest receipt → on main, polled every 20 ms), %d probes per table, alternating%n", probes);
        System.out.println("| table | p50 ms | p95 ms | max ms | ratio (p50) |");
        System.out.println("|---|---|---|---|---|");
        for (int t = 0; t < 2; t++) {
            System.out.printf(
                    "| %s | %.0f | %.0f | %.0f | %.2f× |%n",
                    t == 0
                            ? "baseline: no rules (the writer commits to main)"
                            : "a block rule (audit branch, published)",
                    latencies[t].percentileMillis(50),
                    latencies[t].percentileMillis(95),
                    latencies[t].percentileMillis(100),
                    latencies[t].percentileMillis(50) / latencies[0].percentileMillis(50));
        }
    }

    private static String probe(long id) {
        return "[{\"order_id\":" + id + ",\"status\":\"" + (id % 2 == 0 ? "new" : "paid") + "\"}]";
    }

    // --- plumbing -------------------------------------------------------------------------------------------------

    private static Map<String, Object> column(String name, String type, boolean required) {
        return Map.of("name", name, "type", type, "required", required);
    }

    private static void createTable(String gateway, String ns, String name, List<Map<String, Object>> columns)
            throws Exception {
        ObjectNode body = Env.JSON
                .createObjectNode()
                .put("namespace", ns)
                .put("name", name)
                .put("key", "order_id");
        body.set("columns", Env.JSON.valueToTree(columns));
        body.putArray("producers").add("*");
        send(gateway + "/api/catalog/v1/datasets", token("ada"), body.toString(), 201);
    }

    /** Posts until ingest accepts: a new table's contract reaches ingest's cache within seconds. */
    private static void awaitAccepted(String url, String records) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (true) {
            HttpResponse<String> response =
                    HTTP.send(request(url, producer(), records), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
            }
            Thread.sleep(500);
        }
    }

    private static HttpRequest request(String url, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + token);
        if (body == null) {
            return request.GET().build();
        }
        return request.header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static String send(String url, String token, String body, int expected) throws Exception {
        HttpResponse<String> response = HTTP.send(request(url, token, body), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** A user's token, fetched again after two minutes: Keycloak's tokens live five, a run lasts longer. */
    private static synchronized String token(String user) throws IOException, InterruptedException {
        Long at = tokenTimes.get(user);
        if (at == null || System.nanoTime() - at > TimeUnit.MINUTES.toNanos(2)) {
            tokens.put(user, user.startsWith("client:") ? clientToken(user.substring(7)) : Env.userToken(HTTP, user));
            tokenTimes.put(user, System.nanoTime());
        }
        return tokens.get(user);
    }

    private static String producer() throws IOException, InterruptedException {
        return token("client:example-producer");
    }

    /** Governance's own client-credentials token: the checks endpoint answers only its client (and admins). */
    private static String serviceToken() throws IOException, InterruptedException {
        return token("client:tributary-governance");
    }

    private static String clientToken(String client) throws IOException, InterruptedException {
        String secret = Env.get(
                "TRIBUTARY_SECRET_CLIENT_"
                        + client.replaceFirst("^tributary-", "").toUpperCase().replace('-', '_'),
                "");
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(client, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(Env.oidc() + "/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "Keycloak refused a token: " + response.statusCode() + " " + response.body());
        }
        return Env.JSON.readTree(response.body()).get("access_token").asText();
    }

    /** The current snapshot's data files as local paths (the warehouse is a local directory). */
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

    private static void awaitRecords(RESTCatalog catalog, TableIdentifier id, long records, long timeoutNanos)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (totalRecords(catalog.loadTable(id)) < records) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(id + " holds fewer than " + records + " records after the wait");
            }
            Thread.sleep(200);
        }
    }

    private static long totalRecords(Table table) {
        Snapshot snapshot = table.currentSnapshot();
        return snapshot == null ? 0 : Long.parseLong(snapshot.summary().getOrDefault("total-records", "0"));
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
}
