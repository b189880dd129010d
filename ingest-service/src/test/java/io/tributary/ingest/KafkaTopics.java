package io.tributary.ingest;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** Reads what really landed in Kafka, independently of the service. */
final class KafkaTopics {

    private KafkaTopics() {}

    private static Properties properties() {
        Properties properties = new Properties();
        properties.put(
                "bootstrap.servers", ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return properties;
    }

    private static KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(properties(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The records at the offsets a receipt names: {@code [{partition, firstOffset, lastOffset, records}]}. */
    static List<ConsumerRecord<byte[], byte[]>> atReceiptOffsets(String topic, List<Map<String, Object>> ranges) {
        Map<TopicPartition, long[]> wanted = new HashMap<>();
        for (Map<String, Object> range : ranges) {
            wanted.put(new TopicPartition(topic, ((Number) range.get("partition")).intValue()), new long[] {
                ((Number) range.get("firstOffset")).longValue(), ((Number) range.get("lastOffset")).longValue()
            });
        }
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            consumer.assign(wanted.keySet());
            wanted.forEach((partition, range) -> consumer.seek(partition, range[0]));
            Map<TopicPartition, long[]> open = new HashMap<>(wanted);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!open.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    long[] range = wanted.get(partition);
                    if (range != null && record.offset() <= range[1]) {
                        found.add(record);
                        if (record.offset() == range[1]) {
                            open.remove(partition);
                        }
                    }
                }
            }
        }
        return found;
    }

    static List<ConsumerRecord<byte[], byte[]>> atReceiptOffsets(String topic, JsonPath receipt, String rangesPath) {
        return atReceiptOffsets(topic, receipt.getList(rangesPath));
    }

    /** How many records the topic holds in all, or -1 when it does not exist. */
    static long size(String topic) throws Exception {
        try (Admin admin = Admin.create(properties())) {
            if (!admin.listTopics().names().get().contains(topic)) {
                return -1;
            }
        }
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .collect(Collectors.toList());
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            return partitions.stream().mapToLong(p -> end.get(p) - begin.get(p)).sum();
        }
    }

    /** Each partition's end offset now; empty when the topic does not exist yet. */
    static Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        try (Admin admin = Admin.create(properties())) {
            if (!admin.listTopics().names().get().contains(topic)) {
                return Map.of();
            }
        }
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .collect(Collectors.toList());
            return new HashMap<>(consumer.endOffsets(partitions));
        }
    }

    /**
     * The first record after {@code from} (end offsets taken earlier; partitions missing from it are read from the
     * start) that matches, waiting up to 30 s for it to arrive; null when none does.
     */
    static ConsumerRecord<byte[], byte[]> findAfter(
            String topic,
            Map<TopicPartition, Long> from,
            java.util.function.Predicate<ConsumerRecord<byte[], byte[]>> matches) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = List.of();
            while (partitions.isEmpty() && System.nanoTime() < deadline) {
                partitions = consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .collect(Collectors.toList());
            }
            consumer.assign(partitions);
            for (TopicPartition partition : partitions) {
                consumer.seek(partition, from.getOrDefault(partition, 0L));
            }
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (matches.test(record)) {
                        return record;
                    }
                }
            }
        }
        return null;
    }
}
