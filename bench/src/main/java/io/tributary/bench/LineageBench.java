package io.tributary.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loads a lineage graph through {@code POST /api/v1/lineage} and times the deep graph reads on it: {@code GET
 * /api/v1/lineage} at depth 20 from the deepest dataset and {@code GET /api/v1/column-lineage} at depth 10 (upstream,
 * and with downstream), each interleaved with {@code GET /q/health/live} as the baseline measured in the same run.
 *
 * <p>The graph (namespace {@code bench-<epoch>}): {@code BENCH_DATASETS - BENCH_JOBS} source datasets; jobs in layers
 * that halve in width (2500, 1250, … , 1 for 5,000 jobs), each reading 2 datasets of the layer above (every 10th job
 * from the third layer on also reads one from two layers above) and writing 1, so the last dataset has thousands of
 * ancestors within 20 edges. Each output has {@code F = BENCH_COLUMN_EDGES / BENCH_JOBS / 2} fields, field {@code f}
 * made of field {@code f} of the first input and field {@code f+1} of the second: that many distinct field edges. Every
 * job runs {@code BENCH_RUNS / BENCH_JOBS} times, one COMPLETE RunEvent per run; each run states the schema, the first
 * run of a job carries the column lineage facet.
 *
 * <p>Settings (environment): {@code BENCH_URL} (default: the catalog service), {@code BENCH_DATASETS} (10000),
 * {@code BENCH_JOBS} (5000), {@code BENCH_RUNS} (100000), {@code BENCH_COLUMN_EDGES} (200000), {@code BENCH_CLIENTS}
 * (4, loading), {@code BENCH_READS} (200 per read), {@code BENCH_NAMESPACE} (reuse a graph loaded before: no load).
 */
public final class LineageBench {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String PRODUCER = "https://github.com/tributary-data/tributary/tree/main/bench";
    private static final String RUN_SCHEMA = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
    private static final String SCHEMA_FACET = "https://openlineage.io/spec/facets/1-1-1/SchemaDatasetFacet.json";
    private static final String COLUMN_FACET =
            "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json";

    private static volatile String token;
    private static volatile long tokenAt;

    /** One job: where it sits and what it reads ({@code layer -1} = the sources). */
    private record Job(int layer, int index, int[][] inputs) {}

    public static void main(String[] args) throws Exception {
        String base = Env.get("BENCH_URL", Env.get("TRIBUTARY_CATALOG_URL", "http://127.0.0.1:8081"));
        int datasets = Integer.parseInt(Env.get("BENCH_DATASETS", "10000"));
        int jobCount = Integer.parseInt(Env.get("BENCH_JOBS", "5000"));
        int runs = Integer.parseInt(Env.get("BENCH_RUNS", "100000"));
        int columnEdges = Integer.parseInt(Env.get("BENCH_COLUMN_EDGES", "200000"));
        int clients = Integer.parseInt(Env.get("BENCH_CLIENTS", "4"));
        int reads = Integer.parseInt(Env.get("BENCH_READS", "200"));
        String reuse = Env.get("BENCH_NAMESPACE", "");
        String ns = reuse.isEmpty() ? "bench-" + Instant.now().getEpochSecond() : reuse;
        int sources = datasets - jobCount;
        int fields = Math.max(1, columnEdges / jobCount / 2);
        int runsPerJob = Math.max(1, runs / jobCount);

        List<Integer> widths = new ArrayList<>();
        int total = 0;
        for (int width = (jobCount + 1) / 2; total < jobCount; width = Math.max(1, (width + 1) / 2)) {
            width = Math.min(width, jobCount - total);
            widths.add(width);
            total += width;
        }
        List<Job> jobs = new ArrayList<>();
        for (int layer = 0; layer < widths.size(); layer++) {
            int above = layer == 0 ? sources : widths.get(layer - 1);
            for (int j = 0; j < widths.get(layer); j++) {
                List<int[]> inputs = new ArrayList<>();
                inputs.add(new int[] {layer - 1, (2 * j) % above});
                inputs.add(new int[] {layer - 1, (2 * j + 1) % above});
                if (layer >= 2 && j % 10 == 3) {
                    inputs.add(new int[] {layer - 2, (7 * j) % widths.get(layer - 2)});
                }
                jobs.add(new Job(layer, j, inputs.toArray(int[][]::new)));
            }
        }
        int last = widths.size() - 1;
        String deepest = "dataset:" + ns + ":" + dataset(last, 0);
        String deepField = "datasetField:" + ns + ":" + dataset(last - 1, 0) + ":c0";

        System.out.printf(
                "catalog at %s; namespace %s: %d datasets (%d sources), %d jobs in %d layers %s, %d runs (%d per job),"
                        + " %d fields per output, %d column edges%n",
                base,
                ns,
                sources + jobCount,
                sources,
                jobCount,
                widths.size(),
                widths,
                (long) runsPerJob * jobCount,
                runsPerJob,
                fields,
                (long) jobCount * fields * 2);

        if (reuse.isEmpty()) {
            load(base, ns, jobs, fields, runsPerJob, clients);
        }

        String health = base + "/q/health/live";
        String lineage = base + "/api/v1/lineage?nodeId=" + encode(deepest) + "&depth=20";
        String columns = base + "/api/v1/column-lineage?nodeId=" + encode(deepField) + "&depth=10";
        String columnsDown = columns + "&withDownstream=true";
        for (String url : List.of(lineage, columns, columnsDown)) {
            byte[] body = get(url);
            JsonNode graph = Env.JSON.readTree(body).get("graph");
            System.out.printf(
                    "answer of %s: %d nodes, %d bytes%n", url.substring(base.length()), graph.size(), body.length);
        }
        Latencies[] measured = {new Latencies(), new Latencies(), new Latencies(), new Latencies()};
        String[] urls = {health, lineage, columns, columnsDown};
        for (int i = 0; i < reads / 10 + 5; i++) {
            for (String url : urls) {
                get(url);
            }
        }
        for (int i = 0; i < reads; i++) {
            for (int k = 0; k < urls.length; k++) {
                long t0 = System.nanoTime();
                get(urls[k]);
                measured[k].add(System.nanoTime() - t0);
            }
        }
        System.out.printf("%d reads of each, one client, interleaved%n", reads);
        System.out.println("| read | p50 ms | p99 ms | p50 / baseline p50 | p99 / baseline p99 |");
        System.out.println("|---|---|---|---|---|");
        String[] names = {
            "baseline: GET /q/health/live",
            "lineage, depth 20, deepest dataset",
            "column-lineage, depth 10",
            "column-lineage, depth 10, withDownstream"
        };
        for (int k = 0; k < urls.length; k++) {
            System.out.printf(
                    "| %s | %.2f | %.2f | %.1f× | %.1f× |%n",
                    names[k],
                    measured[k].percentileMillis(50),
                    measured[k].percentileMillis(99),
                    measured[k].percentileMillis(50) / measured[0].percentileMillis(50),
                    measured[k].percentileMillis(99) / measured[0].percentileMillis(99));
        }
    }

