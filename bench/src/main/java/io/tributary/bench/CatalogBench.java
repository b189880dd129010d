package io.tributary.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;

/**
 * {@code loadTable} and {@code commit} through the catalog's Iceberg REST API, with p50/p99 latency and throughput at
 * 1 and 4 concurrent clients. Baseline in the same run: {@code GET /iceberg/v1/config}, which costs the same token
 * check, HTTP and JSON work but touches neither PostgreSQL nor the warehouse.
 *
 * <p>Settings (environment): {@code BENCH_URL} (default: the catalog service itself), {@code BENCH_READS} (2000),
 * {@code BENCH_COMMITS} (200).
 */
public final class CatalogBench {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        String base = Env.get("BENCH_URL", Env.get("TRIBUTARY_GATEWAY_CATALOG_URL", "http://127.0.0.1:8081"));
        int reads = Integer.parseInt(Env.get("BENCH_READS", "2000"));
        int commits = Integer.parseInt(Env.get("BENCH_COMMITS", "200"));
        String token = Env.userToken(HTTP, "ada");
        Namespace namespace = Namespace.of("bench_" + Long.toString(System.currentTimeMillis(), 36));
        TableIdentifier id = TableIdentifier.of(namespace, "events");

        try (RESTCatalog admin = catalog(base, token)) {
            admin.createNamespace(namespace, new HashMap<>());
            Table table = admin.createTable(
                    id,
                    new Schema(
                            Types.NestedField.required(1, "id", Types.LongType.get()),
                            Types.NestedField.optional(2, "name", Types.StringType.get()),
                            Types.NestedField.optional(3, "at", Types.TimestampType.withZone())),
                    PartitionSpec.unpartitioned(),
                    // Concurrent writers lose races by design; let Iceberg's client retry them, briefly, as writers do.
                    new HashMap<>(Map.of(
                            "commit.retry.num-retries",
                            "100",
                            "commit.retry.min-wait-ms",
                            "5",
                            "commit.retry.max-wait-ms",
                            "100")));
            for (int i = 0; i < 20; i++) {
                append(table, "seed-" + i);
            }
            String config = base + "/iceberg/v1/config";
            String load = base + "/iceberg/v1/namespaces/" + namespace + "/tables/events";
            get(config, token, 300, 2);
            get(load, token, 300, 2);

            System.out.printf(
                    "catalog at %s; a table with 20 snapshots to start; %d reads and %d commits per row%n",
                    base, reads, commits);
            System.out.println("| operation | clients | ops/s | p50 ms | p99 ms | p50 / baseline p50 |");
            System.out.println("|---|---|---|---|---|---|");
            for (int clients : new int[] {1, 4}) {
                Latencies baseline = get(config, token, reads, clients);
                Latencies loads = get(load, token, reads, clients);
                Latencies appends = commits(base, token, id, commits, clients);
                row("baseline: GET /v1/config", clients, baseline, baseline);
                row("loadTable", clients, loads, baseline);
                row("commit (append)", clients, appends, baseline);
            }
            long snapshots = 0;
            for (var ignored : admin.loadTable(id).snapshots()) {
                snapshots++;
            }
            long expected = 20 + 2L * commits;
            System.out.printf("snapshots on the table: %d (expected %d: no commit lost)%n", snapshots, expected);
            admin.dropTable(id, true);
            admin.dropNamespace(namespace);
            if (snapshots != expected) {
                System.exit(1);
            }
        }
    }

    private static void row(String name, int clients, Latencies measured, Latencies baseline) {
        System.out.printf(
                "| %s | %d | %.0f | %.2f | %.2f | %.1f× |%n",
                name,
                clients,
                measured.perSecond(),
                measured.percentileMillis(50),
                measured.percentileMillis(99),
                measured.percentileMillis(50) / baseline.percentileMillis(50));
    }

    private static RESTCatalog catalog(String base, String token) {
        RESTCatalog catalog = new RESTCatalog();
        catalog.initialize("bench", new HashMap<>(Map.of("uri", base + "/iceberg", "token", token)));
        return catalog;
    }

    private static void append(Table table, String name) {
        table.newAppend()
                .appendFile(DataFiles.builder(PartitionSpec.unpartitioned())
                        .withPath(table.location() + "/data/" + name + ".parquet")
                        .withFormat(FileFormat.PARQUET)
                        .withFileSizeInBytes(4096)
                        .withRecordCount(100)
                        .build())
                .commit();
    }

    private static Latencies get(String url, String token, int total, int clients) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build();
        return run(total, clients, () -> () -> {
            HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + response.statusCode());
            }
        });
    }

    /**
     * Each client appends through its own RESTCatalog and table handle. With several clients most commits start from
     * stale metadata, lose the race (409), refresh and retry, as concurrent writers do in production.
     */
    private static Latencies commits(String base, String token, TableIdentifier id, int total, int clients)
            throws Exception {
        AtomicInteger sequence = new AtomicInteger();
        return run(total, clients, () -> {
            Table table = catalog(base, token).loadTable(id);
            return () -> append(table, "bench-" + sequence.incrementAndGet() + "-" + System.nanoTime());
        });
    }

    interface Op {
        void run() throws Exception;
    }

    private static Latencies run(int total, int clients, Callable<Op> perClient) throws Exception {
        Latencies latencies = new Latencies();
        AtomicInteger remaining = new AtomicInteger(total);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                Op op = perClient.call();
                while (remaining.getAndDecrement() > 0) {
                    long t0 = System.nanoTime();
                    op.run();
                    latencies.add(System.nanoTime() - t0);
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
        latencies.wall(System.nanoTime() - start);
        return latencies;
    }
}
