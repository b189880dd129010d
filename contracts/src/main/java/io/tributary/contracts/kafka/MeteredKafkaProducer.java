package io.tributary.contracts.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.Serializer;

/** A producer whose meters go when it closes. */
final class MeteredKafkaProducer<K, V> extends KafkaProducer<K, V> {

    private final ClientMetrics metrics;

    MeteredKafkaProducer(Map<String, Object> config, Serializer<K> keys, Serializer<V> values, MeterRegistry registry) {
        super(config, keys, values);
        this.metrics = ClientMetrics.bind(this, registry);
    }

    @Override
    public void close() {
        try {
            super.close();
        } finally {
            metrics.close();
        }
    }

    @Override
    public void close(Duration timeout) {
        try {
            super.close(timeout);
        } finally {
            metrics.close();
        }
    }
}
