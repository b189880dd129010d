package io.tributary.bench;

import io.tributary.contracts.iceberg.WriterView;
import io.tributary.ingest.writer.ManifestAppend;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.relocated.com.google.common.util.concurrent.MoreExecutors;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;

/**
 * {@code loadTable} and {@code commit} through the catalog's Iceberg REST API, with p50/p99 latency and throughput.
 * Baseline in the same run, before each group of rows: {@code GET /iceberg/v1/config}, which costs the same token
 * check, HTTP and JSON work but touches neither PostgreSQL nor the warehouse.
 *
 * <ol>
 *   <li>One client on one table as it grows: at 10 snapshots, then grown to 1,000 and to 10,000 snapshots (each growth
 *       step is real appends, 1,000 per Iceberg transaction, so one REST commit adds 1,000 snapshots).
 *   <li>8 writers, each appending to a table of its own (the lake writer's case).
 *   <li>8 writers appending to one table: most commits lose the race (409), refresh and retry.
 * </ol>
 *
 * <p>Settings (environment): {@code BENCH_URL} (default: the catalog service itself), {@code BENCH_READS} (1000),
 * {@code BENCH_COMMITS} (100, per single-client row), {@code BENCH_RACE_COMMITS} (400, per 8-writer row),
 * {@code BENCH_SIZES} (snapshot counts of the single-client rows, default {@code 10,1000,10000}),
 * {@code BENCH_WRITER_VIEW} (false: true asks for the lake writer's view of the tables, as the writer does).
 */
