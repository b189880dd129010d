package io.tributary.contracts.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;

/** A consumer whose meters go when it closes. */
final class MeteredKafkaConsumer<K, V> extends KafkaConsumer<K, V> {

    private final ClientMetrics metrics;

    MeteredKafkaConsumer(
            Map<String, Object> config, Deserializer<K> keys, Deserializer<V> values, MeterRegistry registry) {
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
    @SuppressWarnings("deprecation")
    public void close(Duration timeout) {
        try {
            super.close(timeout);
        } finally {
            metrics.close();
        }
    }

    @Override
    public void close(CloseOptions options) {
        try {
            super.close(options);
        } finally {
            metrics.close();
        }
    }
}
