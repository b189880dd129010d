package io.tributary.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.ingest.writer.ManifestAppend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.relocated.com.google.common.util.concurrent.MoreExecutors;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;

/**
 * A day in the life of a table committed every second, laid down in minutes: 86,400 appends, each a snapshot with a
 * Parquet file of its own as the lake writer makes them, with the platform's table maintenance run every 600 appends
 * (its scheduler's 10 minutes at one commit a second) keeping the last 3,600 snapshots (an hour at one commit a
 * second). The appends are laid down 60 to a REST commit; each hour mark measures what a writer would see then: 100
 * single-append commits, p50 and p99 as a ratio to the bare request measured just before, and the table's size
 * (snapshots, data files, manifests, metadata file). Freshness through the lake writer is measured on a new table
 * before the day, and after it on the day's table and on another new table, probe by probe in turn.
 *
 * <p>The time is scaled by commit count, not by the clock: expiry keeps the last {@code BENCH_RETAIN} snapshots
 * (older than zero), where the platform's default keeps an hour's by age. The writer's checkpoint guard plays no part:
 * the writer first commits to the day's table after the day.
 *
 * <p>Settings (environment): {@code BENCH_DAY_SNAPSHOTS} (86400), {@code BENCH_PER_COMMIT} (60),
 * {@code BENCH_MAINTAIN_EVERY} (600), {@code BENCH_RETAIN} (3600), {@code BENCH_HOUR} (3600, snapshots between
 * measurements), {@code BENCH_WINDOW} (100 commits per measurement), {@code BENCH_PROBES} (20 per table),
 * {@code BENCH_DAY_AGAIN} (the namespace of an earlier run: only the freshness after the day, on its table).
 */
