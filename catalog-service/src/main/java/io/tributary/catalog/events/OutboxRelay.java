package io.tributary.catalog.events;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.tributary.catalog.config.CatalogConfig;
import io.tributary.catalog.store.CatalogSchemaMigration;
import io.tributary.contracts.Topics;
import io.tributary.contracts.events.EventHeaders;
import io.tributary.contracts.kafka.KafkaClients;
import io.tributary.contracts.kafka.TopicProvisioner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
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
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Publishes {@code catalog_outbox} to Kafka: oldest first, in batches, each row marked published only after Kafka
 * acknowledged it. A batch stops at the first failed send and the rest stay in the outbox for the next attempt, so a
 * Kafka outage delays events without losing or reordering them. Delivery is at least once: a consumer may see an
 * event again (same CloudEvents {@code id}) after a crash between the acknowledgement and the commit.
 *
 * <p>One relay publishes at a time across replicas (a transaction-scoped advisory lock), so events keep their
 * outbox order per key even when several replicas run.
 */
@Startup
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    static final int BATCH = 500;
    /** {@code pg_try_advisory_xact_lock} key of the publishing relay: "catalog_outbox". */
    private static final long RELAY_LOCK = 0x7472_6962_6f78_0001L;

    private static final long IDLE_MS = 200;
    private static final long MAX_BACKOFF_MS = 2000;
    private static final long SEND_TIMEOUT_MS = 30_000;
    private static final long PURGE_EVERY_NANOS = TimeUnit.MINUTES.toNanos(10);

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(5);

    private final AgroalDataSource dataSource;
    private final CatalogSchemaMigration schema;
    private final KafkaClients clients;
    private final boolean enabled;
    private final int partitions;
    private final Optional<Short> replicationFactor;

    private volatile boolean running;
    private Thread thread;
    private Producer<String, String> producer;
    private TopicProvisioner topics;
    private long lastPurge = System.nanoTime() - PURGE_EVERY_NANOS;

    @Inject
    OutboxRelay(
            AgroalDataSource dataSource,
            @Readiness CatalogSchemaMigration schema,
            KafkaClients clients,
            CatalogConfig config) {
        this.dataSource = dataSource;
        this.schema = schema;
        this.clients = clients;
        this.enabled = config.outbox().relay().enabled();
        this.partitions = config.outbox().topicPartitions();
        this.replicationFactor = config.outbox().topicReplicationFactor();
    }

    @jakarta.annotation.PostConstruct
    void start() {
        if (!enabled) {
            LOG.info("The catalog outbox relay is disabled (tributary.catalog.outbox.relay.enabled=false)");
            return;
        }
        running = true;
        thread = new Thread(this::loop, "catalog-outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        Thread current = thread;
        if (current != null) {
            try {
                // An idle relay notices within one poll interval; one waiting on Kafka is woken up.
                current.join(IDLE_MS * 3);
                if (current.isAlive()) {
                    current.interrupt();
                    current.join(5000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        long backoff = 100;
        boolean failing = false;
        try {
            while (running) {
                try {
                    if (!schema.isMigrated()) {
                        sleep(IDLE_MS);
                        continue;
                    }
                    int published = publishBatch();
                    purgePublished();
                    if (failing) {
                        LOG.info("Catalog events are flowing to Kafka again");
                        failing = false;
                    }
                    backoff = 100;
                    if (published < BATCH) {
                        sleep(IDLE_MS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    if (!running) {
                        return;
                    }
                    if (!failing) {
                        LOG.warnf(
                                "Catalog events cannot be published yet; they stay in the outbox and are retried: %s",
                                e.toString());
                        failing = true;
                    } else {
                        LOG.debugf(e, "Catalog outbox relay still failing");
                    }
                    if (!(e instanceof SQLException)) {
                        closeProducer();
                    }
                    sleep(backoff);
                    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // Closing the producer waits for its I/O thread, which an interrupt flag would cut short.
            boolean interrupted = Thread.interrupted();
            closeProducer();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private record Pending(long seq, String topic, String key, String payload, String traceparent) {}

    /** Publishes up to {@link #BATCH} of the oldest unpublished events; returns how many were published. */
    int publishBatch() throws SQLException, InterruptedException, PublishFailure {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (!relayLock(connection)) {
                    connection.commit();
                    return 0;
                }
                List<Pending> pending = pending(connection);
                if (pending.isEmpty()) {
                    connection.commit();
                    return 0;
                }
                List<Long> published = new ArrayList<>();
                PublishFailure failure = null;
                try {
                    send(pending, published);
                } catch (PublishFailure e) {
                    failure = e;
                }
                markPublished(connection, published);
                connection.commit();
                if (failure != null) {
                    throw failure;
                }
                return published.size();
            } catch (SQLException | RuntimeException | InterruptedException | PublishFailure e) {
                try {
                    connection.rollback();
                } catch (SQLException ignored) {
                    // The pool discards a broken connection and PostgreSQL rolls the transaction back.
                }
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /** Published events stay for a week (as long as the topic keeps them), for inspection, then go. */
    private void purgePublished() throws SQLException {
        if (System.nanoTime() - lastPurge < PURGE_EVERY_NANOS) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM catalog_outbox WHERE published_at < now() - interval '7 days'")) {
            int purged = delete.executeUpdate();
            if (purged > 0) {
                LOG.debugf("Purged %d published catalog events older than 7 days", purged);
            }
        }
        lastPurge = System.nanoTime();
    }

    private static boolean relayLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, RELAY_LOCK);
            try (ResultSet rows = lock.executeQuery()) {
                rows.next();
                return rows.getBoolean(1);
            }
        }
    }

    private static List<Pending> pending(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT seq, topic, event_key, payload::text, traceparent FROM catalog_outbox"
                        + " WHERE published_at IS NULL ORDER BY seq LIMIT " + BATCH + " FOR UPDATE SKIP LOCKED")) {
            List<Pending> result = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    result.add(new Pending(
                            rows.getLong(1),
                            rows.getString(2),
                            rows.getString(3),
                            rows.getString(4),
                            rows.getString(5)));
                }
            }
            return result;
        }
    }

    /** Sends in outbox order and waits for each acknowledgement in that order, stopping at the first failure. */
    private void send(List<Pending> pending, List<Long> published) throws InterruptedException, PublishFailure {
        Producer<String, String> kafka = producer();
        for (Pending event : pending) {
            ensureTopic(event.topic());
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>(pending.size());
        try {
            for (Pending event : pending) {
                ProducerRecord<String, String> record =
                        new ProducerRecord<>(event.topic(), event.key(), event.payload());
                record.headers()
                        .add(
                                EventHeaders.CONTENT_TYPE,
                                EventHeaders.CLOUDEVENTS_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
                if (event.traceparent() != null) {
                    record.headers()
                            .add(EventHeaders.TRACEPARENT, event.traceparent().getBytes(StandardCharsets.UTF_8));
                }
                acks.add(kafka.send(record));
            }
        } catch (RuntimeException e) {
            // A send that cannot even be queued (no metadata within max.block.ms); what was queued is still awaited.
            awaitAcks(pending, acks, published);
            throw new PublishFailure(
                    "Kafka did not accept catalog event #"
                            + pending.get(acks.size()).seq(),
                    e);
        }
        awaitAcks(pending, acks, published);
    }

    private static void awaitAcks(List<Pending> pending, List<Future<RecordMetadata>> acks, List<Long> published)
            throws InterruptedException, PublishFailure {
        for (int i = 0; i < acks.size(); i++) {
            try {
                acks.get(i).get(SEND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                published.add(pending.get(i).seq());
            } catch (ExecutionException e) {
                throw new PublishFailure(
                        "Kafka did not acknowledge catalog event #"
                                + pending.get(i).seq(),
                        e.getCause());
            } catch (TimeoutException e) {
                throw new PublishFailure(
                        "Kafka did not acknowledge catalog event #"
                                + pending.get(i).seq() + " within " + SEND_TIMEOUT_MS + " ms",
                        e);
            }
        }
    }

    private static void markPublished(Connection connection, List<Long> published) throws SQLException {
        if (published.isEmpty()) {
            return;
        }
        try (PreparedStatement update =
                connection.prepareStatement("UPDATE catalog_outbox SET published_at = now() WHERE seq = ANY(?)")) {
            Array seqs = connection.createArrayOf("bigint", published.toArray());
            update.setArray(1, seqs);
            update.executeUpdate();
        }
    }

    private Producer<String, String> producer() {
        if (producer == null) {
            producer = clients.producer(
                    "outbox",
                    new StringSerializer(),
                    new StringSerializer(),
                    Map.of(
                            ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000,
                            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 25_000));
            topics = clients.topicProvisioner("outbox-admin", partitions, replicationFactor, ADMIN_TIMEOUT);
        }
        return producer;
    }

    /** Creates the topic if it is missing, once per producer; an existing topic is left as it is. */
    private void ensureTopic(String topic) throws PublishFailure {
        if (!Topics.CATALOG_EVENTS.equals(topic)) {
            return;
        }
        try {
            topics.ensure(topic).forEach(created -> LOG.infof("Created Kafka topic %s", created));
        } catch (TopicProvisioner.ProvisioningException e) {
            throw new PublishFailure("Could not create Kafka topic " + topic + ": " + e.getMessage(), e);
        }
    }

    private void closeProducer() {
        Producer<String, String> current = producer;
        TopicProvisioner admin = topics;
        producer = null;
        topics = null;
        if (admin != null) {
            try {
                admin.close(Duration.ofSeconds(2));
            } catch (RuntimeException e) {
                LOG.debug("Closing the outbox topic provisioner failed", e);
            }
        }
        if (current != null) {
            try {
                current.close(Duration.ofSeconds(2));
            } catch (RuntimeException e) {
                LOG.debug("Closing the outbox producer failed", e);
            }
        }
    }

    private static void sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    /** Kafka did not take an event; it and everything after it stay in the outbox. */
    static final class PublishFailure extends Exception {
        PublishFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
