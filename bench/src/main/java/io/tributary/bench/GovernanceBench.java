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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;

/**
 * Governance: decisions per second and latency for {@code POST /api/governance/v1/decisions} (batches of 1 and 50
 * tables), Trino's batched OPA call ({@code FilterTables} over 1,000 tables), next to a baseline on the same service
 * in the same run, {@code GET /q/health/live} (HTTP only), and to {@code POST /decisions} with a body it refuses as
 * invalid (400: the same bearer-token check and JSON parsing, then a problem answer instead of a decision). Then the audit log: entries per second from
 * {@code tributary.audit} into the hash chain, next to kcat producing the same events, and the time of
 * {@code GET /audit/verify} next to PostgreSQL reading the same rows.
 *
 * <p>Every decision asked is an allowed one on a table that exists, so the service's answers come from its caches
 * (policies, tables) and no denial is audited meanwhile.
 *
 * <p>Settings (environment): {@code BENCH_SECONDS} (10 per row, after 5 unmeasured), {@code BENCH_TABLES} (1000),
 * {@code BENCH_AUDIT_ENTRIES} (100000; 0 skips the audit part).
 */
public final class GovernanceBench {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static String token;
    private static long tokenAt;

    /** ada's token, fetched again after two minutes: Keycloak's tokens live five, a run lasts longer. */
    private static String token() throws IOException, InterruptedException {
        if (token == null || System.nanoTime() - tokenAt > TimeUnit.MINUTES.toNanos(2)) {
            token = Env.userToken(HTTP, "ada");
            tokenAt = System.nanoTime();
        }
        return token;
    }

    public static void main(String[] args) throws Exception {
        String governance = Env.get("BENCH_GOVERNANCE_URL", "http://127.0.0.1:8084");
        String opa = Env.get("BENCH_OPA_URL", "http://127.0.0.1:8184");
        String gateway = Env.get("TRIBUTARY_GATEWAY_URL", "http://localhost:8080");
        int seconds = Integer.parseInt(Env.get("BENCH_SECONDS", "10"));
        int tableCount = Integer.parseInt(Env.get("BENCH_TABLES", "1000"));
        int auditEntries = Integer.parseInt(Env.get("BENCH_AUDIT_ENTRIES", "100000"));
        String suffix = Long.toString(System.currentTimeMillis(), 36);
        Namespace namespace = Namespace.of("bench_gov_" + suffix);
        Path work = Files.createTempDirectory("bench-governance");

        try (RESTCatalog catalog = new RESTCatalog()) {
            // The catalog client refreshes nothing itself: the tables are made within the token's life.
            catalog.initialize("bench", new HashMap<>(Map.of("uri", gateway + "/iceberg", "token", token())));
            long t0 = System.nanoTime();
            List<String> tables = createTables(catalog, namespace, tableCount);
            System.out.printf(
                    "%d tables created in %s in %.1f s%n", tableCount, namespace, (System.nanoTime() - t0) / 1e9);

            Path decide1 = write(work, "decide-1.json", decisionRequest(tables.subList(0, 1)));
            Path decide50 = write(work, "decide-50.json", decisionRequest(tables.subList(0, 50)));
            Path filter = write(work, "filter-tables.json", filterTablesRequest(namespace.toString(), tables));
            String decisions = governance + "/api/governance/v1/decisions";
            String batch = opa + "/opa/v1/batch";
            // Each request is checked once by hand: every decision allowed, every table visible.
            checkDecisions(decisions, token(), decide50, 50);
            checkFilter(batch, filter, tableCount);

            Wrk wrk = new Wrk();
            Path invalid = write(work, "decide-invalid.json", "{\"action\": \"SELECT\"}");
            // refused: the answer every request must get, 200 or, for the request refused as invalid, 400.
            record Target(String name, String url, Path body, boolean authenticated, boolean refused) {}
            List<Target> targets = List.of(
                    new Target(
                            "baseline: GET /q/health/live (no token)",
                            governance + "/q/health/live",
                            null,
                            false,
                            false),
                    new Target("reference: POST /decisions refused as invalid (400)", decisions, invalid, true, true),
                    new Target("POST /decisions, 1 table", decisions, decide1, true, false),
                    new Target("POST /decisions, 50 tables", decisions, decide50, true, false),
                    new Target("POST :8184/opa/v1/batch, FilterTables × " + tableCount, batch, filter, false, false));
            System.out.printf(
                    "wrk, 1 thread, %d s per row after 5 s unmeasured; ratio = p50 / p50 of GET /q/health/live at the"
                            + " same connections%n",
                    seconds);
            System.out.println("| request | connections | requests/s | p50 ms | p99 ms | p50 / health p50 |");
            System.out.println("|---|---|---|---|---|---|");
            String inService = null;
            for (int connections : new int[] {1, 4}) {
                Wrk.Result baseline = null;
                for (Target target : targets) {
                    Map<String, Double> before = decisionMetrics(governance);
                    String bearer = target.authenticated() ? token() : null;
                    wrk.run(target.url(), target.body(), bearer, connections, 5);
                    Wrk.Result r = wrk.run(target.url(), target.body(), bearer, connections, seconds);
                    if (r.failed() > 0 || r.refused() != (target.refused() ? r.requests() : 0)) {
                        throw new IllegalStateException(target.name() + ": " + r.failed() + " failed and " + r.refused()
                                + " refused of " + r.requests() + " requests");
                    }
                    if (baseline == null) {
                        baseline = r;
                    }
                    System.out.printf(
                            "| %s | %d | %.0f | %.2f | %.2f | %s |%n",
                            target.name(),
                            connections,
                            r.perSecond(),
                            r.p50(),
                            r.p99(),
                            String.format("%.1f×", r.p50() / baseline.p50()));
                    if (connections == 1 && target.name().equals("POST /decisions, 1 table")) {
                        inService = inService(before, decisionMetrics(governance));
                    }
                }
            }
            System.out.println("in-service, POST /decisions with 1 table, 1 connection: " + inService);

            if (auditEntries > 0) {
                audit(governance, auditEntries, suffix);
            }
        }
        try (RESTCatalog cleanup = new RESTCatalog()) {
            cleanup.initialize("bench", new HashMap<>(Map.of("uri", gateway + "/iceberg", "token", token())));
            for (int i = 0; i < tableCount; i++) {
                cleanup.dropTable(TableIdentifier.of(namespace, String.format("t%04d", i)), true);
            }
            cleanup.dropNamespace(namespace);
        }
    }

