package io.tributary.governance.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.contracts.Topics;
import io.tributary.contracts.events.EventTypes;
import io.tributary.contracts.kafka.KafkaClients;
import io.tributary.governance.core.CatalogLookup;
import io.tributary.governance.core.TableRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Follows {@code tributary.governance.events} (reloading the policy set on any change, whichever replica made it) and
 * {@code tributary.catalog.events} (forgetting a table's cached columns and tags when they change). Every replica
 * reads every partition from the end, with no consumer group: these events are signals to refresh, not work to share.
 */
public final class EventsListener extends PollingThread {

    private static final Logger LOG = Logger.getLogger(EventsListener.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TABLE_CHANGES = Set.of(
            EventTypes.TAGS_CHANGED,
            // The contract's producers are INSERT grants: a change must reach decisions within about a second.
            EventTypes.CONTRACT_CHANGED,
            EventTypes.SCHEMA_CHANGED,
            EventTypes.TABLE_DROPPED,
            EventTypes.TABLE_RENAMED,
            EventTypes.TABLE_CREATED);
    private static final List<String> TOPICS = List.of(GovernanceEvents.TOPIC, Topics.CATALOG_EVENTS);

    private final KafkaClients kafka;
    private final Runnable policiesChanged;
    private final CatalogLookup catalog;
    private volatile boolean following;

    public EventsListener(KafkaClients kafka, Runnable policiesChanged, CatalogLookup catalog) {
        super("governance-events-listener");
        this.kafka = kafka;
        this.policiesChanged = policiesChanged;
        this.catalog = catalog;
    }

    /** Whether the policy-change topic is being followed. */
    public boolean following() {
        return following;
    }

    @Override
    protected void loop() {
        while (running) {
            try (Consumer<String, byte[]> consumer = kafka.consumer(
                    "events",
                    new StringDeserializer(),
                    new ByteArrayDeserializer(),
                    Map.of(
                            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                            "latest",
                            ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                            1000))) {
                Set<String> assigned = new java.util.HashSet<>();
                long nextLookup = 0;
                while (running) {
                    if (assigned.size() < TOPICS.size() && System.nanoTime() >= nextLookup) {
                        assign(consumer, assigned);
                        nextLookup = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                    }
                    if (consumer.assignment().isEmpty()) {
                        Thread.sleep(500);
                        continue;
                    }
                    ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
                    boolean reload = false;
                    for (ConsumerRecord<String, byte[]> record : records) {
                        if (record.topic().equals(GovernanceEvents.TOPIC)) {
                            reload = true;
                        } else {
                            catalogEvent(record.value());
                        }
                    }
                    if (reload) {
                        policiesChanged.run();
                    }
                }
            } catch (InterruptedException | org.apache.kafka.common.errors.InterruptException e) {
                return;
            } catch (RuntimeException e) {
                following = false;
                if (!running) {
                    return;
                }
                LOG.warnf("Following governance and catalog events failed; retrying in 2 s: %s", e.toString());
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void assign(Consumer<String, byte[]> consumer, Set<String> assigned) {
        List<TopicPartition> partitions = new ArrayList<>(consumer.assignment());
        List<TopicPartition> added = new ArrayList<>();
        for (String topic : TOPICS) {
            if (assigned.contains(topic)) {
                continue;
            }
            List<PartitionInfo> infos;
            try {
                infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                infos = null;
            }
            if (infos == null || infos.isEmpty()) {
                continue;
            }
            infos.forEach(info -> added.add(new TopicPartition(topic, info.partition())));
            assigned.add(topic);
        }
        if (added.isEmpty()) {
            return;
        }
        partitions.addAll(added);
        consumer.assign(partitions);
        consumer.seekToEnd(added);
        // Resolve the end offsets now, so that an event published from here on is never skipped.
        added.forEach(consumer::position);
        if (assigned.contains(GovernanceEvents.TOPIC)) {
            following = true;
            // Changes made before we started following are picked up by one reload.
            policiesChanged.run();
        }
    }

    private void catalogEvent(byte[] value) {
        try {
            JsonNode event = JSON.readTree(value);
            String type = event.path("type").asText();
            if (!TABLE_CHANGES.contains(type)) {
                return;
            }
            String subject = event.path("subject").asText("");
            if (subject.indexOf('.') > 0) {
                catalog.invalidate(TableRef.parse(subject));
            }
            JsonNode data = event.path("data");
            if (data.path("new-namespace").isTextual() && data.path("new-table").isTextual()) {
                catalog.invalidate(new TableRef(
                        data.get("new-namespace").asText(),
                        data.get("new-table").asText()));
            }
        } catch (java.io.IOException | RuntimeException e) {
            LOG.debugf("Ignoring an unreadable catalog event: %s", e.getMessage());
        }
    }
}
