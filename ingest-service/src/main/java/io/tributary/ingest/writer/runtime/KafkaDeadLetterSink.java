package io.tributary.ingest.writer.runtime;

import io.tributary.contracts.Topics;
import io.tributary.ingest.writer.DeadLetterSink;
import java.util.ArrayList;
import java.util.List;
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
    private final List<Future<RecordMetadata>> sent = new ArrayList<>();

    KafkaDeadLetterSink(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    @Override
    public void send(String key, byte[] value) {
        sent.add(producer.send(new ProducerRecord<>(Topics.INGEST_DLQ, key, value)));
    }

    @Override
    public void flush() {
        try {
            for (Future<RecordMetadata> ack : sent) {
                ack.get(10, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Dead letters were not acknowledged: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for dead letters", e);
        } finally {
            sent.clear();
        }
    }
}
