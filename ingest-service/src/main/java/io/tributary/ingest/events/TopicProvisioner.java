package io.tributary.ingest.events;

import io.tributary.ingest.core.RecordPublisher.PublishUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates ingest and dead-letter topics the first time they are written to, with the configured partitions, rather
 * than leaving it to broker auto-creation (off in production, and with the broker's defaults when on).
 */
final class TopicProvisioner implements AutoCloseable {

    private final Admin admin;
    private final int partitions;
    private final Optional<Short> replicationFactor;
    private final Duration timeout;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    TopicProvisioner(Map<String, Object> kafka, int partitions, Optional<Short> replicationFactor, Duration timeout) {
        Map<String, Object> properties = new HashMap<>(kafka);
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "tributary-ingest-admin");
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        this.admin = Admin.create(properties);
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        this.timeout = timeout;
    }

    void ensure(Collection<String> topics) {
        List<NewTopic> missing = new ArrayList<>();
        for (String topic : topics) {
            if (!known.contains(topic)) {
                missing.add(new NewTopic(topic, Optional.of(partitions), replicationFactor));
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        var results = admin.createTopics(missing, new CreateTopicsOptions().timeoutMs((int) timeout.toMillis())).values();
        List<String> created = new ArrayList<>();
        for (var result : results.entrySet()) {
            try {
                result.getValue().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
                created.add(result.getKey());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RetriableException) {
                    throw new PublishUnavailableException("Could not create topic " + result.getKey() + ": "
                            + e.getCause().getMessage(), e.getCause());
                } else if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Kafka refused to create topic " + result.getKey() + ": "
                            + e.getCause().getMessage(), e.getCause());
                }
                created.add(result.getKey());
            } catch (TimeoutException e) {
                throw new PublishUnavailableException("Kafka did not answer within " + timeout.toSeconds() + " s.", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublishUnavailableException("Interrupted while creating topics.", e);
            }
        }
        awaitLeaders(created);
        known.addAll(created);
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
                Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                boolean led = described.values().stream().flatMap(topic -> topic.partitions().stream())
                        .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
                if (led && described.size() == topics.size()) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException)) {
                    throw new IllegalStateException("Kafka could not describe " + topics + ": " + e.getCause().getMessage(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw new PublishUnavailableException("Kafka did not answer within " + timeout.toSeconds() + " s.", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublishUnavailableException("Interrupted while waiting for new topics.", e);
            }
            if (System.nanoTime() > deadline) {
                throw new PublishUnavailableException("The partitions of " + topics + " got no leader within "
                        + timeout.toSeconds() + " s.", null);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublishUnavailableException("Interrupted while waiting for new topics.", e);
            }
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