    private static List<String> createTables(RESTCatalog catalog, Namespace namespace, int count) throws Exception {
        catalog.createNamespace(namespace, new HashMap<>());
        Schema schema = new Schema(
                Types.NestedField.required(1, "id", Types.LongType.get()),
                Types.NestedField.optional(2, "name", Types.StringType.get()),
                Types.NestedField.optional(3, "amount", Types.DoubleType.get()));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(String.format("t%04d", i));
        }
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            futures.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    catalog.createTable(
                            TableIdentifier.of(namespace, names.get(i)), schema, PartitionSpec.unpartitioned());
                }
                return null;
            }));
        }
        try {
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return names.stream().map(name -> namespace + "." + name).toList();
    }

    private static String decisionRequest(List<String> tables) {
        ObjectNode body = Env.JSON.createObjectNode();
        ObjectNode principal = body.putObject("principal");
        principal.put("user", "ada");
        principal.putArray("roles").add("platform-admin");
        body.put("action", "SELECT");
        ArrayNode items = body.putArray("tables");
        for (String table : tables) {
            items.addObject().put("table", table);
        }
        return body.toString();
    }

    /** The body Trino's OPA plugin sends to {@code opa.policy.batched-uri} when it lists a schema's tables. */
    private static String filterTablesRequest(String schema, List<String> tables) {
        ObjectNode body = Env.JSON.createObjectNode();
        ObjectNode input = body.putObject("input");
        ObjectNode context = input.putObject("context");
        context.putObject("identity").put("user", "ada").putArray("groups");
        context.putObject("softwareStack").put("trinoVersion", "476");
        ObjectNode action = input.putObject("action");
        action.put("operation", "FilterTables");
        ArrayNode resources = action.putArray("filterResources");
        for (String table : tables) {
            resources
                    .addObject()
                    .putObject("table")
                    .put("catalogName", "iceberg")
                    .put("schemaName", schema)
                    .put("tableName", table.substring(table.indexOf('.') + 1));
        }
        return body.toString();
    }

    private static Path write(Path dir, String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static void checkDecisions(String url, String token, Path body, int tables) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofFile(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode answer = Env.JSON.readTree(response.body());
        long allowed = 0;
        for (JsonNode decision : answer.path("decisions")) {
            allowed += decision.path("allowed").asBoolean() ? 1 : 0;
        }
        if (response.statusCode() != 200 || allowed != tables) {
            throw new IllegalStateException("decisions answered " + response.statusCode() + ", " + allowed + " of "
                    + tables + " allowed: " + response.body());
        }
    }

    private static void checkFilter(String url, Path body, int tables) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofFile(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200
                || Env.JSON.readTree(response.body()).path("result").size() != tables) {
            throw new IllegalStateException("the OPA batch answered " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(300, response.body().length())));
        }
    }

    /**
     * The decision timer's p50/p99 ({@code tributary_governance_decision_seconds}) when the running build has it; the
     * mean in-service time of the requests (Quarkus's {@code http_server_requests_seconds}, which includes the token
     * check and JSON) in any case.
     */
    private static Map<String, Double> decisionMetrics(String governance) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(governance + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, Double> values = new HashMap<>();
        for (String line : response.body().split("\n")) {
            if (line.startsWith("tributary_governance_decision_seconds")) {
                String key = line.contains("quantile=\"0.5\"")
                        ? "p50"
                        : line.contains("quantile=\"0.99\"")
                                ? "p99"
                                : line.startsWith("tributary_governance_decision_seconds_max") ? "max" : null;
                if (key != null) {
                    values.put(key, value(line));
                }
            } else if (line.startsWith("http_server_requests_seconds_")
                    && line.contains("uri=\"/api/governance/v1/decisions\"")
                    && line.contains("status=\"200\"")) {
                String key = line.startsWith("http_server_requests_seconds_count") ? "count" : "sum";
                if (!line.startsWith("http_server_requests_seconds_max")) {
                    values.merge(key, value(line), Double::sum);
                }
            }
        }
        return values;
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    private static String inService(Map<String, Double> before, Map<String, Double> after) {
        double count = after.getOrDefault("count", 0.0) - before.getOrDefault("count", 0.0);
        double sum = after.getOrDefault("sum", 0.0) - before.getOrDefault("sum", 0.0);
        String http = String.format(
                "http_server_requests_seconds mean %.3f ms over %.0f requests (token check, JSON and decision)",
                sum / count * 1000, count);
        if (!after.containsKey("p99")) {
            return http + "; tributary_governance_decision_seconds is not exposed by the running build";
        }
        return String.format(
                "tributary_governance_decision_seconds p50 %.3f ms, p99 %.3f ms, max %.3f ms; %s",
                after.get("p50") * 1000, after.get("p99") * 1000, after.getOrDefault("max", Double.NaN) * 1000, http);
    }

    // --- audit ------------------------------------------------------------------------------------------------

    /**
     * Produces {@code n} audit CloudEvents (as services' AuditPublisher does: key = principal, one principal so one
     * partition and one order) with kcat, and times them until {@code GET /audit} shows the last; then counts them
     * through the API and times {@code /audit/verify} over the whole chain, next to PostgreSQL reading the same rows.
     */
    private static void audit(String governance, int n, String suffix) throws Exception {
        String bootstrap = Env.get("TRIBUTARY_KAFKA_BOOTSTRAP", "127.0.0.1:19092");
        String actor = "bench-audit-" + suffix;
        String last = "bench:" + suffix + ":last";
        Path file = Files.createTempFile("bench-audit", ".tsv");
        long bytes = 0;
        String now = Instant.now().toString();
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < n; i++) {
                String resource = i == n - 1 ? last : "table:bench.t" + (i % 1000);
                ObjectNode event = Env.JSON.createObjectNode();
                event.put("specversion", "1.0");
                event.put("id", UUID.randomUUID().toString());
                event.put("source", "/tributary/bench");
                event.put("type", "io.tributary.audit.recorded");
                event.put("subject", resource);
                event.put("time", now);
                event.put("datacontenttype", "application/json");
                ObjectNode data = event.putObject("data");
                data.put("principal", actor);
                data.put("action", "query.statement.run");
                data.put("resource", resource);
                data.put("outcome", "success");
                data.put("occurredAt", now);
                data.put("traceId", UUID.randomUUID().toString().replace("-", ""));
                data.putObject("detail")
                        .put("sql", "SELECT id, name FROM bench.t" + (i % 1000) + " WHERE id > " + i)
                        .put("rows", i % 100);
                String value = event.toString();
                bytes += value.length();
                out.write(actor);
                out.write('\t');
                out.write(value);
                out.write('\n');
            }
        }

        Verify before = verify(governance);
        long t0 = System.nanoTime();
        Process kcat = new ProcessBuilder(
                        "kcat",
                        "-P",
                        "-b",
                        bootstrap,
                        "-t",
                        "tributary.audit",
                        "-K",
                        "\t",
                        "-H",
                        "content-type=application/cloudevents+json",
                        "-X",
                        "acks=all",
                        "-X",
                        "enable.idempotence=true",
                        "-l",
                        file.toString())
                .inheritIO()
                .start();
        if (!kcat.waitFor(10, TimeUnit.MINUTES) || kcat.exitValue() != 0) {
            throw new IllegalStateException("kcat failed");
        }
        double produced = (System.nanoTime() - t0) / 1e9;
        Files.delete(file);
        String lastUrl = governance + "/api/governance/v1/audit?actor=" + encode(actor) + "&resource=" + encode(last)
                + "&limit=1";
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(60);
        while (get(lastUrl).path("entries").isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the last audit event is not in the log after an hour");
            }
            Thread.sleep(100);
        }
        double consumed = (System.nanoTime() - t0) / 1e9;
        long counted = 0;
        String cursor = null;
        do {
            JsonNode page = get(governance + "/api/governance/v1/audit?actor=" + encode(actor) + "&limit=1000"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            counted += page.path("entries").size();
            cursor = page.path("next-cursor").isTextual()
                    ? page.path("next-cursor").asText()
                    : null;
        } while (cursor != null);
        if (counted != n) {
            throw new IllegalStateException("the audit log holds " + counted + " of the " + n + " events");
        }
        System.out.printf("audit: %d events (about %d bytes each), one partition%n", n, bytes / n);
        System.out.println("| path | entries/s | seconds | ratio |");
        System.out.println("|---|---|---|---|");
        System.out.printf(
                "| baseline: kcat → tributary.audit (acks=all) | %.0f | %.1f | 1.00 |%n", n / produced, produced);
        System.out.printf(
                "| produced → in the hash chain, shown by GET /audit | %.0f | %.1f | %.2f |%n",
                n / consumed, consumed, produced / consumed);
        Verify after = verify(governance);
        System.out.println("| verify | entries in the chain | GET /audit/verify ms (median of 3) | PostgreSQL reads the"
                + " same rows, ms (median of 3) | ratio |");
        System.out.println("|---|---|---|---|---|");
        for (Verify v : List.of(before, after)) {
            System.out.printf(
                    "| %s | %d | %.0f | %.0f | %.1f× |%n",
                    v == before ? "before" : "after", v.count, v.millis, v.readMillis, v.millis / v.readMillis);
            if (v.problem != null) {
                System.out.println("  the chain did not verify: " + v.problem);
            }
        }
    }

    /** @param problem the service's answer when the chain did not verify, else null */
    private record Verify(long count, double millis, double readMillis, String problem) {}

    private static Verify verify(String governance) throws Exception {
        double[] api = new double[3];
        double[] raw = new double[3];
        long count = 0;
        String problem = null;
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            JsonNode answer = get(governance + "/api/governance/v1/audit/verify");
            api[i] = (System.nanoTime() - t0) / 1e6;
            // An invalid chain is reported, not thrown: the walk up to the broken entry is still timed.
            if (!answer.path("valid").asBoolean()) {
                problem = answer.toString();
            }
            count = answer.path("count").asLong();
            raw[i] = psqlRead();
        }
        Arrays.sort(api);
        Arrays.sort(raw);
        return new Verify(count, api[1], raw[1], problem);
    }

    /** The rows verify reads, in its order, copied out by psql and thrown away: the database's share alone. */
    private static double psqlRead() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                        "psql",
                        "-X",
                        "-q",
                        "-h",
                        Env.get("TRIBUTARY_PG_HOST", "127.0.0.1"),
                        "-p",
                        Env.get("TRIBUTARY_PG_PORT", "15432"),
                        "-U",
                        Env.get("TRIBUTARY_PG_USER", "tributary"),
                        "-d",
                        Env.get("TRIBUTARY_GOVERNANCE_DATABASE", "governance"),
                        "-c",
                        "COPY (SELECT seq, event_id, occurred_at, recorded_at, principal, action, resource, outcome,"
                                + " trace_id, detail, prev_hash, hash FROM audit_log ORDER BY seq) TO STDOUT")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("PGPASSWORD", Env.get("TRIBUTARY_PG_PASSWORD", ""));
        long t0 = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("psql failed");
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    private static JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return Env.JSON.readTree(response.body());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