    /** Runs in rounds (every job's first run, then every job's second, …), spread over {@code clients} senders. */
    private static void load(String base, String ns, List<Job> jobs, int fields, int runsPerJob, int clients)
            throws Exception {
        int events = jobs.size() * runsPerJob;
        AtomicInteger next = new AtomicInteger();
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> futures = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < events; i = next.getAndIncrement()) {
                    int round = i / jobs.size();
                    Job job = jobs.get(i % jobs.size());
                    String event = event(ns, job, fields, round == 0, start.plusSeconds(60L * i));
                    HttpResponse<String> response = HTTP.send(
                            HttpRequest.newBuilder(URI.create(base + "/api/v1/lineage"))
                                    .header("Authorization", "Bearer " + token())
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(event))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 201) {
                        throw new IllegalStateException(
                                "event " + i + " answered " + response.statusCode() + " " + response.body());
                    }
                    if (i > 0 && i % 10000 == 0) {
                        System.out.printf("  %d events stored%n", i);
                    }
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
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                "loaded %d events with %d clients in %.1f s: %.0f events/s accepted%n",
                events, clients, seconds, events / seconds);
    }

    private static String event(String ns, Job job, int fields, boolean columnLineage, Instant at) {
        StringBuilder inputs = new StringBuilder();
        for (int[] input : job.inputs()) {
            inputs.append(inputs.isEmpty() ? "" : ", ")
                    .append("{\"namespace\": \"")
                    .append(ns)
                    .append("\", \"name\": \"")
                    .append(dataset(input[0], input[1]))
                    .append("\"}");
        }
        String output = dataset(job.layer(), job.index());
        StringBuilder schema = new StringBuilder();
        StringBuilder columns = new StringBuilder();
        for (int f = 0; f < fields; f++) {
            schema.append(f == 0 ? "" : ", ").append("{\"name\": \"c").append(f).append("\", \"type\": \"long\"}");
            columns.append(f == 0 ? "" : ", ")
                    .append("\"c")
                    .append(f)
                    .append("\": {\"inputFields\": [")
                    .append(inputField(ns, job.inputs()[0], f, "IDENTITY"))
                    .append(", ")
                    .append(inputField(ns, job.inputs()[1], (f + 1) % fields, "TRANSFORMATION"))
                    .append("]}");
        }
        String facets = "\"schema\": {\"_producer\": \"" + PRODUCER + "\", \"_schemaURL\": \"" + SCHEMA_FACET
                + "\", \"fields\": [" + schema + "]}";
        if (columnLineage) {
            facets += ", \"columnLineage\": {\"_producer\": \"" + PRODUCER + "\", \"_schemaURL\": \"" + COLUMN_FACET
                    + "\", \"fields\": {" + columns + "}}";
        }
        return """
                {"eventType": "COMPLETE", "eventTime": "%s", "producer": "%s", "schemaURL": "%s",
                 "run": {"runId": "%s"},
                 "job": {"namespace": "%s", "name": "%s"},
                 "inputs": [%s],
                 "outputs": [{"namespace": "%s", "name": "%s", "facets": {%s}}]}
                """.formatted(
                        at,
                        PRODUCER,
                        RUN_SCHEMA,
                        UUID.randomUUID(),
                        ns,
                        "job_" + job.layer() + "_" + job.index(),
                        inputs,
                        ns,
                        output,
                        facets);
    }

    private static String inputField(String ns, int[] input, int field, String subtype) {
        return "{\"namespace\": \"" + ns + "\", \"name\": \"" + dataset(input[0], input[1]) + "\", \"field\": \"c"
                + field + "\", \"transformations\": [{\"type\": \"DIRECT\", \"subtype\": \"" + subtype + "\"}]}";
    }

    /** Layer -1 holds the sources; layer k the outputs of the jobs of layer k. */
    private static String dataset(int layer, int index) {
        return layer < 0 ? "src_" + index : "ds_" + layer + "_" + index;
    }

    private static byte[] get(String url) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token())
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode());
        }
        return response.body();
    }

    /** A token younger than a minute: the load outlasts Keycloak's token lifetime. */
    private static synchronized String token() throws Exception {
        if (token == null || System.nanoTime() - tokenAt > 60_000_000_000L) {
            token = Env.userToken(HTTP, "ada");
            tokenAt = System.nanoTime();
        }
        return token;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
