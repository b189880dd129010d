package io.tributary.catalog.events;

import io.quarkus.runtime.ShutdownEvent;
import io.tributary.catalog.config.CatalogConfig;
import io.tributary.catalog.core.platform.IngestTopics;
import io.tributary.contracts.kafka.KafkaClients;
import io.tributary.contracts.kafka.TopicProvisioner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/** Creates ingest topics through the shared topic provisioner; an existing topic counts as created. */
@ApplicationScoped
public class KafkaIngestTopics implements IngestTopics {

    private static final Logger LOG = Logger.getLogger(KafkaIngestTopics.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final KafkaClients clients;
    private final CatalogConfig.IngestTopics settings;
    private TopicProvisioner topics;

    KafkaIngestTopics(KafkaClients clients, CatalogConfig config) {
        this.settings = config.ingestTopics();
        this.clients =
                settings.bootstrapServers().map(clients::withBootstrapServers).orElse(clients);
    }

    @Override
    public void ensure(String topic) throws Unavailable {
        try {
            provisioner().ensure(topic).forEach(created -> LOG.infof("Created Kafka topic %s", created));
        } catch (TopicProvisioner.ProvisioningException e) {
            close();
            throw new Unavailable(e.getMessage(), e);
        }
    }

    private synchronized TopicProvisioner provisioner() {
        if (topics == null) {
            topics = clients.topicProvisioner("topics", settings.partitions(), settings.replicationFactor(), TIMEOUT);
        }
        return topics;
    }

    /** A failed client is replaced, so a Kafka that comes back is found again with fresh metadata. */
    private synchronized void close() {
        if (topics != null) {
            topics.close(Duration.ofSeconds(1));
            topics = null;
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        close();
    }
}
