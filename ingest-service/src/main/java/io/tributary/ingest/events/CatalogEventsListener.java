package io.tributary.ingest.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.Startup;
import io.tributary.contracts.Topics;
import io.tributary.contracts.events.EventTypes;
import io.tributary.contracts.kafka.KafkaClients;
import io.tributary.ingest.config.IngestConfig;
import io.tributary.ingest.core.ContractSource;
import io.tributary.ingest.core.InsertAuthorizer;
import io.tributary.ingest.core.TableId;
import io.tributary.ingest.maintenance.runtime.MaintenanceScheduler;
import io.tributary.ingest.writer.runtime.WriterRuntime;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * Follows {@code tributary.catalog.events} so that cached contracts are refreshed as soon as the catalog changes a
 * table: a new optional column is accepted, and a dropped table answers 404, without waiting out the cache TTL.
 * Also follows {@code tributary.governance.events} once governance has made it: a policy change, like a contract
 * change, drops the cached INSERT decisions it may change, so they can be kept longer while both are followed.
 * Every instance reads every partition from the end (no consumer group): each one keeps its own cache. After any
 * (re)connection all cached contracts and decisions are dropped, since events may have been missed meanwhile.
 */
@Startup
@ApplicationScoped
public class CatalogEventsListener {

    private static final Logger LOG = Logger.getLogger(CatalogEventsListener.class);
    /** Not among the shared event types yet; handled so that a renamed table stops using its old contract. */
    static final String TABLE_RENAMED = "io.tributary.catalog.table.renamed";

    private static final Set<String> CHANGED = Set.of(
            EventTypes.SCHEMA_CHANGED, EventTypes.CONTRACT_CHANGED, EventTypes.TAGS_CHANGED, EventTypes.TABLE_CREATED);
    private static final Duration RETRY = Duration.ofSeconds(5);
    /** How often the governance topic is looked for until it exists, and the broker checked once it is followed. */
    private static final Duration GOVERNANCE_LOOKUP = Duration.ofSeconds(10);
    /** How long the broker may take to answer the periodic check that events can still be heard. */
    private static final Duration LIVENESS_TIMEOUT = Duration.ofSeconds(3);

    @Inject
    KafkaClients kafka;

    @Inject
    IngestConfig config;

    @Inject
    ContractSource contracts;

    @Inject
    InsertAuthorizer authorizer;

    /** The lake writer of this process, if it has that role: a new table's waiting topic is opened at once. */
    @Inject
    WriterRuntime writer;

    /** Table maintenance of this process, if it has the writer role: a pass looks only at tables that changed. */
    @Inject
    MaintenanceScheduler maintenance;

    private final ObjectMapper json = new ObjectMapper();
    private volatile Consumer<byte[], byte[]> consumer;
    private volatile boolean running;
    private volatile int partitions;
    private volatile boolean governanceFollowed;
    private long governanceLookedUpAt;
    private volatile Instant lastEvent;
    private volatile long handled;
    private Thread thread;

