package io.tributary.governance.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import io.tributary.contracts.Topics;
import io.tributary.contracts.kafka.KafkaClients;
import io.tributary.governance.config.GovernanceConfig;
import io.tributary.governance.core.CatalogLookup;
import io.tributary.governance.core.lake.SnapshotListener;
import io.tributary.governance.store.GovernanceSchemaMigration;
import io.tributary.governance.store.LivePolicies;
import io.tributary.governance.store.PostgresAuditLog;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Starts and stops the service's Kafka threads: the outbox relay, the events listener, the audit consumer and the
 * snapshot consumer.
 */
@Startup
@ApplicationScoped
public class EventsRuntime {

    private static final Logger LOG = Logger.getLogger(EventsRuntime.class);

    @Inject
    GovernanceConfig config;

    @Inject
    KafkaClients kafka;

    @Inject
    DataSource dataSource;

    @Inject
    @Readiness
    GovernanceSchemaMigration schema;

    @Inject
    LivePolicies policies;

    @Inject
    CatalogLookup catalog;

    @Inject
    PostgresAuditLog auditLog;

    @Inject
    MeterRegistry registry;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaSettings;

    @Inject
    @Any
    Instance<SnapshotListener> snapshotListeners;

    private OutboxRelay relay;
    private EventsListener listener;
    private AuditConsumer audit;
    private SnapshotConsumer snapshots;
    private Thread provisioner;

    @PostConstruct
    void start() {
        // Our topics exist before anyone follows them; until Kafka answers, this keeps trying in the background.
        provisioner = new Thread(this::provisionTopics, "governance-topics");
        provisioner.setDaemon(true);
        provisioner.start();
        if (config.outbox().relayEnabled()) {
            relay = new OutboxRelay(
                    dataSource, kafka, schema::isMigrated, config.outbox().idle());
            relay.start();
        }
        listener = new EventsListener(kafka, this::reloadPolicies, catalog);
        listener.start();
        if (config.audit().consumerEnabled()) {
            audit = new AuditConsumer(
                    kafka,
                    auditLog,
                    schema::isMigrated,
                    config.audit().groupId(),
                    config.audit().maxPollRecords(),
                    registry);
            audit.start();
        }
        if (config.snapshots().consumerEnabled()) {
            List<SnapshotListener> listeners = snapshotListeners.stream().toList();
            snapshots = new SnapshotConsumer(
                    kafka,
                    listeners,
                    schema::isMigrated,
                    config.snapshots().groupId(),
                    config.snapshots().firstRetry(),
                    config.snapshots().maxRetry(),
                    registry);
            snapshots.start();
            LOG.infof(
                    "Following committed snapshots for %s",
                    listeners.stream().map(SnapshotListener::name).toList());
        }
    }

    private void reloadPolicies() {
        try {
            policies.refresh();
        } catch (RuntimeException e) {
            LOG.warnf("Could not reload policies after a change event: %s", e.getMessage());
        }
    }

    private void provisionTopics() {
        long delay = 500;
        while (true) {
            try {
                createMissingTopics(List.of(GovernanceEvents.TOPIC, Topics.AUDIT));
                return;
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                LOG.debugf("Kafka not ready for topic creation yet: %s", e.toString());
            }
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                return;
            }
            delay = Math.min(delay * 2, 10_000);
        }
    }

    private void createMissingTopics(List<String> topics) throws Exception {
        Map<String, Object> settings = new HashMap<>(kafkaSettings);
        settings.remove("group.id");
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, kafka.clientId("topics"));
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(settings)) {
            Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            for (String topic : topics) {
                if (existing.contains(topic)) {
                    continue;
                }
                try {
                    admin.createTopics(List.of(new NewTopic(
                                    topic,
                                    Optional.of(config.outbox().topicPartitions()),
                                    config.outbox().topicReplicationFactor())))
                            .all()
                            .get(10, TimeUnit.SECONDS);
                    LOG.infof("Created Kafka topic %s", topic);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    /** Whether policy changes of other replicas reach this one. */
    public boolean followingPolicyChanges() {
        return listener != null && listener.following();
    }

    void stop(@Observes ShutdownEvent event) {
        provisioner.interrupt();
        if (snapshots != null) {
            snapshots.stop();
        }
        if (audit != null) {
            audit.stop();
        }
        listener.stop();
        if (relay != null) {
            relay.stop();
        }
    }
}
