package io.tributary.contracts.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/** A client's meters on a registry, removed again when the client closes (a client may be closed more than once). */
final class ClientMetrics implements AutoCloseable {

    static final ClientMetrics NONE = new ClientMetrics(null);

    private final KafkaClientMetrics binder;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ClientMetrics(KafkaClientMetrics binder) {
        this.binder = binder;
    }

    static ClientMetrics bind(Producer<?, ?> producer, MeterRegistry registry) {
        return registry == null ? NONE : bound(new KafkaClientMetrics(producer), registry);
    }

    static ClientMetrics bind(Consumer<?, ?> consumer, MeterRegistry registry) {
        return registry == null ? NONE : bound(new KafkaClientMetrics(consumer), registry);
    }

    static ClientMetrics bind(AdminClient admin, MeterRegistry registry) {
        return registry == null ? NONE : bound(new KafkaClientMetrics(admin), registry);
    }

    private static ClientMetrics bound(KafkaClientMetrics binder, MeterRegistry registry) {
        binder.bindTo(registry);
        return new ClientMetrics(binder);
    }

    @Override
    public void close() {
        if (binder != null && closed.compareAndSet(false, true)) {
            binder.close();
        }
    }
}
