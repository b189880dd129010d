package io.tributary.catalog.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.contracts.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads tributary.catalog.events from its end at creation, so everything it sees was caused after that. */
public final class CatalogEventsConsumer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    public CatalogEventsConsumer(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(Topics.CATALOG_EVENTS, Optional.of(6), Optional.empty())))
                    .all()
                    .get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(TopicExistsException.class);
        }
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class));
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.CATALOG_EVENTS, Duration.ofSeconds(10)).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.endOffsets(partitions, Duration.ofSeconds(10)).forEach(consumer::seek);
    }

    /**
     * Polls until {@code done} holds for everything seen so far (or 30 s pass), then a little longer so that a
     * duplicate or an unexpected extra event would be seen too; returns everything seen.
     */
    public List<ConsumerRecord<String, String>> consume(Predicate<List<ConsumerRecord<String, String>>> done) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            if (done.test(seen)) {
                for (int i = 0; i < 5; i++) {
                    consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                }
                return List.copyOf(seen);
            }
        }
        throw new AssertionError("The expected events did not arrive within 30 s; seen: "
                + seen.stream().map(r -> r.key() + " " + type(r)).toList());
    }

    /** The events keyed {@code key}, once at least {@code count} of them arrived. */
    public List<ConsumerRecord<String, String>> consume(String key, int count) {
        return consume(all -> count(all, key) >= count).stream()
                .filter(r -> key.equals(r.key()))
                .toList();
    }

    public static long count(List<ConsumerRecord<String, String>> records, String key) {
        return records.stream().filter(r -> key.equals(r.key())).count();
    }

    public static String type(ConsumerRecord<String, String> record) {
        return read(record).get("type").asText();
    }

    public static JsonNode read(ConsumerRecord<String, String> record) {
        try {
            return JSON.readTree(record.value());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
