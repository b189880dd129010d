package io.tributary.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The lake writer on the real path: records posted through the gateway become rows of the Iceberg table, read back
 * by a RESTCatalog client as any engine would; a column added to the contract is written without a restart; each
 * commit leaves OpenLineage events and freshness metrics behind.
 */
@Order(6)
class LakeWriterTest {

    static final Duration DEADLINE = Duration.ofSeconds(120);
    /** The freshness histogram's buckets per table: 0.5 s to 5 min, and +Inf. */
    private static final int WRITER_FRESHNESS_BUCKETS = 10;

    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "order_id", Types.LongType.get()),
            Types.NestedField.optional(2, "customer", Types.StringType.get()),
            Types.NestedField.optional(3, "amount", Types.DecimalType.of(10, 2)),
            Types.NestedField.optional(4, "placed_at", Types.TimestampType.withZone()),
            Types.NestedField.optional(5, "paid", Types.BooleanType.get()),
            Types.NestedField.optional(6, "ref", Types.UUIDType.get()),
            Types.NestedField.optional(7, "payload", Types.BinaryType.get()),
            Types.NestedField.optional(8, "tags", Types.ListType.ofOptional(9, Types.StringType.get())),
            Types.NestedField.optional(
                    10, "address", Types.StructType.of(Types.NestedField.optional(11, "city", Types.StringType.get()))),
            Types.NestedField.optional(
                    12, "counts", Types.MapType.ofOptional(13, 14, Types.StringType.get(), Types.IntegerType.get())));

    /** Creates a table producers may write to (the INSERT allow-list is the table property). */
    static Table createTable(RESTCatalog admin, TableIdentifier id, Schema schema, PartitionSpec spec) {
        if (!admin.namespaceExists(id.namespace())) {
            admin.createNamespace(id.namespace(), new HashMap<>());
        }
        return admin.buildTable(id, schema)
                .withPartitionSpec(spec)
                .withProperty("tributary.ingest.producers", "*")
                .create();
    }

    static List<Record> rows(RESTCatalog catalog, TableIdentifier id) {
        Table table = catalog.loadTable(id);
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> read = IcebergGenerics.read(table).build()) {
            read.forEach(r -> rows.add(r.copy()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** Polls until the condition holds or the deadline passes; answers the last value either way. */
    static <T> T poll(Supplier<T> probe, Predicate<T> done, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        T value = probe.get();
        while (!done.test(value) && System.nanoTime() < end) {
            Thread.sleep(500);
            value = probe.get();
        }
        return value;
    }

    @Test
    void postedRecordsBecomeRowsOfTheTableAndANewColumnIsWrittenWithoutRestart() throws Exception {
        String namespace = "e2e_lake_" + Long.toString(System.currentTimeMillis(), 36);
        TableIdentifier id = TableIdentifier.of(Namespace.of(namespace), "orders");
        String producer = Suite.producerToken();
        String url = Suite.gateway() + "/api/ingest/v1/tables/" + namespace + "/orders/records";
        try (RESTCatalog admin = Suite.catalog(Suite.userToken("ada"));
                RESTCatalog analyst = Suite.catalog(Suite.userToken("ana"))) {
            createTable(
                    admin,
                    id,
                    SCHEMA,
                    PartitionSpec.builderFor(SCHEMA).day("placed_at").build());

            // The writer process takes no records itself.
            given().auth()
                    .oauth2(producer)
                    .contentType("application/json")
                    .body("{\"order_id\": 9}")
                    .when()
                    .post("http://127.0.0.1:" + writerPort() + "/api/ingest/v1/tables/" + namespace + "/orders/records")
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json");

            given().auth()
                    .oauth2(producer)
                    .contentType("application/json")
                    .body("""
                            [{"order_id": 1, "customer": "ada", "amount": "12.50", "placed_at": "2024-05-31T13:45:30+02:00",
                              "paid": true, "ref": "0190f6c5-8e3a-7b1c-9a4e-2f1d3c4b5a69", "payload": "AAEC",
                              "tags": ["new", null], "address": {"city": "Lyon"}, "counts": {"a": 1}},
                             {"order_id": 2, "amount": 3.25, "placed_at": "2024-06-01T00:00:00Z"},
                             {"order_id": 3}]""")
                    .when()
                    .post(url)
                    .then()
                    .statusCode(200)
                    .body("accepted", equalTo(3));

            List<Record> rows = poll(() -> rows(analyst, id), r -> r.size() >= 3, DEADLINE);
            assertThat(rows).extracting(r -> r.getField("order_id")).containsExactlyInAnyOrder(1L, 2L, 3L);
            Record first = rows.stream()
                    .filter(r -> r.getField("order_id").equals(1L))
                    .findFirst()
                    .orElseThrow();
            assertThat(first.getField("customer")).isEqualTo("ada");
            assertThat(first.getField("amount")).isEqualTo(new BigDecimal("12.50"));
            assertThat(first.getField("placed_at"))
                    .isEqualTo(OffsetDateTime.of(2024, 5, 31, 11, 45, 30, 0, ZoneOffset.UTC));
            assertThat(first.getField("paid")).isEqualTo(true);
            assertThat(first.getField("ref")).isEqualTo(UUID.fromString("0190f6c5-8e3a-7b1c-9a4e-2f1d3c4b5a69"));
            assertThat(first.getField("payload")).isEqualTo(ByteBuffer.wrap(new byte[] {0, 1, 2}));
            assertThat(first.getField("tags")).isEqualTo(java.util.Arrays.asList("new", null));
            assertThat(((Record) first.getField("address")).getField("city")).isEqualTo("Lyon");
            assertThat((Map<?, ?>) first.getField("counts")).isEqualTo(Map.of("a", 1));
            Record third = rows.stream()
                    .filter(r -> r.getField("order_id").equals(3L))
                    .findFirst()
                    .orElseThrow();
            assertThat(third.getField("customer")).isNull();

            Table table = analyst.loadTable(id);
            assertThat(table.currentSnapshot().summary())
                    .containsKey("tributary.kafka.offsets")
                    .containsKey("tributary.writer.commit-id");
            // The data files are where the warehouse is (s3proxy's bucket, or the local directory), and they exist.
            String scheme = "s3".equals(Suite.storage()) ? "s3://" : "file:";
            try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
                List<String> files = new java.util.ArrayList<>();
                tasks.forEach(task -> files.add(task.file().location()));
                assertThat(files).isNotEmpty().allSatisfy(file -> {
                    assertThat(file).startsWith(scheme);
                    assertThat(table.io().newInputFile(file).exists()).as(file).isTrue();
                });
            }

            // The contract grows a column; the writer picks it up without a restart.
            admin.loadTable(id)
                    .updateSchema()
                    .addColumn("note", Types.StringType.get())
                    .commit();
            poll(
                    () -> given().auth()
                            .oauth2(producer)
                            .contentType("application/json")
                            .body("{\"order_id\": 4, \"note\": \"gift\"}")
                            .when()
                            .post(url)
                            .then()
                            .extract()
                            .statusCode(),
                    status -> status == 200,
                    DEADLINE);
            List<Record> evolved = poll(() -> rows(analyst, id), r -> r.size() >= 4, DEADLINE);
            assertThat(evolved).hasSize(4);
            Record fourth = evolved.stream()
                    .filter(r -> r.getField("order_id").equals(4L))
                    .findFirst()
                    .orElseThrow();
            assertThat(fourth.getField("note")).isEqualTo("gift");
        }

        String table = namespace + ".orders";
        List<JsonPath> lineage = poll(
                () -> lineageEvents("tributary.ingest/" + table),
                events -> events.stream()
                                .mapToLong(e -> "COMPLETE".equals(e.getString("eventType"))
                                        ? e.getLong("outputs[0].outputFacets.outputStatistics.rowCount")
                                        : 0)
                                .sum()
                        >= 4,
                DEADLINE);
        assertThat(lineage).extracting(e -> e.getString("eventType")).contains("START", "COMPLETE");
        JsonPath complete = lineage.stream()
                .filter(e -> "COMPLETE".equals(e.getString("eventType")))
                .findFirst()
                .orElseThrow();
        assertThat(complete.getString("job.namespace")).isEqualTo("tributary");
        assertThat(complete.getString("outputs[0].name")).isEqualTo(table);
        assertThat(complete.getString("schemaURL"))
                .isEqualTo("https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent");
        assertThat(complete.getLong("outputs[0].outputFacets.outputStatistics.fileCount"))
                .isPositive();
        assertThat(UUID.fromString(complete.getString("run.runId")).version()).isEqualTo(7);
        assertThat(lineage.stream()
                        .filter(e -> "COMPLETE".equals(e.getString("eventType")))
                        .mapToLong(e -> e.getLong("outputs[0].outputFacets.outputStatistics.rowCount"))
                        .sum())
                .isEqualTo(4);

        String metrics = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + writerPort() + "/q/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(metrics.lines()
                        .filter(l -> l.startsWith("tributary_writer_records_total{")
                                && l.contains("outcome=\"written\"")
                                && l.contains("table=\"" + table + "\"")))
                .singleElement()
                .asString()
                .endsWith(" 4.0");
        assertThat(metrics.lines()
                        .filter(l -> l.startsWith("tributary_writer_freshness_seconds_count{")
                                && l.contains("table=\"" + table + "\"")))
                .singleElement()
                .asString()
                .endsWith(" 4.0");
        assertThat(metrics.lines()
                        .filter(l -> l.startsWith("tributary_writer_freshness_seconds_bucket{")
                                && l.contains("table=\"" + table + "\"")))
                .hasSize(WRITER_FRESHNESS_BUCKETS);
    }

    static int writerPort() {
        return Integer.parseInt(System.getenv().getOrDefault("TRIBUTARY_WRITER_PORT", "8085"));
    }

    /** Every event on {@code tributary.lineage} keyed by the job name. */
    private static List<JsonPath> lineageEvents(String job) {
        Properties config = new Properties();
        config.put(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                System.getenv().getOrDefault("TRIBUTARY_KAFKA_BOOTSTRAP", "127.0.0.1:19092"));
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<JsonPath> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor("tributary.lineage").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (job.equals(record.key())) {
                        events.add(new JsonPath(record.value()));
                    }
                }
            }
        }
        return events;
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