    @PostConstruct
    void start() {
        if (!config.contracts().events().enabled()) {
            return;
        }
        // No group: every instance reads every partition itself.
        consumer = kafka.consumer(
                "contract-events",
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer(),
                Map.of(
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "latest",
                        ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                        5000,
                        ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG,
                        false));
        running = true;
        thread = new Thread(this::run, "catalog-events");
        thread.setDaemon(true);
        thread.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
            try {
                thread.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Partitions of the catalog events topic being followed; 0 while not (yet) connected. */
    public int partitions() {
        return partitions;
    }

    public Instant lastEvent() {
        return lastEvent;
    }

    public long handled() {
        return handled;
    }

    public boolean enabled() {
        return consumer != null;
    }

    private void run() {
        boolean warned = false;
        while (running) {
            try {
                if (partitions == 0 && !assign()) {
                    sleep();
                    continue;
                }
                if (System.nanoTime() - governanceLookedUpAt > GOVERNANCE_LOOKUP.toNanos()) {
                    if (governanceFollowed) {
                        // An empty poll looks the same whether the broker is idle or unreachable; ask it, so that
                        // decisions are not kept long while no change could be heard (a failure lands below).
                        governanceLookedUpAt = System.nanoTime();
                        consumer.endOffsets(consumer.assignment(), LIVENESS_TIMEOUT);
                    } else {
                        followGovernance();
                    }
                }
                warned = false;
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    handle(record.value());
                }
            } catch (WakeupException e) {
                break;
            } catch (RuntimeException e) {
                if (!warned) {
                    LOG.warnf(
                            "Catalog events cannot be read (contracts fall back to their cache TTL): %s", e.toString());
                    warned = true;
                }
                partitions = 0;
                governanceFollowed = false;
                authorizer.changesFollowed(false);
                maintenance.changesFollowed(false);
                consumer.unsubscribe();
                sleep();
            }
        }
        consumer.close(Duration.ofSeconds(2));
    }

    private boolean assign() {
        List<PartitionInfo> found = consumer.partitionsFor(Topics.CATALOG_EVENTS);
        if (found == null || found.isEmpty()) {
            return false;
        }
        List<TopicPartition> assigned = found.stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        follow(assigned);
        partitions = assigned.size();
        governanceFollowed = false;
        contracts.invalidateAll();
        authorizer.invalidateAll();
        maintenance.changesFollowed(true);
        LOG.infof("Following %s (%d partitions) to refresh ingest contracts", Topics.CATALOG_EVENTS, partitions);
        followGovernance();
        return true;
    }

    /** Adds governance's topic to what is followed, if it exists yet; decisions may then be kept longer. */
    private void followGovernance() {
        governanceLookedUpAt = System.nanoTime();
        List<PartitionInfo> found = consumer.partitionsFor(Topics.GOVERNANCE_EVENTS);
        if (found == null || found.isEmpty()) {
            return;
        }
        List<TopicPartition> added = found.stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        List<TopicPartition> all = new ArrayList<>(consumer.assignment());
        all.addAll(added);
        consumer.assign(all);
        consumer.seekToEnd(added);
        added.forEach(consumer::position);
        // Anything decided before this point may predate a change no event will now announce.
        authorizer.invalidateAll();
        authorizer.changesFollowed(true);
        governanceFollowed = true;
        LOG.infof(
                "Following %s (%d partitions) to drop INSERT decisions a policy change may change",
                Topics.GOVERNANCE_EVENTS, added.size());
    }

    private void follow(List<TopicPartition> assigned) {
        consumer.assign(assigned);
        consumer.seekToEnd(assigned);
        assigned.forEach(consumer::position); // resolve the end offsets now, so later events are never skipped
    }

    void handle(byte[] value) {
        JsonNode event;
        try {
            event = json.readTree(value);
        } catch (IOException e) {
            LOG.warnf("Ignoring a catalog event that is not JSON: %s", e.getMessage());
            return;
        }
        if (event == null || !event.isObject()) {
            return;
        }
        String type = event.path("type").asText("");
        if (type.equals(EventTypes.POLICY_CHANGED)) {
            authorizer.policyChanged(event.path("data").path("revision").asLong(-1));
            handled++;
            lastEvent = Instant.now();
            return;
        }
        TableIdentifier changed = icebergTable(event);
        if (changed != null) {
            maintenance.tableChanged(changed);
        }
        TableId table = table(event);
        if (type.equals(EventTypes.TABLE_DROPPED) && table != null) {
            contracts.invalidate(table, true);
            authorizer.invalidate(table);
        } else if (type.equals(TABLE_RENAMED)) {
            if (table != null) {
                contracts.invalidate(table, true);
            }
            contracts.invalidateAll();
            authorizer.invalidateAll();
        } else if (type.equals(EventTypes.NAMESPACE_DROPPED)) {
            contracts.invalidateAll();
            authorizer.invalidateAll();
        } else if (CHANGED.contains(type) && table != null) {
            contracts.invalidate(table, false);
            authorizer.invalidate(table);
            if (type.equals(EventTypes.TABLE_CREATED) && writer != null) {
                writer.tableCreated(table.namespace(), table.name());
            }
        } else {
            return;
        }
        handled++;
        lastEvent = Instant.now();
        LOG.debugf("Contract of %s refreshed after %s", table, type);
    }

    /** The table an event is about: {@code data.namespace} + {@code data.table}, else the subject {@code ns.table}. */
    static TableId table(JsonNode event) {
        JsonNode data = event.path("data");
        JsonNode namespace = data.path("namespace");
        JsonNode table = data.path("table");
        if (table.isTextual()
                && namespace.isArray()
                && namespace.size() == 1
                && namespace.get(0).isTextual()) {
            return new TableId(namespace.get(0).textValue(), table.textValue());
        }
        String subject = event.path("subject").asText("");
        int dot = subject.lastIndexOf('.');
        return dot > 0 && dot < subject.length() - 1
                ? new TableId(subject.substring(0, dot), subject.substring(dot + 1))
                : null;
    }

    /** The table an event is about, every level of its namespace kept ({@code data.namespace}, {@code data.table}). */
    static TableIdentifier icebergTable(JsonNode event) {
        JsonNode data = event.path("data");
        JsonNode namespace = data.path("namespace");
        JsonNode table = data.path("table");
        if (!table.isTextual() || !namespace.isArray() || namespace.isEmpty()) {
            return null;
        }
        String[] levels = new String[namespace.size()];
        for (int i = 0; i < levels.length; i++) {
            if (!namespace.get(i).isTextual()) {
                return null;
            }
            levels[i] = namespace.get(i).textValue();
        }
        return TableIdentifier.of(Namespace.of(levels), table.textValue());
    }

    private void sleep() {
        try {
            Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
