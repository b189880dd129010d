package io.tributary.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;

/**
 * Records per second accepted through the gateway (1 KB JSON records, batches of 500, several clients), next to the
 * raw produce rate of {@code kcat} on the same broker in the same run (same record count and size, {@code acks=all},
 * idempotent). Then freshness: the time from a receipt to the record being in the table's current snapshot, probed
 * one record at a time.
 *
 * <p>Both paths get their input ready before the clock starts: kcat reads a file written beforehand, and the HTTP
 * clients send request bodies built beforehand. Before either is measured, {@code BENCH_WARMUP} records go through
 * the gateway unmeasured, so that the JVMs on the path (gateway, ingest, Kafka) have compiled their hot code; with
 * freshness probes on (a lake writer running), the measured phases wait until the writer has committed them.
 *
 * <p>The two are measured in alternating rounds and the medians compared, as the machine's load changes from one
 * second to the next.
 *
 * <p>Settings (environment): {@code BENCH_RECORDS} (100000 per round), {@code BENCH_ROUNDS} (3),
 * {@code BENCH_CLIENTS} (4), {@code BENCH_BATCH} (500),
 * {@code BENCH_WARMUP} (600000: the services' JIT compilers are still busy after the first few hundred thousand), {@code BENCH_PROBES} (40; 0 skips freshness, e.g. without a running lake writer),
 * {@code BENCH_INGEST_URL} (the gateway; ingest-service's own URL measures the path without the gateway).
 */
public final class IngestBench {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final int RECORD_BYTES = 1024;

