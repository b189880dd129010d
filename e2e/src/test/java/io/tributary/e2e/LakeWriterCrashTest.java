package io.tributary.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Exactly once under crashes: while producers post 100,000 uniquely numbered records through the gateway, the lake
 * writer process is killed with SIGKILL five times at random moments and started again. Afterwards the table holds
 * every acknowledged id exactly once.
 */
@Order(7)
class LakeWriterCrashTest {

    private static final int PRODUCERS = 4;
    private static final int BATCHES_PER_PRODUCER = 100;
    private static final int BATCH_SIZE = 250;
    private static final int KILLS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.required(2, "producer", Types.IntegerType.get()),
            Types.NestedField.required(3, "batch", Types.IntegerType.get()));

    @Test
    void killingTheWriterRepeatedlyLosesAndDuplicatesNothing() throws Exception {
        String namespace = "e2e_crash_" + Long.toString(System.currentTimeMillis(), 36);
        TableIdentifier id = TableIdentifier.of(Namespace.of(namespace), "events");
        try (RESTCatalog admin = Suite.catalog(Suite.userToken("ada"))) {
            LakeWriterTest.createTable(
                    admin,
                    id,
                    SCHEMA,
                    PartitionSpec.builderFor(SCHEMA).bucket("id", 4).build());
        }
        // Three partitions (ingest creates one): the checkpoint must cover several partitions across the crashes.
        createTopic("tributary.ingest." + namespace + ".events", 3);
        String url = Suite.gateway() + "/api/ingest/v1/tables/" + namespace + "/events/records";
        String token = Suite.producerToken();
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger failedBatches = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(PRODUCERS + 1);
        List<Future<?>> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int producer = p;
            producers.add(pool.submit(() -> {
                for (int batch = 0; batch < BATCHES_PER_PRODUCER; batch++) {
                    long started = System.nanoTime();
                    List<Long> ids = new ArrayList<>(BATCH_SIZE);
                    StringBuilder body = new StringBuilder("[");
                    for (int i = 0; i < BATCH_SIZE; i++) {
                        long value = ((long) producer * BATCHES_PER_PRODUCER + batch) * BATCH_SIZE + i;
                        ids.add(value);
                        body.append(i == 0 ? "" : ",")
                                .append("{\"id\":")
                                .append(value)
                                .append(",\"producer\":")
                                .append(producer)
                                .append(",\"batch\":")
                                .append(batch)
                                .append('}');
                    }
                    body.append(']');
                    if (send(http, url, token, body.toString())) {
                        acknowledged.addAll(ids);
                    } else {
                        failedBatches.incrementAndGet();
                    }
                    // About two batches a second per producer, so the ingest spans the kills.
                    long rest =
                            500 - Duration.ofNanos(System.nanoTime() - started).toMillis();
                    if (rest > 0) {
                        Thread.sleep(rest);
                    }
                }
                return null;
            }));
        }
        List<Long> killedPids = new ArrayList<>();
        Future<?> killer = pool.submit(() -> {
            for (int kill = 0; kill < KILLS; kill++) {
                Thread.sleep(ThreadLocalRandom.current().nextLong(2_000, 7_000));
                long pid = writerPid();
                ProcessHandle process = ProcessHandle.of(pid)
                        .orElseThrow(() -> new AssertionError("writer pid " + pid + " is not running"));
                process.destroyForcibly(); // SIGKILL
                process.onExit().get(30, TimeUnit.SECONDS);
                killedPids.add(pid);
                Suite.launcher("start", "writer");
            }
            return null;
        });
        for (Future<?> producer : producers) {
            producer.get(5, TimeUnit.MINUTES);
        }
        killer.get(5, TimeUnit.MINUTES);
        pool.shutdown();
        assertThat(killedPids).hasSize(KILLS).doesNotHaveDuplicates();

        String topic = "tributary.ingest." + namespace + ".events";
        Map<Integer, Long> logEnd = endOffsets(topic);
        try (RESTCatalog analyst = Suite.catalog(Suite.userToken("ana"))) {
            Map<Integer, Long> checkpoint =
                    LakeWriterTest.poll(() -> checkpoint(analyst, id, topic), logEnd::equals, Duration.ofSeconds(120));
            assertThat(checkpoint)
                    .as("the table's checkpoint reached the end of the topic")
                    .isEqualTo(logEnd);

            List<Long> ids = new ArrayList<>();
            for (Record row : LakeWriterTest.rows(analyst, id)) {
                ids.add((Long) row.getField("id"));
            }
            Set<Long> distinct = new HashSet<>(ids);
            System.out.printf(
                    "lake writer crash test: %d records acknowledged (%d batches failed), %d rows in the table, "
                            + "%d distinct ids, writer killed %d times (pids %s)%n",
                    acknowledged.size(), failedBatches.get(), ids.size(), distinct.size(), KILLS, killedPids);
            assertThat(failedBatches.get())
                    .as("batches the ingest API did not acknowledge")
                    .isZero();
            assertThat(ids.size())
                    .as("rows (duplicates would make this larger)")
                    .isEqualTo(distinct.size());
            assertThat(distinct).as("ids in the table").isEqualTo(acknowledged);
            assertThat(acknowledged).hasSize(PRODUCERS * BATCHES_PER_PRODUCER * BATCH_SIZE);
        }
    }

    /** Posts one batch, retrying with the same idempotency key on transient failures; true once acknowledged. */
    private static boolean send(HttpClient http, String url, String token, String body) throws InterruptedException {
        String key = UUID.randomUUID().toString();
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(30))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .header("Idempotency-Key", key)
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return true;
                }
                if (response.statusCode() == 502) {
                    // The gateway lost its connection to ingest-service mid-request. With the same key the retry is
                    // answered with the receipt if the first attempt was processed, and processed otherwise.
                    System.out.println("batch answered 502, retried with its key: " + response.body());
                } else if (response.statusCode() != 429
                        && response.statusCode() != 503
                        // The key's first attempt is still being processed: its receipt comes with a later retry.
                        && !(response.statusCode() == 409 && response.body().contains("still being processed"))) {
                    System.out.println("batch refused: " + response.statusCode() + " " + response.body());
                    return false;
                }
            } catch (java.io.IOException e) {
                System.out.println("batch not sent: " + e);
            }
            Thread.sleep(1000);
        }
        return false;
    }

    private static long writerPid() throws java.io.IOException {
        Path file = Path.of("..", ".tributary", "run", "writer.pid");
        return Long.parseLong(Files.readString(file).trim().split("\\s+")[0]);
    }

    /** The offsets in the latest snapshot the writer committed (walking back past others' snapshots). */
    private static Map<Integer, Long> checkpoint(RESTCatalog catalog, TableIdentifier id, String topic) {
        Table table = catalog.loadTable(id);
        for (Snapshot snapshot = table.currentSnapshot();
                snapshot != null;
                snapshot = snapshot.parentId() == null ? null : table.snapshot(snapshot.parentId())) {
            String offsets = snapshot.summary().get("tributary.kafka.offsets");
            if (offsets != null) {
                Map<Integer, Long> result = new HashMap<>();
                try {
                    JsonNode partitions = JSON.readTree(offsets).path(topic);
                    partitions
                            .fields()
                            .forEachRemaining(e -> result.put(
                                    Integer.parseInt(e.getKey()), e.getValue().asLong()));
                } catch (java.io.IOException e) {
                    throw new AssertionError("unreadable offsets in snapshot " + snapshot.snapshotId(), e);
                }
                return result;
            }
        }
        return Map.of();
    }

    private static void createTopic(String topic, int partitions) throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        try (Admin admin = Admin.create(config)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get(60, TimeUnit.SECONDS);
        }
    }

    private static String bootstrap() {
        return System.getenv().getOrDefault("TRIBUTARY_KAFKA_BOOTSTRAP", "127.0.0.1:19092");
    }

    private static Map<Integer, Long> endOffsets(String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            Map<Integer, Long> end = new HashMap<>();
            consumer.endOffsets(partitions).forEach((tp, offset) -> {
                if (offset > 0) {
                    end.put(tp.partition(), offset);
                }
            });
            return end;
        }
    }
}
