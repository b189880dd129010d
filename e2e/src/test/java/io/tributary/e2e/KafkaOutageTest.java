package io.tributary.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Kafka goes away and comes back while producers push records and admins change the catalog. Nothing acknowledged is
 * lost, every refused request said 503, and every catalog change reaches {@code tributary.catalog.events} exactly once
 * and in order per table once Kafka is back.
 */
@Order(200)
class KafkaOutageTest {

    private static final String EVENTS = "tributary.catalog.events";
    private static final Set<String> TRACKED = Set.of(
            "io.tributary.catalog.namespace.created", "io.tributary.catalog.table.created",
            "io.tributary.catalog.snapshot.committed", "io.tributary.catalog.schema.changed");
    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "note", Types.StringType.get()));

    @AfterAll
    static void kafkaIsBack() throws Exception {
        Suite.launcher("start", "kafka");
    }

    @Test
    void outageDelaysButNeverLosesRecordsOrCatalogEvents() throws Exception {
        String namespace = "e2e_outage_" + Long.toString(System.currentTimeMillis(), 36);
        TableIdentifier orders = TableIdentifier.of(Namespace.of(namespace), "orders");
        TableIdentifier audit = TableIdentifier.of(Namespace.of(namespace), "changes");
        Map<TopicPartition, Long> eventsStart = endOffsets(EVENTS);

        try (RESTCatalog admin = Suite.catalog(Suite.userToken("ada"))) {
            admin.createNamespace(orders.namespace(), new HashMap<>());
            admin.createTable(
                    orders,
                    SCHEMA,
                    PartitionSpec.unpartitioned(),
                    new HashMap<>(Map.of("tributary.ingest.producers", "*")));

            Producers producers =
                    new Producers(Suite.gateway() + "/api/ingest/v1/tables/" + namespace + "/orders/records");
            producers.start(2);
            producers.awaitAcknowledged(200, Duration.ofSeconds(60));

            Suite.launcher("stop", "kafka");
            // The catalog keeps working on PostgreSQL alone; its events wait in the outbox.
            // (The lake writer commits to the orders table on its own; these changes go to a table nobody else writes.)
            admin.createTable(audit, SCHEMA);
            append(admin.loadTable(audit), "outage-1", 10);
            append(admin.loadTable(audit), "outage-2", 20);
            admin.loadTable(audit)
                    .updateSchema()
                    .addColumn("reason", Types.StringType.get())
                    .commit();
            producers.awaitRefused(3, Duration.ofSeconds(90));
            Suite.launcher("start", "kafka");

            producers.awaitAcknowledgedAfterRecovery(200, Duration.ofSeconds(120));
            producers.stop();

            assertThat(producers.unexpected)
                    .as("every refused request answered 503")
                    .isEmpty();
            assertThat(producers.refused.get())
                    .as("requests refused while Kafka was down")
                    .isGreaterThan(0);
            Set<Long> inKafka = idsInTopic("tributary.ingest." + namespace + ".orders");
            assertThat(inKafka).as("every acknowledged record is in Kafka").containsAll(producers.acknowledged);
            // ... and, once the lake writer has caught up, in the table, each exactly once.
            List<Long> inTable = LakeWriterTest.poll(
                    () -> LakeWriterTest.rows(admin, orders).stream()
                            .map(row -> (Long) row.getField("id"))
                            .toList(),
                    ids -> ids.containsAll(producers.acknowledged),
                    Duration.ofSeconds(120));
            assertThat(inTable).as("rows of the table").doesNotHaveDuplicates().containsAll(producers.acknowledged);

            // Every change, once, in order per table (contract and metadata events may accompany these).
            Map<String, List<String>> perTable = catalogEvents(eventsStart, namespace, 6, Duration.ofSeconds(120));
            perTable.replaceAll(
                    (subject, types) -> types.stream().filter(TRACKED::contains).toList());
            assertThat(perTable.get(namespace + ".orders"))
                    .startsWith("io.tributary.catalog.table.created")
                    .containsOnlyOnce("io.tributary.catalog.table.created");
            assertThat(perTable.get(namespace + ".changes"))
                    .containsExactly(
                            "io.tributary.catalog.table.created",
                            "io.tributary.catalog.snapshot.committed",
                            "io.tributary.catalog.snapshot.committed",
                            "io.tributary.catalog.schema.changed");
            assertThat(perTable.get(namespace)).containsExactly("io.tributary.catalog.namespace.created");
        }
    }

    private static void append(Table table, String name, long records) {
        table.newAppend()
                .appendFile(DataFiles.builder(PartitionSpec.unpartitioned())
                        .withPath(table.location() + "/data/" + name + ".parquet")
                        .withFormat(FileFormat.PARQUET)
                        .withFileSizeInBytes(1024)
                        .withRecordCount(records)
                        .build())
                .commit();
    }

    /** Producers posting numbered records in batches through the gateway until stopped. */
    private static final class Producers {
        final String url;
        final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        final List<String> unexpected = new CopyOnWriteArrayList<>();
        final AtomicLong refused = new AtomicLong();
        final AtomicLong nextId = new AtomicLong();
        final AtomicBoolean running = new AtomicBoolean(true);
        final List<Thread> threads = new ArrayList<>();
        volatile long acknowledgedAtRecovery = -1;

        Producers(String url) {
            this.url = url;
        }

        void start(int count) {
            for (int i = 0; i < count; i++) {
                Thread thread = new Thread(this::run, "producer-" + i);
                threads.add(thread);
                thread.start();
            }
        }

        private void run() {
            String token = Suite.producerToken();
            while (running.get()) {
                List<Long> ids = new ArrayList<>();
                StringBuilder body = new StringBuilder("[");
                for (int i = 0; i < 50; i++) {
                    long id = nextId.getAndIncrement();
                    ids.add(id);
                    body.append(i == 0 ? "" : ",")
                            .append("{\"id\":")
                            .append(id)
                            .append(",\"note\":\"n")
                            .append(id)
                            .append("\"}");
                }
                body.append(']');
                Response response;
                try {
                    response = given().auth()
                            .oauth2(token)
                            .contentType("application/json")
                            .body(body.toString())
                            .post(url);
                } catch (RuntimeException e) {
                    unexpected.add("no answer: " + e);
                    continue;
                }
                if (response.statusCode() == 200) {
                    acknowledged.addAll(ids);
                } else if (response.statusCode() == 503
                        && response.header("Retry-After") != null
                        && response.contentType().startsWith("application/problem+json")) {
                    refused.incrementAndGet();
                    sleep(200);
                } else {
                    unexpected.add(response.statusCode() + " " + response.asString());
                }
            }
        }

        void awaitAcknowledged(int records, Duration timeout) {
            await(() -> acknowledged.size() >= records, timeout, "acknowledged records");
        }

        void awaitRefused(int requests, Duration timeout) {
            await(() -> refused.get() >= requests, timeout, "503 answers while Kafka is down");
            acknowledgedAtRecovery = acknowledged.size();
        }

        void awaitAcknowledgedAfterRecovery(int records, Duration timeout) {
            await(
                    () -> acknowledged.size() >= acknowledgedAtRecovery + records,
                    timeout,
                    "acknowledged records after recovery");
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(60_000);
            }
        }

        private void await(BooleanSupplier condition, Duration timeout, String what) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    running.set(false);
                    throw new AssertionError("timed out waiting for " + what + "; acknowledged=" + acknowledged.size()
                            + " refused=" + refused.get() + " unexpected=" + unexpected);
                }
                sleep(100);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer() {
        Properties config = new Properties();
        config.put(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                System.getenv().getOrDefault("TRIBUTARY_KAFKA_BOOTSTRAP", "127.0.0.1:19092"));
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(config);
    }

    private static Map<TopicPartition, Long> endOffsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            return new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
        }
    }

    /** The ids of every record in the table's ingest topic. */
    private static Set<Long> idsInTopic(String topic) {
        Set<Long> ids = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            Map<TopicPartition, Long> end = endOffsets(topic);
            consumer.assign(end.keySet());
            consumer.seekToBeginning(end.keySet());
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    ids.add(new JsonPath(new String(record.value(), StandardCharsets.UTF_8)).getLong("id"));
                }
            }
        }
        return ids;
    }

    /**
     * The catalog events about one namespace since {@code start}, by subject in log order, once {@code expected} of them
     * arrived. An event id seen twice fails the test.
     */
    private static Map<String, List<String>> catalogEvents(
            Map<TopicPartition, Long> start, String namespace, int expected, Duration timeout) {
        Map<String, List<String>> bySubject = new LinkedHashMap<>();
        Set<String> ids = new HashSet<>();
        int seen = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            Map<TopicPartition, Long> from = new HashMap<>(start);
            endOffsets(EVENTS).keySet().forEach(partition -> from.putIfAbsent(partition, 0L));
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            long deadline = System.nanoTime() + timeout.toNanos();
            long quietUntil = Long.MAX_VALUE;
            // Read until the expected events arrived, then a little longer to catch any duplicate.
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    JsonPath event = new JsonPath(new String(record.value(), StandardCharsets.UTF_8));
                    String subject = event.getString("subject");
                    if (subject == null || !(subject.equals(namespace) || subject.startsWith(namespace + "."))) {
                        continue;
                    }
                    assertThat(ids.add(event.getString("id")))
                            .as("event %s delivered once", event.getString("id"))
                            .isTrue();
                    bySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(event.getString("type"));
                    if (TRACKED.contains(event.getString("type"))) {
                        seen++;
                    }
                }
                if (seen >= expected && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                }
            }
        }
        assertThat(seen).as("catalog events about %s: %s", namespace, bySubject).isGreaterThanOrEqualTo(expected);
        return bySubject;
    }
}