public final class DayBench {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ExecutorService SAME_THREAD = MoreExecutors.newDirectExecutorService();
    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "at", Types.TimestampType.withZone()),
            Types.NestedField.optional(3, "payload", Types.StringType.get()));

    private static String catalogUrl;
    private static long nextId;

    public static void main(String[] args) throws Exception {
        catalogUrl = Env.get("TRIBUTARY_GATEWAY_CATALOG_URL", "http://127.0.0.1:8081");
        String gateway = Env.get("TRIBUTARY_GATEWAY_URL", "http://localhost:8080");
        String ingestUrl = Env.get("TRIBUTARY_GATEWAY_INGEST_URL", "http://127.0.0.1:8082");
        int day = Integer.parseInt(Env.get("BENCH_DAY_SNAPSHOTS", "86400"));
        int perCommit = Integer.parseInt(Env.get("BENCH_PER_COMMIT", "60"));
        int maintainEvery = Integer.parseInt(Env.get("BENCH_MAINTAIN_EVERY", "600"));
        int retain = Integer.parseInt(Env.get("BENCH_RETAIN", "3600"));
        int hour = Integer.parseInt(Env.get("BENCH_HOUR", "3600"));
        int window = Integer.parseInt(Env.get("BENCH_WINDOW", "100"));
        int probes = Integer.parseInt(Env.get("BENCH_PROBES", "20"));
        String again = Env.get("BENCH_DAY_AGAIN", "");
        Namespace namespace = again.isEmpty()
                ? Namespace.of("bench_day_" + Long.toString(System.currentTimeMillis(), 36))
                : Namespace.of(again);
        TableIdentifier dayTable = TableIdentifier.of(namespace, "events");
        TableIdentifier before = TableIdentifier.of(namespace, "new_before");
        TableIdentifier after = TableIdentifier.of(namespace, "new_after");
        if (!again.isEmpty()) {
            probeAfter(gateway, namespace, dayTable, after, probes);
            return;
        }

        try (RESTCatalog admin = catalog(Env.userToken(HTTP, "ada"), false)) {
            admin.createNamespace(namespace, new HashMap<>());
            Map<String, String> dayProperties = tableProperties();
            // The benchmark runs the day's maintenance on its own clock, through the admin endpoint; the background
            // pass, on the wall clock, leaves this table alone (a compaction of the same files from both would fail
            // one of them).
            dayProperties.put("tributary.maintenance.enabled", "false");
            admin.createTable(dayTable, SCHEMA, PartitionSpec.unpartitioned(), dayProperties);
            admin.createTable(before, SCHEMA, PartitionSpec.unpartitioned(), tableProperties());
        }
        System.out.printf(
                "a day of %,d appends (%d per REST commit), maintenance every %d, keeping the last %,d snapshots;"
                        + " %d single-append commits measured at each mark of %,d%n",
                day, perCommit, maintainEvery, retain, window, hour);

        System.out.println("freshness through the lake writer on a new table, before the day:");
        probe(gateway, namespace, List.of(before), probes);

        System.out.println(
                "| appends so far | commit p50 ms | commit p99 ms | bare request p50 ms | p50 × bare | snapshots |"
                        + " data files | manifests | metadata file KB | maintenance s since the last mark |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        long appends = 0;
        long windowAppends = 0;
        double maintenanceSeconds = 0;
        long started = System.nanoTime();
        mark(dayTable, appends, window, 0);
        windowAppends += window;
        while (appends < day) {
            try (RESTCatalog client = catalog(Env.userToken(HTTP, "ada"), false)) {
                Table table = client.loadTable(dayTable);
                long hourEnd = Math.min(day, appends + hour);
                while (appends < hourEnd) {
                    int n = (int) Math.min(perCommit, hourEnd - appends);
                    n = (int) Math.min(n, maintainEvery - appends % maintainEvery);
                    Transaction transaction = table.newTransaction();
                    for (int i = 0; i < n; i++) {
                        append(transaction.table(), transaction.newAppend());
                    }
                    transaction.commitTransaction();
                    appends += n;
                    if (appends % maintainEvery == 0) {
                        maintenanceSeconds += maintain(ingestUrl, dayTable, retain);
                        table.refresh();
                    }
                }
            }
            mark(dayTable, appends, window, maintenanceSeconds);
            windowAppends += window;
            maintenanceSeconds = 0;
        }
        System.out.printf("(the day laid down in %.1f min)%n", (System.nanoTime() - started) / 60e9);

        try (RESTCatalog admin = catalog(Env.userToken(HTTP, "ada"), true)) {
            long records = totalRecords(admin.loadTable(dayTable).currentSnapshot());
            long expected = day + windowAppends;
            System.out.printf("%s holds %,d records; %,d were appended%n", dayTable, records, expected);
            if (records != expected) {
                throw new IllegalStateException("the day's table lost or repeated records");
            }
        }
        probeAfter(gateway, namespace, dayTable, after, probes);
    }

    /**
     * Freshness after the day, on its table and on a new one in turn; then the day's table must hold every probe. Run
     * alone ({@code BENCH_DAY_AGAIN=<namespace>}) on the table an earlier run left.
     */
    private static void probeAfter(
            String gateway, Namespace namespace, TableIdentifier dayTable, TableIdentifier after, int probes)
            throws Exception {
        long before;
        try (RESTCatalog admin = catalog(Env.userToken(HTTP, "ada"), true)) {
            before = totalRecords(admin.loadTable(dayTable).currentSnapshot());
            if (!admin.tableExists(after)) {
                admin.createTable(after, SCHEMA, PartitionSpec.unpartitioned(), tableProperties());
            }
        }
        System.out.println("freshness through the lake writer after the day, on its table and on a new one in turn:");
        probe(gateway, namespace, List.of(dayTable, after), probes);
        try (RESTCatalog admin = catalog(Env.userToken(HTTP, "ada"), true)) {
            long records = totalRecords(admin.loadTable(dayTable).currentSnapshot());
            System.out.printf(
                    "%s holds %,d records after the probes; %,d expected%n", dayTable, records, before + probes);
            if (records != before + probes) {
                throw new IllegalStateException("the day's table lost or repeated probes");
            }
        }
    }

    private static Map<String, String> tableProperties() {
        return new HashMap<>(Map.of(
                // The lake writer may write it (the freshness probes), as a table with a contract.
                "tributary.ingest.producers",
                "*",
                // The platform's maintenance commits to the table meanwhile: lose a race, reload, retry.
                "commit.retry.num-retries",
                "100",
                "commit.retry.min-wait-ms",
                "5",
                "commit.retry.max-wait-ms",
                "100"));
    }

    private static RESTCatalog catalog(String token, boolean refsOnly) {
        RESTCatalog catalog = new RESTCatalog();
        // As the lake writer's client (Env.writerLikeCatalog).
        Map<String, String> properties = Env.writerLikeCatalog(catalogUrl, token);
        if (refsOnly) {
            properties.put("snapshot-loading-mode", "refs");
        }
        catalog.initialize("bench", properties);
        return catalog;
    }

    /** One append of one record in a Parquet file of its own, its manifest written on this thread. */
    private static void append(Table table, AppendFiles append) {
        String path = table.location() + "/data/day-" + UUID.randomUUID() + ".parquet";
        DataFile file;
        try {
            DataWriter<Record> writer = Parquet.writeData(table.io().newOutputFile(path))
                    .schema(table.schema())
                    .createWriterFunc(GenericParquetWriter::create)
                    .withSpec(table.spec())
                    .overwrite()
                    .build();
            try (writer) {
                GenericRecord record = GenericRecord.create(table.schema());
                record.setField("id", nextId++);
                record.setField("at", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
                record.setField("payload", "day");
                writer.write(record);
            }
            file = writer.toDataFile();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TableOperations ops = ((HasTableOperations) table).operations();
        ManifestAppend.addFiles(append.scanManifestsWith(SAME_THREAD), ops, ops.current(), List.of(file));
        append.commit();
    }

    /** The bare request's p50, then {@code window} single-append commits, and the table's size. */
    private static void mark(TableIdentifier id, long appends, int window, double maintenanceSeconds) throws Exception {
        String token = Env.userToken(HTTP, "ada");
        HttpRequest config = HttpRequest.newBuilder(URI.create(catalogUrl + "/iceberg/v1/config"))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build();
        Latencies bare = new Latencies();
        for (int i = 0; i < 200; i++) {
            long t0 = System.nanoTime();
            HttpResponse<byte[]> response = HTTP.send(config, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET /v1/config answered " + response.statusCode());
            }
            bare.add(System.nanoTime() - t0);
        }
        Latencies commits = new Latencies();
        try (RESTCatalog client = catalog(token, false)) {
            Table table = client.loadTable(id);
            for (int i = 0; i < window; i++) {
                long t0 = System.nanoTime();
                append(table, table.newAppend());
                commits.add(System.nanoTime() - t0);
            }
            table.refresh();
            Snapshot current = table.currentSnapshot();
            int snapshots = 0;
            for (Snapshot ignored : table.snapshots()) {
                snapshots++;
            }
            long metadataBytes = table.io()
                    .newInputFile(
                            ((HasTableOperations) table).operations().current().metadataFileLocation())
                    .getLength();
            System.out.printf(
                    "| %,d | %.1f | %.1f | %.2f | %.1f× | %,d | %s | %d | %,d | %.1f |%n",
                    appends,
                    commits.percentileMillis(50),
                    commits.percentileMillis(99),
                    bare.percentileMillis(50),
                    commits.percentileMillis(50) / bare.percentileMillis(50),
                    snapshots,
                    current.summary().getOrDefault("total-data-files", "?"),
                    current.allManifests(table.io()).size(),
                    metadataBytes / 1024,
                    maintenanceSeconds);
        }
    }

    /** Runs the platform's maintenance on the table now, through the admin endpoint; the seconds it took. */
    private static double maintain(String ingestUrl, TableIdentifier id, int retain) throws Exception {
        String body = "{\"older-than\": \"PT0S\", \"retain-last\": " + retain + "}";
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(ingestUrl + "/api/ingest/v1/admin/maintenance/" + id.namespace() + "/" + id.name()))
                .header("Authorization", "Bearer " + Env.userToken(HTTP, "ada"))
                .header("Content-Type", "application/json")
                .timeout(java.time.Duration.ofMinutes(10))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        long t0 = System.nanoTime();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        double seconds = (System.nanoTime() - t0) / 1e9;
        JsonNode answer = response.statusCode() == 200 ? Env.JSON.readTree(response.body()) : null;
        if (answer == null || !"done".equals(answer.path("outcome").asText())) {
            throw new IllegalStateException(
                    "maintenance of " + id + " answered " + response.statusCode() + ": " + response.body());
        }
        return seconds;
    }

    /**
     * Freshness through the gateway and the lake writer: one record at a time to each table in turn, each timed from
     * its receipt until the table's current snapshot holds it (polled every 20 ms, loading only the snapshots branches
     * and tags name), rounds 1.2 s apart. The first probe of a table is its first record; the rest are reported
     * together.
     */
    private static void probe(String gateway, Namespace namespace, List<TableIdentifier> tables, int n)
            throws Exception {
        // Tokens live minutes, the day longer: a fresh one for each round of probes.
        String producer = Env.producerToken(HTTP);
        Map<TableIdentifier, Latencies> steady = new HashMap<>();
        Map<TableIdentifier, Double> first = new HashMap<>();
        Map<TableIdentifier, Long> sent = new HashMap<>();
        try (RESTCatalog reader = catalog(Env.userToken(HTTP, "ada"), true)) {
            for (int i = 0; i < n; i++) {
                for (TableIdentifier id : tables) {
                    long base = sent.computeIfAbsent(
                            id, t -> totalRecords(reader.loadTable(t).currentSnapshot()));
                    String url = gateway + "/api/ingest/v1/tables/" + namespace + "/" + id.name() + "/records";
                    String record = "{\"id\": " + (nextId++) + ", \"at\": \""
                            + OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS)
                            + "\", \"payload\": \"probe\"}";
                    HttpResponse<String> response = HTTP.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .header("Authorization", "Bearer " + producer)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(record, StandardCharsets.UTF_8))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    long acked = System.nanoTime();
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException(
                                "ingest answered " + response.statusCode() + ": " + response.body());
                    }
                    long deadline = acked + TimeUnit.SECONDS.toNanos(60);
                    while (totalRecords(reader.loadTable(id).currentSnapshot()) < base + i + 1) {
                        if (System.nanoTime() > deadline) {
                            throw new IllegalStateException(id + ": probe " + i + " not in the table after 60 s");
                        }
                        Thread.sleep(20);
                    }
                    long elapsed = System.nanoTime() - acked;
                    if (i == 0) {
                        first.put(id, elapsed / 1e6);
                    } else {
                        steady.computeIfAbsent(id, t -> new Latencies()).add(elapsed);
                    }
                }
                // Each table's probes more than the writer's commit interval (1 s) apart: a record reaching a table
                // idle that long is committed at once, so a probe times the commit path on that table, not where in
                // an interval it happened to land.
                Thread.sleep(1200);
            }
        }
        for (TableIdentifier id : tables) {
            Latencies latencies = steady.getOrDefault(id, new Latencies());
            System.out.printf(
                    "  %s: first record %.0f ms; the next %d: p50 %.0f ms, p95 %.0f ms, max %.0f ms%n",
                    id.name(),
                    first.getOrDefault(id, Double.NaN),
                    latencies.count(),
                    latencies.percentileMillis(50),
                    latencies.percentileMillis(95),
                    latencies.percentileMillis(100));
        }
    }

    private static long totalRecords(Snapshot snapshot) {
        return snapshot == null ? 0 : Long.parseLong(snapshot.summary().getOrDefault("total-records", "0"));
    }
}
