package io.tributary.ingest.writer.runtime;

import io.tributary.contracts.Topics;
import io.tributary.ingest.writer.DeadLetterSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Dead letters on {@code tributary.ingest.dlq}, flushed before the offsets past them are committed. */
final class KafkaDeadLetterSink implements DeadLetterSink {

    private final Producer<String, byte[]> producer;
    /** key (the table) → letters not yet known to be durable; tables send and flush on different threads. */
    private final Map<String, List<Future<RecordMetadata>>> sent = new ConcurrentHashMap<>();

    KafkaDeadLetterSink(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    @Override
    public void send(String key, byte[] value) {
        Future<RecordMetadata> ack = producer.send(new ProducerRecord<>(Topics.INGEST_DLQ, key, value));
        sent.compute(key, (k, acks) -> {
            List<Future<RecordMetadata>> list = acks == null ? new ArrayList<>() : acks;
            list.add(ack);
            return list;
        });
    }

    @Override
    public void flush() {
        List.copyOf(sent.keySet()).forEach(this::flush);
    }

    @Override
    public void flush(String key) {
        List<Future<RecordMetadata>> acks = sent.remove(key);
        if (acks == null) {
            return;
        }
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get(10, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Dead letters were not acknowledged: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for dead letters", e);
        }
    }
}