    public static void main(String[] args) throws Exception {
        String gateway = Env.get("TRIBUTARY_GATEWAY_URL", "http://localhost:8080");
        // Where records are posted: the gateway, or ingest-service itself to measure the gateway's share.
        String ingest = Env.get("BENCH_INGEST_URL", gateway);
        String bootstrap = Env.get("TRIBUTARY_KAFKA_BOOTSTRAP", "127.0.0.1:19092");
        int records = Integer.parseInt(Env.get("BENCH_RECORDS", "100000"));
        int clients = Integer.parseInt(Env.get("BENCH_CLIENTS", "4"));
        int batch = Integer.parseInt(Env.get("BENCH_BATCH", "500"));
        int probes = Integer.parseInt(Env.get("BENCH_PROBES", "40"));
        int warmup = Integer.parseInt(Env.get("BENCH_WARMUP", "600000"));
        int rounds = Integer.parseInt(Env.get("BENCH_ROUNDS", "3"));
        String suffix = Long.toString(System.currentTimeMillis(), 36);
        Namespace namespace = Namespace.of("bench_ingest_" + suffix);

        try (RESTCatalog admin = new RESTCatalog()) {
            admin.initialize(
                    "bench", new HashMap<>(Map.of("uri", gateway + "/iceberg", "token", Env.userToken(HTTP, "ada"))));
            admin.createNamespace(namespace, new HashMap<>());
            Schema schema = new Schema(
                    Types.NestedField.required(1, "id", Types.LongType.get()),
                    Types.NestedField.optional(2, "at", Types.TimestampType.withZone()),
                    Types.NestedField.optional(3, "payload", Types.StringType.get()));
            Map<String, String> producers = new HashMap<>(Map.of("tributary.ingest.producers", "*"));
            admin.createTable(TableIdentifier.of(namespace, "load"), schema, PartitionSpec.unpartitioned(), producers);
            admin.createTable(TableIdentifier.of(namespace, "probe"), schema, PartitionSpec.unpartitioned(), producers);
            String producer = Env.producerToken(HTTP);

            String loadUrl = ingest + "/api/ingest/v1/tables/" + namespace + "/load/records";
            TableIdentifier load = TableIdentifier.of(namespace, "load");
            long base = (long) rounds * records;
            if (warmup > 0) {
                throughGateway(loadUrl, producer, base, base + warmup, clients, batch, new Latencies());
            }
            // kcat's topic exists before it is measured, as the table's topic does (the catalog created it with the
            // table).
            kcat(bootstrap, "tributary.bench.kcat." + suffix, 1000);
            // Rounds alternate kcat and the gateway, so that a busy moment of the machine does not fall on one side
            // only.
            double[] kcatRates = new double[rounds];
            double[] gatewayRates = new double[rounds];
            Latencies requests = new Latencies();
            // CPU by process: while kcat sends, while the gateway path takes records, and until the lake writer has
            // committed them (the writer lags behind the receipts; its catch-up is part of a record's cost).
            Map<String, Double> kcatCpu = new LinkedHashMap<>();
            Map<String, Double> sendCpu = new LinkedHashMap<>();
            Map<String, Double> landCpu = new LinkedHashMap<>();
            for (int round = 0; round < rounds; round++) {
                if (probes > 0) {
                    // Each measured phase starts from a quiet machine: the lake writer has committed what came before.
                    awaitRecords(admin, load, warmup + (long) round * records, TimeUnit.MINUTES.toNanos(5));
                }
                Map<String, Double> beforeKcat = ProcessCpu.sample();
                kcatRates[round] = kcat(bootstrap, "tributary.bench.kcat." + suffix, records);
                Map<String, Double> beforeSend = ProcessCpu.sample();
                add(kcatCpu, beforeKcat, beforeSend);
                gatewayRates[round] = throughGateway(
                        loadUrl,
                        producer,
                        (long) round * records,
                        (long) (round + 1) * records,
                        clients,
                        batch,
                        requests);
                Map<String, Double> afterSend = ProcessCpu.sample();
                add(sendCpu, beforeSend, afterSend);
                if (probes > 0) {
                    awaitRecords(admin, load, warmup + (long) (round + 1) * records, TimeUnit.MINUTES.toNanos(5));
                    add(landCpu, beforeSend, ProcessCpu.sample());
                }
                System.out.printf(
                        "round %d: kcat %.0f records/s, gateway %.0f records/s, ratio %.2f%n",
                        round + 1, kcatRates[round], gatewayRates[round], gatewayRates[round] / kcatRates[round]);
            }
            double kcat = median(kcatRates);
            double gatewayRate = median(gatewayRates);

            System.out.printf(
                    "%d records of %d bytes per round, %d rounds, medians; gateway: %d clients, batches of %d%n",
                    records, RECORD_BYTES, rounds, clients, batch);
            System.out.println("| path | records/s | ratio to kcat | request p50 ms | request p99 ms |");
            System.out.println("|---|---|---|---|---|");
            System.out.printf("| baseline: kcat → Kafka (acks=all, idempotent) | %.0f | 1.00 | | |%n", kcat);
            System.out.printf(
                    "| POST /api/ingest/v1/…/records through the gateway | %.0f | %.2f | %.1f | %.1f |%n",
                    gatewayRate, gatewayRate / kcat, requests.percentileMillis(50), requests.percentileMillis(99));
            double thousands = rounds * records / 1000.0;
            Map<String, Double> zero = new HashMap<>();
            kcatCpu.keySet().forEach(name -> zero.put(name, 0.0));
            System.out.println("  kcat phase, " + ProcessCpu.perUnit(zero, kcatCpu, thousands, "1,000 records")
                    + " (kcat itself not counted)");
            System.out.println("  gateway phase, " + ProcessCpu.perUnit(zero, sendCpu, thousands, "1,000 records"));
            if (probes > 0) {
                System.out.println("  until committed to the table, "
                        + ProcessCpu.perUnit(zero, landCpu, thousands, "1,000 records"));
            }

            if (probes > 0) {
                double[] firstProbeMillis = new double[1];
                Latencies freshness = freshness(
                        admin,
                        TableIdentifier.of(namespace, "probe"),
                        ingest + "/api/ingest/v1/tables/" + namespace + "/probe/records",
                        producer,
                        probes,
                        firstProbeMillis);
                // The probe table's topic is created by its first record: the first probe is a new table's first.
                System.out.printf(
                        "freshness (receipt → in the table's current snapshot), %d probes: p50 %.0f ms, p95 %.0f ms,"
                                + " p99 %.0f ms, max %.0f ms; the table's first record %.0f ms%n",
                        freshness.count(),
                        freshness.percentileMillis(50),
                        freshness.percentileMillis(95),
                        freshness.percentileMillis(99),
                        freshness.percentileMillis(100),
                        firstProbeMillis[0]);
            }
        }
    }

