package io.tributary.catalog.events;

import io.quarkus.runtime.ShutdownEvent;
import io.tributary.catalog.config.CatalogConfig;
import io.tributary.catalog.platform.IngestTopics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Creates ingest topics with Kafka's AdminClient; an existing topic counts as created. */
@ApplicationScoped
public class KafkaIngestTopics implements IngestTopics {

    private static final Logger LOG = Logger.getLogger(KafkaIngestTopics.class);
    private static final int TIMEOUT_MS = 5000;

    private final String bootstrapServers;
    private final int partitions;
    private final Optional<Short> replicationFactor;
    private Admin admin;

    KafkaIngestTopics(@ConfigProperty(name = "kafka.bootstrap.servers") String kafkaBootstrapServers,
                      CatalogConfig config) {
        this.bootstrapServers = config.ingestTopics().bootstrapServers().orElse(kafkaBootstrapServers);
        this.partitions = config.ingestTopics().partitions();
        this.replicationFactor = config.ingestTopics().replicationFactor();
    }

    @Override
    public void ensure(String topic) throws Unavailable {
        Admin kafka = admin();
        try {
            kafka.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), replicationFactor)))
                    .all().get(TIMEOUT_MS * 2L, TimeUnit.MILLISECONDS);
            LOG.infof("Created Kafka topic %s", topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return;
            }
            close();
            throw new Unavailable("Kafka did not create topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            close();
            throw new Unavailable("Kafka did not answer within " + TIMEOUT_MS * 2 / 1000 + " s while creating " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("Interrupted while creating topic " + topic, e);
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> config = new HashMap<>();
            config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            config.put(AdminClientConfig.CLIENT_ID_CONFIG, "tributary-catalog-topics");
            config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
            config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
            admin = Admin.create(config);
        }
        return admin;
    }

    /** A failed client is replaced, so a Kafka that comes back is found again with fresh metadata. */
    private synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
            admin = null;
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        close();
    }
}