public final class CatalogBench {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final int WRITERS = 8;
    private static final int GROWTH_PER_COMMIT = 1000;
    /** Snapshots on each table of the 8-writer rows when they start. */
    private static final int RACE_SNAPSHOTS = 10;

    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "name", Types.StringType.get()),
            Types.NestedField.optional(3, "at", Types.TimestampType.withZone()));

    private static String base;

    /**
     * {@code BENCH_WRITER_VIEW=true}: the client asks for the lake writer's view of its tables
     * ({@code X-Tributary-Snapshots: checkpoints}) and every append carries a writer checkpoint, as the lake writer's do.
     */
    private static final boolean WRITER_VIEW = Boolean.parseBoolean(Env.get("BENCH_WRITER_VIEW", "false"));

    public static void main(String[] args) throws Exception {
        base = Env.get("BENCH_URL", Env.get("TRIBUTARY_GATEWAY_CATALOG_URL", "http://127.0.0.1:8081"));
        int reads = Integer.parseInt(Env.get("BENCH_READS", "1000"));
        int commits = Integer.parseInt(Env.get("BENCH_COMMITS", "100"));
        int raceCommits = Integer.parseInt(Env.get("BENCH_RACE_COMMITS", "400"));
        int[] sizes = Arrays.stream(Env.get("BENCH_SIZES", "10,1000,10000").split(","))
                .map(String::trim)
                .mapToInt(Integer::parseInt)
                .toArray();
        Namespace namespace = Namespace.of("bench_" + Long.toString(System.currentTimeMillis(), 36));
        Map<TableIdentifier, Long> expected = new HashMap<>();

        System.out.printf(
                "catalog at %s; %d reads per read row, %d commits per single-client row, %d per 8-writer row%s%n",
                base,
                reads,
                commits,
                raceCommits,
                WRITER_VIEW ? "; loads and commits answered with the lake writer's view" : "");
        System.out.println("| operation | snapshots at start | clients | ops/s | p50 ms | p99 ms | p50 / baseline p50"
                + " | server ms per commit POST (mean) | catalog CPU ms per commit | client CPU ms per commit |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");

        String token = Env.userToken(HTTP, "ada");
        try (RESTCatalog admin = catalog(token)) {
            admin.createNamespace(namespace, new HashMap<>());
        }

        // 0. Warm-up, not reported: the client's and the catalog's commit path compiled before anything is timed.
        int warmup = Integer.parseInt(Env.get("BENCH_WARMUP_COMMITS", "200"));
        if (warmup > 0) {
            TableIdentifier warm = TableIdentifier.of(namespace, "warmup");
            try (RESTCatalog admin = catalog(token)) {
                create(admin, warm);
            }
            commits(token, List.of(warm), warmup, 1);
            expected.put(warm, (long) warmup);
            get(base + "/iceberg/v1/config", token, warmup * 10, 1);
        }

        // 1. One client, one table, growing.
        TableIdentifier grown = TableIdentifier.of(namespace, "events");
        long snapshots = 0;
        for (int size : sizes) {
            if (snapshots == 0) {
                try (RESTCatalog admin = catalog(Env.userToken(HTTP, "ada"))) {
                    create(admin, grown);
                }
            }
            snapshots = grow(grown, snapshots, size);
            token = Env.userToken(HTTP, "ada");
            String config = base + "/iceberg/v1/config";
            String load = base + "/iceberg/v1/namespaces/" + namespace + "/tables/events";
            get(config, token, 100, 1);
            get(load, token, 20, 1);
            Latencies baseline = get(config, token, reads, 1);
            Latencies loads = get(load, token, Math.max(20, reads / Math.max(1, size / 100)), 1);
            double[] before = serverCommits();
            Cpu cpu = Cpu.now();
            Latencies appends = commits(token, List.of(grown), commits, 1);
            String server = serverMean(before, serverCommits()) + " | " + cpu.perCommit(commits);
            row("baseline: GET /v1/config", snapshots, 1, baseline, baseline, " | ");
            row("loadTable", snapshots, 1, loads, baseline, " | ");
            row("commit (append)", snapshots, 1, appends, baseline, server);
            snapshots += commits;
        }
        expected.put(grown, snapshots);

        // 2. and 3. Eight writers, each on its own table, then all on one table.
        token = Env.userToken(HTTP, "ada");
        List<TableIdentifier> own = new ArrayList<>();
        TableIdentifier shared = TableIdentifier.of(namespace, "shared");
        try (RESTCatalog admin = catalog(token)) {
            for (int w = 0; w < WRITERS; w++) {
                TableIdentifier id = TableIdentifier.of(namespace, "own_" + w);
                create(admin, id);
                own.add(id);
            }
            create(admin, shared);
        }
        for (TableIdentifier id : own) {
            grow(id, 0, RACE_SNAPSHOTS);
        }
        grow(shared, 0, RACE_SNAPSHOTS);
        token = Env.userToken(HTTP, "ada");
        Latencies baseline = get(base + "/iceberg/v1/config", token, reads, WRITERS);
        double[] before = serverCommits();
        Cpu ownCpu = Cpu.now();
        Latencies ownCommits = commits(token, own, raceCommits, WRITERS);
        String ownCpuPerCommit = ownCpu.perCommit(raceCommits);
        double[] between = serverCommits();
        token = Env.userToken(HTTP, "ada");
        Cpu sharedCpu = Cpu.now();
        Latencies sharedCommits = commits(token, List.of(shared), raceCommits, WRITERS);
        String sharedCpuPerCommit = sharedCpu.perCommit(raceCommits);
        double[] after = serverCommits();
        row("baseline: GET /v1/config", 0, WRITERS, baseline, baseline, " | ");
        row(
                "commit (append), a table per writer",
                RACE_SNAPSHOTS,
                WRITERS,
                ownCommits,
                baseline,
                serverMean(before, between) + " | " + ownCpuPerCommit);
        row(
                "commit (append), one table, 409 + retry",
                RACE_SNAPSHOTS,
                WRITERS,
                sharedCommits,
                baseline,
                serverMean(between, after) + " | " + sharedCpuPerCommit);
        // Writer w appends to own_w until the shared count of commits is used up.
        long ownTotal = (long) RACE_SNAPSHOTS * WRITERS + raceCommits;
        expected.put(shared, (long) RACE_SNAPSHOTS + raceCommits);

        token = Env.userToken(HTTP, "ada");
        boolean lost = false;
        try (RESTCatalog admin = catalog(token)) {
            long ownCounted = 0;
            for (TableIdentifier id : own) {
                ownCounted += count(admin.loadTable(id));
            }
            lost |= report("the 8 own tables", ownCounted, ownTotal);
            for (Map.Entry<TableIdentifier, Long> entry : expected.entrySet()) {
                lost |= report(entry.getKey().toString(), count(admin.loadTable(entry.getKey())), entry.getValue());
            }
            for (TableIdentifier id : expected.keySet()) {
                admin.dropTable(id, true);
            }
            for (TableIdentifier id : own) {
                admin.dropTable(id, true);
            }
            admin.dropNamespace(namespace);
        }
        if (lost) {
            System.exit(1);
        }
    }

    private static boolean report(String what, long counted, long expected) {
        System.out.printf("snapshots on %s: %d (expected %d: no commit lost)%n", what, counted, expected);
        return counted != expected;
    }

    /**
     * The table's append snapshots: the benchmark's own commits. The platform's maintenance may commit to the tables
     * meanwhile (a manifest rewrite is a {@code replace}), which is not a commit of the benchmark's.
     */
    private static long count(Table table) {
        long n = 0;
        for (Snapshot snapshot : table.snapshots()) {
            if (DataOperations.APPEND.equals(snapshot.operation())) {
                n++;
            }
        }
        return n;
    }

    /**
     * The service's own count and total seconds of successful table commits ({@code POST .../tables/{table}}, from
     * {@code /q/metrics}): the part of a client's commit spent inside the catalog. Null when the metrics are not
     * reachable (through the gateway).
     */
    private static double[] serverCommits() {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(base + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            double count = 0;
            double sum = 0;
            for (String line : response.body().split("\n")) {
                if (line.contains("method=\"POST\"")
                        && line.contains("status=\"200\"")
                        && line.contains("uri=\"/iceberg/v1/namespaces/{namespace}/tables/{table}\"")) {
                    double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    if (line.startsWith("http_server_requests_seconds_count")) {
                        count += value;
                    } else if (line.startsWith("http_server_requests_seconds_sum")) {
                        sum += value;
                    }
                }
            }
            return response.statusCode() == 200 ? new double[] {count, sum} : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String serverMean(double[] before, double[] after) {
        if (before == null || after == null || after[0] <= before[0]) {
            return "n/a";
        }
        return String.format("%.2f", (after[1] - before[1]) / (after[0] - before[0]) * 1000);
    }

    /**
     * CPU time of the catalog process (from {@code /proc}, see {@link ProcessCpu}) and of this benchmark's own JVM, the
     * client, from a point on: what a commit costs each side, apart from the waits both see.
     */
    private record Cpu(Double catalog, long clientNanos) {
        static Cpu now() {
            return new Cpu(ProcessCpu.sample().get("catalog"), ownCpuNanos());
        }

        private static long ownCpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }

        /** {@code "<catalog> | <client>"}, in CPU milliseconds per commit; n/a for a catalog not on this machine. */
        String perCommit(int commits) {
            Double end = ProcessCpu.sample().get("catalog");
            double client = (ownCpuNanos() - clientNanos) / 1e6 / commits;
            if (commits == 0) {
                return "n/a | n/a";
            }
            String server = catalog == null || end == null ? "n/a" : String.format("%.1f", (end - catalog) / commits);
            return server + " | " + String.format("%.1f", client);
        }
    }

    private static void row(
            String name, long snapshots, int clients, Latencies measured, Latencies baseline, String server) {
        System.out.printf(
                "| %s | %s | %d | %.0f | %.2f | %.2f | %.1f× | %s |%n",
                name,
                name.startsWith("baseline") ? "" : String.format("%,d", snapshots),
                clients,
                measured.perSecond(),
                measured.percentileMillis(50),
                measured.percentileMillis(99),
                measured.percentileMillis(50) / baseline.percentileMillis(50),
                server);
    }

    private static final ExecutorService SAME_THREAD = MoreExecutors.newDirectExecutorService();

    private static RESTCatalog catalog(String token) {
        RESTCatalog catalog = new RESTCatalog();
        // A client as the lake writer is one (Env.writerLikeCatalog), with manifests written on the committing thread
        // (see append).
        Map<String, String> properties = Env.writerLikeCatalog(base, token);
        if (WRITER_VIEW) {
            properties.put("header." + WriterView.HEADER, WriterView.CHECKPOINTS);
        }
        catalog.initialize("bench", properties);
        return catalog;
    }

    private static void create(RESTCatalog admin, TableIdentifier id) {
        admin.createTable(
                id,
                SCHEMA,
                PartitionSpec.unpartitioned(),
                // Concurrent writers lose races by design; let Iceberg's client retry them, briefly, as writers do.
                new HashMap<>(Map.of(
                        "commit.retry.num-retries",
                        "100",
                        "commit.retry.min-wait-ms",
                        "5",
                        "commit.retry.max-wait-ms",
                        "100")));
    }

    /**
     * Appends until the table has {@code target} snapshots: appends that add no file (each still a real snapshot with
     * its own manifest list, in the metadata file and its snapshot log like any other), up to
     * {@value #GROWTH_PER_COMMIT} of them in one Iceberg transaction, which the catalog receives as one commit. Without
     * files a snapshot's manifest list stays empty, so growing costs the client little. Each transaction has a client
     * with a fresh token: growing a large table can take longer than a token lives.
     */
    private static long grow(TableIdentifier id, long snapshots, int target) throws Exception {
        long n = snapshots;
        long start = System.nanoTime();
        int transactions = 0;
        while (n < target) {
            int batch = (int) Math.min(GROWTH_PER_COMMIT, target - n);
            try (RESTCatalog client = catalog(Env.userToken(HTTP, "ada"))) {
                Table table = client.loadTable(id);
                Transaction transaction = table.newTransaction();
                for (int i = 0; i < batch; i++) {
                    AppendFiles append = transaction.newFastAppend();
                    if (WRITER_VIEW) {
                        append.set(WriterView.OFFSETS, "{\"bench\":{\"0\":" + (n + i) + "}}");
                    }
                    append.commit();
                }
                transaction.commitTransaction();
            }
            transactions++;
            n += batch;
        }
        if (transactions > 0 && target >= GROWTH_PER_COMMIT) {
            System.out.printf(
                    "(%s grown from %d to %d snapshots in %d commits, %.1f s)%n",
                    id, snapshots, n, transactions, (System.nanoTime() - start) / 1e9);
        }
        return n;
    }

    private static void append(Table table, String name) {
        // Iceberg polls its shared worker pool every 10 ms for each parallel step of a commit; as the lake writer
        // does, manifests are read and written on this thread.
        AppendFiles append = table.newAppend().scanManifestsWith(SAME_THREAD);
        if (WRITER_VIEW) {
            append.set(WriterView.OFFSETS, "{\"bench\":{\"0\":" + System.nanoTime() + "}}");
        }
        TableOperations ops = ((HasTableOperations) table).operations();
        ManifestAppend.addFiles(
                append,
                ops,
                ops.current(),
                List.of(DataFiles.builder(PartitionSpec.unpartitioned())
                        .withPath(table.location() + "/data/" + name + ".parquet")
                        .withFormat(FileFormat.PARQUET)
                        .withFileSizeInBytes(4096)
                        .withRecordCount(100)
                        .build()));
        append.commit();
    }

    private static Latencies get(String url, String token, int total, int clients) throws Exception {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token);
        if (WRITER_VIEW) {
            builder.header(WriterView.HEADER, WriterView.CHECKPOINTS);
        }
        HttpRequest request = builder.GET().build();
        return run(total, clients, () -> () -> {
            HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + response.statusCode());
            }
        });
    }

    /**
     * Each client appends through its own RESTCatalog and table handle, client {@code c} to {@code tables[c % n]}. On a
     * shared table most commits start from stale metadata, lose the race (409), refresh and retry, as concurrent
     * writers do in production.
     */
    private static Latencies commits(String token, List<TableIdentifier> tables, int total, int clients)
            throws Exception {
        AtomicInteger sequence = new AtomicInteger();
        AtomicInteger client = new AtomicInteger();
        return run(total, clients, () -> {
            Table table = catalog(token).loadTable(tables.get(client.getAndIncrement() % tables.size()));
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
        List<Op> ops = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            ops.add(perClient.call());
        }
        long start = System.nanoTime();
        for (Op op : ops) {
            futures.add(pool.submit(() -> {
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
