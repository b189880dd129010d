package io.tributary.contracts.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates topics the first time they are needed, with the configured partitions, rather than leaving it to broker
 * auto-creation (off in production, and with the broker's defaults when on). An existing topic counts as created;
 * a topic is used only once every partition has a leader. Topics known to exist are remembered. Thread-safe.
 */
public final class TopicProvisioner implements AutoCloseable {

    private final Admin admin;
    private final AutoCloseable metrics;
    private final int partitions;
    private final Optional<Short> replicationFactor;
    private final Duration timeout;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    TopicProvisioner(
            Admin admin, AutoCloseable metrics, int partitions, Optional<Short> replicationFactor, Duration timeout) {
        this.admin = admin;
        this.metrics = metrics;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        this.timeout = timeout;
    }

    /** @see #ensure(Collection) */
    public List<String> ensure(String topic) {
        return ensure(List.of(topic));
    }

    /**
     * Makes sure every topic exists and leads; an existing topic is left as it is.
     *
     * @return the topics this call created (not those that existed already)
     * @throws UnavailableException when Kafka cannot be reached, does not answer in time, or the wait is interrupted
     * @throws RefusedException     when Kafka answers but will not create or describe a topic
     */
    public List<String> ensure(Collection<String> topics) {
        List<NewTopic> missing = new ArrayList<>();
        for (String topic : topics) {
            if (!known.contains(topic)) {
                missing.add(new NewTopic(topic, Optional.of(partitions), replicationFactor));
            }
        }
        if (missing.isEmpty()) {
            return List.of();
        }
        Map<String, KafkaFuture<Void>> results = admin.createTopics(
                        missing, new CreateTopicsOptions().timeoutMs((int) timeout.toMillis()))
                .values();
        List<String> created = new ArrayList<>();
        List<String> ready = new ArrayList<>();
        for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
            try {
                result.getValue().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
                created.add(result.getKey());
                ready.add(result.getKey());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RetriableException) {
                    throw new UnavailableException(
                            "Could not create topic " + result.getKey() + ": "
                                    + e.getCause().getMessage(),
                            e.getCause());
                } else if (!(e.getCause() instanceof TopicExistsException) && !exists(result.getKey())) {
                    throw new RefusedException(
                            "Kafka refused to create topic " + result.getKey() + ": "
                                    + e.getCause().getMessage(),
                            e.getCause());
                }
                ready.add(result.getKey());
            } catch (TimeoutException e) {
                throw new UnavailableException("Kafka did not answer within " + timeout.toSeconds() + " s.", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnavailableException("Interrupted while creating topics.", e);
            }
        }
        awaitLeaders(ready);
        known.addAll(ready);
        return created;
    }

    /** A client that may not create topics (no CREATE permission) may still use one that exists. */
    private boolean exists(String topic) {
        try {
            admin.describeTopics(List.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * A topic exists once the controller says so, but its partitions take a moment to get a leader on the brokers.
     * Producing before that gets NOT_LEADER_OR_FOLLOWER retries, which an idempotent producer can turn into
     * out-of-order sequence errors for the first batches; so a new topic is used only once every partition leads.
     */
    private void awaitLeaders(List<String> topics) {
        if (topics.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                Map<String, TopicDescription> described =
                        admin.describeTopics(topics).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                boolean led = described.values().stream()
                        .flatMap(topic -> topic.partitions().stream())
                        .allMatch(partition -> partition.leader() != null
                                && !partition.leader().isEmpty());
                if (led && described.size() == topics.size()) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException)) {
                    throw new RefusedException(
                            "Kafka could not describe " + topics + ": "
                                    + e.getCause().getMessage(),
                            e.getCause());
                }
            } catch (TimeoutException e) {
                throw new UnavailableException("Kafka did not answer within " + timeout.toSeconds() + " s.", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnavailableException("Interrupted while waiting for new topics.", e);
            }
            if (System.nanoTime() > deadline) {
                throw new UnavailableException(
                        "The partitions of " + topics + " got no leader within " + timeout.toSeconds() + " s.", null);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnavailableException("Interrupted while waiting for new topics.", e);
            }
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    /** Closes the admin client, waiting at most {@code timeout} for its pending calls. */
    public void close(Duration timeout) {
        try {
            admin.close(timeout);
        } finally {
            try {
                metrics.close();
            } catch (Exception e) {
                // Removing meters does not fail in practice; the client is closed either way.
            }
        }
    }

    /** Why topics could not be made ready; the message says which topics and what Kafka answered. */
    public abstract static class ProvisioningException extends RuntimeException {
        ProvisioningException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Kafka could not be reached or did not answer in time: worth retrying later. */
    public static final class UnavailableException extends ProvisioningException {
        UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Kafka answered and refused (e.g. an invalid name, too high a replication factor, no permission). */
    public static final class RefusedException extends ProvisioningException {
        RefusedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
