package io.tributary.governance.events;

import io.tributary.contracts.Topics;
import io.tributary.contracts.events.EventHeaders;
import io.tributary.contracts.kafka.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Publishes {@code governance_outbox} (policy changes, audit events, quality runs' lineage events) to Kafka, oldest first, marking rows
 * published only once Kafka acknowledged them; a failed send leaves the rest for the next round, so an outage delays
 * events and loses none. One replica relays at a time (an advisory lock). Delivery is at least once: consumers
 * deduplicate by the CloudEvents id.
 */
public final class OutboxRelay extends PollingThread {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 500;
    /** {@code pg_try_advisory_xact_lock} key of the relay: "govoutbx". */
    private static final long RELAY_LOCK = 0x676f_766f_7574_6278L;

    private static final long SEND_TIMEOUT_MS = 30_000;
    private static final long PURGE_EVERY_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final DataSource dataSource;
    private final KafkaClients kafka;
    private final BooleanSupplier schemaReady;
    private final Duration idle;
    private Producer<String, String> producer;
    private long lastPurge = System.nanoTime() - PURGE_EVERY_NANOS;

    public OutboxRelay(DataSource dataSource, KafkaClients kafka, BooleanSupplier schemaReady, Duration idle) {
        super("governance-outbox-relay");
        this.dataSource = dataSource;
        this.kafka = kafka;
        this.schemaReady = schemaReady;
        this.idle = idle;
    }

    @Override
    protected void loop() {
        long backoff = 100;
        boolean failing = false;
        while (running) {
            try {
                if (!schemaReady.getAsBoolean()) {
                    Thread.sleep(200);
                    continue;
                }
                int published = publishBatch();
                purge();
                if (failing) {
                    LOG.info("Governance events are flowing to Kafka again");
                    failing = false;
                }
                backoff = 100;
                if (published < BATCH) {
                    Thread.sleep(idle.toMillis());
                }
            } catch (InterruptedException e) {
                break;
            } catch (Exception e) {
                if (!running) {
                    break;
                }
                if (!failing) {
                    LOG.warnf("Governance events cannot be published yet; they stay in the outbox: %s", e.toString());
                    failing = true;
                }
                if (!(e instanceof SQLException)) {
                    closeProducer();
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    break;
                }
                backoff = Math.min(backoff * 2, 2000);
            }
        }
        closeProducer();
    }

    private record Pending(long seq, String topic, String key, String payload) {}

    int publishBatch() throws SQLException, InterruptedException, ExecutionException, TimeoutException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
                    lock.setLong(1, RELAY_LOCK);
                    try (ResultSet rows = lock.executeQuery()) {
                        rows.next();
                        if (!rows.getBoolean(1)) {
                            connection.commit();
                            return 0;
                        }
                    }
                }
                List<Pending> pending = new ArrayList<>();
                try (PreparedStatement select = connection.prepareStatement(
                                "SELECT seq, topic, event_key, payload::text FROM governance_outbox WHERE published_at IS NULL"
                                        + " ORDER BY seq LIMIT " + BATCH + " FOR UPDATE SKIP LOCKED");
                        ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        pending.add(
                                new Pending(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4)));
                    }
                }
                if (pending.isEmpty()) {
                    connection.commit();
                    return 0;
                }
                List<Long> published = new ArrayList<>();
                Exception failure = null;
                try {
                    send(pending, published);
                } catch (ExecutionException | TimeoutException | RuntimeException e) {
                    failure = e;
                }
                if (!published.isEmpty()) {
                    try (PreparedStatement update = connection.prepareStatement(
                            "UPDATE governance_outbox SET published_at = now() WHERE seq = ANY(?)")) {
                        Array seqs = connection.createArrayOf("bigint", published.toArray());
                        update.setArray(1, seqs);
                        update.executeUpdate();
                    }
                }
                connection.commit();
                if (failure instanceof ExecutionException ee) {
                    throw ee;
                }
                if (failure instanceof TimeoutException te) {
                    throw te;
                }
                if (failure instanceof RuntimeException re) {
                    throw re;
                }
                return published.size();
            } catch (SQLException | RuntimeException | InterruptedException | ExecutionException | TimeoutException e) {
                try {
                    connection.rollback();
                } catch (SQLException ignored) {
                    // A broken connection is discarded by the pool; PostgreSQL rolls back.
                }
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private void send(List<Pending> pending, List<Long> published)
            throws InterruptedException, ExecutionException, TimeoutException {
        Producer<String, String> kafkaProducer = producer();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try {
            for (Pending event : pending) {
                ProducerRecord<String, String> record =
                        new ProducerRecord<>(event.topic(), event.key(), event.payload());
                // OpenLineage events are plain JSON, the others CloudEvents.
                String type = event.topic().equals(Topics.LINEAGE)
                        ? "application/json"
                        : EventHeaders.CLOUDEVENTS_CONTENT_TYPE;
                record.headers().add(EventHeaders.CONTENT_TYPE, type.getBytes(StandardCharsets.UTF_8));
                acks.add(kafkaProducer.send(record));
            }
        } finally {
            // Whatever was queued is awaited in order; the first failure stops the batch there.
            for (int i = 0; i < acks.size(); i++) {
                acks.get(i).get(SEND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                published.add(pending.get(i).seq());
            }
        }
    }

    private void purge() throws SQLException {
        if (System.nanoTime() - lastPurge < PURGE_EVERY_NANOS) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM governance_outbox WHERE published_at < now() - interval '7 days'")) {
            delete.executeUpdate();
        }
        lastPurge = System.nanoTime();
    }

    private Producer<String, String> producer() {
        if (producer == null) {
            producer = kafka.producer(
                    "outbox",
                    new StringSerializer(),
                    new StringSerializer(),
                    Map.of(
                            ProducerConfig.LINGER_MS_CONFIG, 0,
                            ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000,
                            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 25_000));
        }
        return producer;
    }

    private void closeProducer() {
        Producer<String, String> current = producer;
        producer = null;
        if (current != null) {
            try {
                current.close(Duration.ofSeconds(2));
            } catch (RuntimeException e) {
                LOG.debug("Closing the outbox producer failed", e);
            }
        }
    }
}