    /** Adds {@code after - before} per component to {@code total}. */
    private static void add(Map<String, Double> total, Map<String, Double> before, Map<String, Double> after) {
        after.forEach((name, ms) -> {
            Double start = before.get(name);
            if (start != null) {
                total.merge(name, ms - start, Double::sum);
            }
        });
    }

    private static String record(long id) {
        String head = "{\"id\":" + id + ",\"at\":\"2026-01-01T00:00:00Z\",\"payload\":\"";
        return head + "x".repeat(RECORD_BYTES - head.length() - 2) + "\"}";
    }

    /** Seconds-accurate raw produce rate of kcat for the same records. */
    private static double kcat(String bootstrap, String topic, int records) throws IOException, InterruptedException {
        Path file = Files.createTempFile("bench-kcat", ".ndjson");
        StringBuilder lines = new StringBuilder(records * (RECORD_BYTES + 1));
        for (int i = 0; i < records; i++) {
            lines.append(record(i)).append('\n');
        }
        Files.writeString(file, lines, StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        Process process = new ProcessBuilder(
                        "kcat",
                        "-P",
                        "-b",
                        bootstrap,
                        "-t",
                        topic,
                        "-X",
                        "acks=all",
                        "-X",
                        "enable.idempotence=true",
                        "-l",
                        file.toString())
                .inheritIO()
                .start();
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("kcat failed");
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Files.delete(file);
        return records / seconds;
    }

    /** Records {@code [from, to)} in JSON arrays of {@code batch}, posted by {@code clients} threads; records per second. */
    private static double throughGateway(
            String url, String token, long from, long to, int clients, int batch, Latencies requests) throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        for (long first = from; first < to; first += batch) {
            long last = Math.min(to, first + batch);
            StringBuilder body = new StringBuilder((int) (last - first) * (RECORD_BYTES + 1) + 2).append('[');
            for (long id = first; id < last; id++) {
                body.append(id == first ? "" : ",").append(record(id));
            }
            bodies.add(body.append(']').toString().getBytes(StandardCharsets.UTF_8));
        }
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> futures = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                while (true) {
                    int i = next.getAndIncrement();
                    if (i >= bodies.size()) {
                        return null;
                    }
                    long s = System.nanoTime();
                    HttpResponse<String> response =
                            HTTP.send(post(url, token, bodies.get(i)), HttpResponse.BodyHandlers.ofString());
                    requests.add(System.nanoTime() - s);
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException(
                                "ingest answered " + response.statusCode() + ": " + response.body());
                    }
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
        double seconds = (System.nanoTime() - t0) / 1e9;
        return (to - from) / seconds;
    }

    private static HttpRequest post(String url, String token, byte[] body) {
        return HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    /** One record at a time: from its receipt until the table's current snapshot holds it (polled every 20 ms). */
    private static Latencies freshness(
            RESTCatalog catalog, TableIdentifier id, String url, String token, int probes, double[] firstMillis)
            throws Exception {
        Latencies latencies = new Latencies();
        for (int i = 0; i < probes; i++) {
            HttpResponse<String> response = HTTP.send(
                    post(url, token, record(i).getBytes(StandardCharsets.UTF_8)), HttpResponse.BodyHandlers.ofString());
            long acked = System.nanoTime();
            if (response.statusCode() != 200) {
                throw new IllegalStateException("ingest answered " + response.statusCode() + ": " + response.body());
            }
            long deadline = acked + TimeUnit.SECONDS.toNanos(30);
            while (totalRecords(catalog.loadTable(id)) < i + 1) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("record " + i + " not in the table 30 s after its receipt");
                }
                Thread.sleep(20);
            }
            latencies.add(System.nanoTime() - acked);
            if (i == 0) {
                firstMillis[0] = (System.nanoTime() - acked) / 1e6;
            }
            Thread.sleep(150);
        }
        return latencies;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
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
}
