package io.tributary.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Freshness at many active tables: each of N new tables receives one record every {@code BENCH_INTERVAL_MS}
 * (1,500) through the gateway, staggered across the interval, for {@code BENCH_SECONDS} (40). A probe runs from the
 * record's receipt (the 200 answer) until a snapshot on main holds it: the catalog stamps each commit's
 * {@code snapshot.committed} event with the time its transaction is written, and the benchmark reads those events
 * from Kafka, so it learns when each commit landed without polling N tables.
 *
 * <p>Reports, per level: the first record of each new table (its topic and table are picked up by the writer), then
 * p50/p95/p99/max of every probe and of the steady ones (after the level's first {@code BENCH_STEADY_AFTER_SECONDS},
 * 10 by default), and commits per second. The slowest
 * probes are printed with what the writer was doing meanwhile, from its own metrics (scraped every second; every
 * 250 ms, the scrapes were a tenth of the writer's CPU): the table's commits and their mean time, table opens,
 * rebalanced partitions, and how many tables were busy.
 *
 * <p>Settings: {@code BENCH_TABLES} (1,10,30,100,300; a level may repeat), {@code BENCH_SECONDS},
 * {@code BENCH_INTERVAL_MS}, {@code BENCH_STEADY_AFTER_SECONDS} (10: a long level with a late start of "steady"
 * measures tables that have received records for minutes, on services whose JIT compilers have settled),
 * {@code TRIBUTARY_WRITER_URL} (http://localhost:8085).
 */
public final class FreshnessBench {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String SNAPSHOT_COMMITTED = "io.tributary.catalog.snapshot.committed";
    private static final long STEADY_AFTER_MS = 1000L * Integer.parseInt(Env.get("BENCH_STEADY_AFTER_SECONDS", "10"));

    /** One record sent to one table: the k-th (0-based) of that table. */
    private static final class Probe {
        final String table;
        final int k;
        final long ackMs;
        volatile long visibleMs = -1;

        Probe(String table, int k, long ackMs) {
            this.table = table;
            this.k = k;
            this.ackMs = ackMs;
        }

        long latency() {
            return visibleMs - ackMs;
        }
    }

    /** Commits seen per table: (time the commit was written, total records after it). */
    private static final Map<String, List<long[]>> COMMITS = new ConcurrentHashMap<>();

    private static final Map<String, List<Probe>> PROBES = new ConcurrentHashMap<>();
    private static final AtomicLong COMMITS_SEEN = new AtomicLong();

    private static final long SCRAPE_MS = 1000;

    /** Scrapes of the writer's metrics: time → the tributary_writer_* series. */
    private static final List<Map.Entry<Long, Map<String, Double>>> SCRAPES = new CopyOnWriteArrayList<>();

    public static void main(String[] args) throws Exception {
        String gateway = Env.get("TRIBUTARY_GATEWAY_URL", "http://localhost:8080");
        String bootstrap = Env.get("TRIBUTARY_KAFKA_BOOTSTRAP", "127.0.0.1:19092");
        String writerUrl = Env.get("TRIBUTARY_WRITER_URL", "http://localhost:8085");
        int seconds = Integer.parseInt(Env.get("BENCH_SECONDS", "40"));
        long intervalMs = Long.parseLong(Env.get("BENCH_INTERVAL_MS", "1500"));
        List<Integer> levels = new ArrayList<>();
        for (String level : Env.get("BENCH_TABLES", "1,10,30,100,300").split(",")) {
            levels.add(Integer.parseInt(level.trim()));
        }
        String suffix = Long.toString(System.currentTimeMillis(), 36);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread events = new Thread(() -> readCommits(bootstrap, running), "commit-events");
        events.setDaemon(true);
        events.start();
        Thread scraper = new Thread(() -> scrape(writerUrl, running), "writer-metrics");
        scraper.setDaemon(true);
        scraper.start();
        Thread.sleep(3000); // the event reader is at the end of the topic before anything is sent

        List<String> rows = new ArrayList<>();
        try {
            Supplier<String> producer = Env.producerTokens(HTTP);
            Schema schema = new Schema(
                    Types.NestedField.required(1, "id", Types.LongType.get()),
                    Types.NestedField.optional(2, "at", Types.TimestampType.withZone()),
                    Types.NestedField.optional(3, "payload", Types.StringType.get()));
            // JIT compilation of the services' commit and ingest paths would otherwise count against the first level.
            int warmup = Integer.parseInt(Env.get("BENCH_WARMUP_SECONDS", "20"));
            if (warmup > 0) {
                System.out.printf("warm-up, not reported: 10 tables for %d s%n", warmup);
                level(gateway, producer, schema, suffix + "w", 10, warmup, intervalMs);
            }
            for (int i = 0; i < levels.size(); i++) {
                // A level that repeats an earlier size gets namespaces of its own.
                String levelSuffix = levels.subList(0, i).contains(levels.get(i)) ? suffix + i : suffix;
                rows.add(level(gateway, producer, schema, levelSuffix, levels.get(i), seconds, intervalMs));
            }
        } finally {
            running.set(false);
            // The event reader closes its consumer before the run ends: a Kafka client still logging while exec:java
            // closes the class loader fails the run after its results are printed.
            events.join(10_000);
            scraper.join(10_000);
        }
        System.out.printf(
                "%nEach table: one record every %d ms for %d s; tables created just before.%n", intervalMs, seconds);
        System.out.println("| active tables | first record p50 / max (ms) | all p50 / p95 / p99 / max (ms) "
                + "| steady p50 / p95 / p99 / max (ms) | probes | commits/s |");
        System.out.println("|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private static String level(
            String gateway,
            Supplier<String> producer,
            Schema schema,
            String suffix,
            int tables,
            int seconds,
            long intervalMs)
            throws Exception {
        Namespace namespace = Namespace.of("bench_fresh_" + suffix + "_" + tables);
        List<String> names = new ArrayList<>();
        try (RESTCatalog admin = new RESTCatalog()) {
            admin.initialize(
                    "bench", new HashMap<>(Map.of("uri", gateway + "/iceberg", "token", Env.userToken(HTTP, "ada"))));
            admin.createNamespace(namespace, new HashMap<>());
            Map<String, String> properties = new HashMap<>(Map.of("tributary.ingest.producers", "*"));
            for (int i = 0; i < tables; i++) {
                String name = String.format("t%03d", i);
                admin.createTable(
                        TableIdentifier.of(namespace, name), schema, PartitionSpec.unpartitioned(), properties);
                names.add(namespace + "." + name);
                PROBES.put(namespace + "." + name, new CopyOnWriteArrayList<>());
            }
        }
        System.out.printf("%d tables created in %s%n", tables, namespace);
        long commitsBefore = COMMITS_SEEN.get();
        Map<String, Double> cpuBefore = ProcessCpu.sample();
        long start = System.currentTimeMillis();
        ScheduledExecutorService senders = Executors.newScheduledThreadPool(Math.min(32, Math.max(4, tables / 4)));
        for (int i = 0; i < tables; i++) {
            String table = names.get(i);
            String url = gateway + "/api/ingest/v1/tables/" + namespace + "/" + table.substring(table.indexOf('.') + 1)
                    + "/records";
            int[] next = {0};
            senders.scheduleAtFixedRate(
                    () -> send(url, producer.get(), table, next[0]++),
                    i * intervalMs / tables,
                    intervalMs,
                    TimeUnit.MILLISECONDS);
        }
        Thread.sleep(seconds * 1000L);
        senders.shutdown();
        senders.awaitTermination(30, TimeUnit.SECONDS);
        long sent = System.currentTimeMillis();
        Map<String, Double> cpuAfter = ProcessCpu.sample();
        long commitsWhileSending = COMMITS_SEEN.get() - commitsBefore;
        // Everything sent becomes visible, or the level fails.
        long deadline = sent + 60_000;
        while (!allVisible(names) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        // A probe still not visible counts with its wait so far (a lower bound), and the row says how many.
        long unresolved = 0;
        for (String table : names) {
            for (Probe probe : PROBES.get(table)) {
                if (probe.visibleMs < 0) {
                    probe.visibleMs = deadline;
                    unresolved++;
                }
            }
        }
        double commitsPerSecond = (COMMITS_SEEN.get() - commitsBefore) * 1000.0 / (System.currentTimeMillis() - start);

        List<Long> first = new ArrayList<>();
        List<Long> all = new ArrayList<>();
        List<Long> steady = new ArrayList<>();
        List<Probe> probes = new ArrayList<>();
        for (String table : names) {
            for (Probe probe : PROBES.get(table)) {
                probes.add(probe);
                all.add(probe.latency());
                if (probe.k == 0) {
                    first.add(probe.latency());
                } else if (probe.ackMs - start >= STEADY_AFTER_MS) {
                    steady.add(probe.latency());
                }
            }
        }
        String row = String.format(
                "| %d | %d / %d | %d / %d / %d / %d | %d / %d / %d / %d | %d%s | %.1f |",
                tables,
                pct(first, 50),
                pct(first, 100),
                pct(all, 50),
                pct(all, 95),
                pct(all, 99),
                pct(all, 100),
                pct(steady, 50),
                pct(steady, 95),
                pct(steady, 99),
                pct(steady, 100),
                all.size(),
                unresolved == 0 ? "" : " (" + unresolved + " not visible after 60 s)",
                commitsPerSecond);
        // The same row as the final table, printed as soon as the level is done.
        System.out.println(row);
        System.out.println("  " + ProcessCpu.perUnit(cpuBefore, cpuAfter, commitsWhileSending, "commit"));
        probes.sort(Comparator.comparingLong(Probe::latency).reversed());
        System.out.println("  slowest probes, with the writer's activity between receipt and visibility:");
        for (Probe probe : probes.subList(0, Math.min(5, probes.size()))) {
            System.out.printf("    %s record %d: %d ms; %s%n", probe.table, probe.k, probe.latency(), activity(probe));
        }
        return row;
    }

    private static void send(String url, String token, String table, int k) {
        String head = "{\"id\":" + k + ",\"at\":\"2026-01-01T00:00:00Z\",\"payload\":\"";
        String body = head + "x".repeat(200) + "\"}";
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            long acked = System.currentTimeMillis();
            if (response.statusCode() != 200) {
                System.err.printf("%s: ingest answered %d: %s%n", table, response.statusCode(), response.body());
                return;
            }
            Probe probe = new Probe(table, k, acked);
            PROBES.get(table).add(probe);
            resolve(table);
        } catch (Exception e) {
            System.err.printf("%s: %s%n", table, e);
        }
    }

    private static boolean allVisible(List<String> tables) {
        for (String table : tables) {
            resolve(table);
            for (Probe probe : PROBES.get(table)) {
                if (probe.visibleMs < 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Marks the table's probes that a seen commit holds: the first commit whose total reaches k + 1 records. */
    private static synchronized void resolve(String table) {
        List<long[]> commits = COMMITS.getOrDefault(table, List.of());
        for (Probe probe : PROBES.getOrDefault(table, List.of())) {
            if (probe.visibleMs >= 0) {
                continue;
            }
            for (long[] commit : commits) {
                if (commit[1] >= probe.k + 1) {
                    probe.visibleMs = commit[0];
                    break;
                }
            }
        }
    }

    private static void readCommits(String bootstrap, AtomicBoolean running) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor("tributary.catalog.events").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            while (running.get()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    try {
                        JsonNode event = Env.JSON.readTree(record.value());
                        if (!SNAPSHOT_COMMITTED.equals(event.path("type").asText())) {
                            continue;
                        }
                        JsonNode data = event.path("data");
                        if (!"main".equals(data.path("branch").asText("main"))) {
                            continue;
                        }
                        String table = event.path("subject").asText();
                        long at = java.time.Instant.parse(event.path("time").asText())
                                .toEpochMilli();
                        long total = data.path("summary").path("total-records").asLong(0);
                        COMMITS.computeIfAbsent(table, t -> Collections.synchronizedList(new ArrayList<>()))
                                .add(new long[] {at, total});
                        COMMITS_SEEN.incrementAndGet();
                        if (PROBES.containsKey(table)) {
                            resolve(table);
                        }
                    } catch (Exception e) {
                        // not an event this benchmark reads
                    }
                }
            }
        }
    }

    private static final Pattern SERIES = Pattern.compile("^(tributary_writer_[a-z_]+)(\\{[^}]*})? ([0-9.eE+-]+)$");

    private static void scrape(String writerUrl, AtomicBoolean running) {
        while (running.get()) {
            try {
                HttpResponse<String> response = HTTP.send(
                        HttpRequest.newBuilder(URI.create(writerUrl + "/q/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                Map<String, Double> values = new HashMap<>();
                for (String line : response.body().split("\n")) {
                    Matcher m = SERIES.matcher(line);
                    if (m.matches()) {
                        values.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
                    }
                }
                SCRAPES.add(Map.entry(System.currentTimeMillis(), values));
                Thread.sleep(SCRAPE_MS);
            } catch (Exception e) {
                return;
            }
        }
    }

    /** The writer's work while the probe waited, from the scrapes just before its receipt and just after. */
    private static String activity(Probe probe) {
        Map<String, Double> before = null;
        Map<String, Double> after = null;
        double busyMax = 0;
        for (Map.Entry<Long, Map<String, Double>> scrape : SCRAPES) {
            if (scrape.getKey() <= probe.ackMs) {
                before = scrape.getValue();
            } else if (after == null || scrape.getKey() <= probe.visibleMs + SCRAPE_MS) {
                if (scrape.getKey() <= probe.visibleMs + SCRAPE_MS) {
                    busyMax = Math.max(busyMax, scrape.getValue().getOrDefault("tributary_writer_tables_busy", 0.0));
                }
                after = scrape.getValue();
            }
        }
        if (before == null || after == null) {
            return "no writer metrics around it";
        }
        String table = "table=\"" + probe.table + "\"";
        double commits = delta(before, after, "tributary_writer_commit_seconds_count", table);
        double commitSeconds = delta(before, after, "tributary_writer_commit_seconds_sum", table);
        double opens = delta(before, after, "tributary_writer_open_seconds_count", table);
        double openSeconds = delta(before, after, "tributary_writer_open_seconds_sum", table);
        double allCommits = delta(before, after, "tributary_writer_commit_seconds_count", "");
        double rebalanced = delta(before, after, "tributary_writer_rebalance_partitions_total", "");
        return String.format(
                "its commits %.0f (mean %.0f ms), its opens %.0f (%.0f ms), all tables' commits %.0f, "
                        + "partitions rebalanced %.0f, busy tables up to %.0f",
                commits,
                commits == 0 ? 0 : commitSeconds * 1000 / commits,
                opens,
                openSeconds * 1000,
                allCommits,
                rebalanced,
                busyMax);
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String name, String label) {
        double sum = 0;
        for (Map.Entry<String, Double> entry : after.entrySet()) {
            String key = entry.getKey();
            if (key.startsWith(name) && (key.equals(name) || key.charAt(name.length()) == '{') && key.contains(label)) {
                sum += entry.getValue() - before.getOrDefault(key, 0.0);
            }
        }
        return sum;
    }

    private static long pct(List<Long> values, int percentile) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
