package io.tributary.ingest.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.types.Types;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The consumer loop against the real broker (an in-memory catalog stands in for the catalog service, so this is
 * not the proof of the real path; the e2e suite is): records of a topic land once, and a restarted loop resumes
 * from the table's checkpoint even when the consumer group's offsets say otherwise.
 */
class KafkaLakeWriterTest {

    private static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));
    private static final String BOOTSTRAP =
            System.getenv().getOrDefault("TRIBUTARY_KAFKA_BOOTSTRAP", "127.0.0.1:19092");

    private final String namespace = "it_" + UUID.randomUUID().toString().substring(0, 8);
    private final String topic = "tributary.ingest." + namespace + ".loop";
    private final String group = "lake-writer-test-" + namespace;

    @Test
    void restartedLoopResumesFromTheTableNotFromTheConsumerGroup() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP));
                InMemoryCatalog catalog = new InMemoryCatalog()) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
            catalog.initialize("memory", Map.of("warehouse", "/mem/" + namespace));
            catalog.createNamespace(Namespace.of(namespace));
            TableIdentifier id = TableIdentifier.of(Namespace.of(namespace), "loop");
            Table table = catalog.createTable(id, SCHEMA, PartitionSpec.unpartitioned());

            produce(0, 500);
            Running first = start(catalog);
            await(() -> count(table) >= 500);
            first.stop();

            // The group's offsets are only a mirror for monitoring; rewind them to prove the writer ignores them.
            Map<TopicPartition, OffsetAndMetadata> rewound = new HashMap<>();
            for (int p = 0; p < 2; p++) {
                rewound.put(new TopicPartition(topic, p), new OffsetAndMetadata(0));
            }
            admin.alterConsumerGroupOffsets(group, rewound).all().get();

            Running second = start(catalog);
            produce(500, 800);
            await(() -> count(table) >= 800);
            second.stop();

            List<Long> ids = LakeWriterTest.ids(table);
            assertThat(ids).hasSize(800).doesNotHaveDuplicates();
            assertThat(ids.get(0)).isZero();
            assertThat(ids.get(799)).isEqualTo(799L);
            admin.deleteTopics(List.of(topic));
        }
    }

    private record Running(KafkaLakeWriter loop, Thread thread) {
        void stop() throws InterruptedException {
            loop.stop();
            thread.join(30_000);
            assertThat(thread.isAlive()).as("the loop stopped").isFalse();
        }
    }

    private Running start(InMemoryCatalog catalog) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"); // the writer must seek, whatever this says
        properties.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1000);
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        LakeWriter writer = new LakeWriter(
                catalog,
                new LakeWriter.Settings(
                        "test", Duration.ofMillis(200), 100_000, Duration.ofSeconds(1), Integer.MAX_VALUE),
                new WriterEvents() {},
                DeadLetterSink.NONE,
                Clock.systemUTC(),
                System::nanoTime);
        KafkaLakeWriter loop = new KafkaLakeWriter(
                consumer, writer, Pattern.compile(Pattern.quote(topic)), Duration.ofMillis(100), new WriterEvents() {});
        Thread thread = new Thread(loop, "lake-writer-test");
        thread.start();
        return new Running(loop, thread);
    }

    private void produce(int from, int to) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", BOOTSTRAP, "acks", "all"),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = from; i < to; i++) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                        topic, i % 2, null, ("{\"id\": " + i + "}").getBytes(StandardCharsets.UTF_8));
                record.headers().add("tributary-contract-version", "0".getBytes(StandardCharsets.UTF_8));
                producer.send(record);
            }
            producer.flush();
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    private static long count(Table table) {
        return LakeWriterTest.ids(table).size();
    }
}
