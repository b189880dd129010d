package io.tributary.ingest.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tributary.contracts.kafka.KafkaClients;
import io.tributary.contracts.kafka.TopicProvisioner;
import io.tributary.ingest.config.IngestConfig;
import io.tributary.ingest.core.RecordPublisher;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes with one idempotent producer ({@code acks=all}), so an acknowledged record is on every in-sync replica
 * and a retried send is never written twice. Waits are bounded: with Kafka away a request fails within
 * {@code max-block} (no metadata) or {@code delivery-timeout} (no acknowledgement), and the caller gets a 503.
 */
@ApplicationScoped
public class KafkaRecordPublisher implements RecordPublisher {

    private final Producer<byte[], byte[]> producer;
    private final TopicProvisioner topics;
    private final Duration ackWait;
    private final Timer ackLatency;

    @Inject
    public KafkaRecordPublisher(
            KafkaClients clients, TopicProvisioner topics, IngestConfig config, MeterRegistry registry) {
        // From the first send of a request to the acknowledgement of its last record.
        this.ackLatency = Timer.builder("tributary.ingest.kafka.ack")
                .description("Time from sending a request's records to Kafka until all are acknowledged (acks=all)")
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry);
        IngestConfig.Kafka settings = config.kafka();
        Map<String, Object> overrides = new HashMap<>();
        // A request brings hundreds of records at once: batches of up to 512 KiB per partition (the default 16 KiB
        // would split a 500-record request into dozens of batches, each costing the broker a log append).
        overrides.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        overrides.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, settings.maxBlock().toMillis());
        overrides.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int)
                settings.requestTimeout().toMillis());
        overrides.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int)
                settings.deliveryTimeout().toMillis());
        overrides.putAll(settings.producer());
        this.producer = clients.producer("records", new ByteArraySerializer(), new ByteArraySerializer(), overrides);
        this.topics = topics;
        // A send may block up to max-block before its delivery clock starts.
        this.ackWait = settings.maxBlock().plus(settings.deliveryTimeout()).plusSeconds(1);
    }

    @Override
    public List<PartitionRange> publish(List<Outgoing> records) {
        Set<String> topicNames =
                records.stream().map(Outgoing::topic).collect(Collectors.toCollection(LinkedHashSet::new));
        try {
            topics.ensure(topicNames);
        } catch (TopicProvisioner.UnavailableException e) {
            throw new PublishUnavailableException(e.getMessage(), e.getCause());
        } catch (TopicProvisioner.RefusedException e) {
            throw new IllegalStateException(e.getMessage(), e.getCause());
        }
        long started = System.nanoTime();
        List<CompletableFuture<RecordMetadata>> acks = new ArrayList<>(records.size());
        AtomicReference<Exception> failure = new AtomicReference<>();
        // The records of a request share one header map; encode it once, not once per record.
        Map<Map<String, String>, List<Header>> encodedHeaders = new IdentityHashMap<>();
        for (Outgoing record : records) {
            if (failure.get() != null) {
                break; // Kafka is failing; sending the rest would only wait out max-block once more per record.
            }
            CompletableFuture<RecordMetadata> ack = new CompletableFuture<>();
            acks.add(ack);
            try {
                producer.send(
                        new ProducerRecord<>(
                                record.topic(),
                                null,
                                record.key(),
                                record.value(),
                                encodedHeaders.computeIfAbsent(record.headers(), KafkaRecordPublisher::headers)),
                        (metadata, error) -> {
                            if (error == null) {
                                ack.complete(metadata);
                            } else {
                                failure.compareAndSet(null, error);
                                ack.completeExceptionally(error);
                            }
                        });
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
                ack.completeExceptionally(e);
            }
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(ackWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new PublishUnavailableException(
                    "Kafka did not acknowledge the records within " + ackWait.toSeconds() + " s.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishUnavailableException("Interrupted while waiting for Kafka.", e);
        } catch (ExecutionException e) {
            // Reported below through `failure`, which holds the first error.
        }
        Exception error = failure.get();
        if (error != null) {
            if (error instanceof RetriableException || error instanceof InterruptException) {
                throw new PublishUnavailableException("Kafka is unavailable: " + error.getMessage(), error);
            }
            throw new IllegalStateException("Kafka refused the records: " + error.getMessage(), error);
        }
        ackLatency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        return ranges(acks);
    }

    private static List<PartitionRange> ranges(List<CompletableFuture<RecordMetadata>> acks) {
        Map<String, Map<Integer, long[]>> byTopic = new TreeMap<>();
        for (CompletableFuture<RecordMetadata> ack : acks) {
            RecordMetadata metadata = ack.join();
            long[] range = byTopic.computeIfAbsent(metadata.topic(), t -> new TreeMap<>())
                    .computeIfAbsent(metadata.partition(), p -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 0});
            range[0] = Math.min(range[0], metadata.offset());
            range[1] = Math.max(range[1], metadata.offset());
            range[2]++;
        }
        List<PartitionRange> ranges = new ArrayList<>();
        byTopic.forEach((topic, partitions) -> partitions.forEach((partition, range) ->
                ranges.add(new PartitionRange(topic, partition, range[0], range[1], (int) range[2]))));
        return ranges;
    }

    private static List<Header> headers(Map<String, String> headers) {
        List<Header> list = new ArrayList<>(headers.size());
        headers.forEach((name, value) -> list.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
        return list;
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
