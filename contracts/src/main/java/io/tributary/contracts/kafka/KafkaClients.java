package io.tributary.contracts.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The one place Tributary's Kafka clients are built: idempotent producers, consumers and topic provisioners, all from
 * the same base settings (bootstrap servers and any security settings), named {@code tributary-<service>-<role>},
 * and with their metrics on a Micrometer registry when one is given. Plain Java, so any service can wrap it in a CDI
 * producer.
 */
public final class KafkaClients {

    /** What every producer gets unless the caller overrides it: nothing acknowledged is lost or written twice. */
    static final Map<String, Object> PRODUCER_DEFAULTS = Map.of(
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true,
            ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
            5,
            ProducerConfig.LINGER_MS_CONFIG,
            5);

    /** Offsets are committed by the code that knows a record is done with, never by a timer. */
    static final Map<String, Object> CONSUMER_DEFAULTS = Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);

    private final Map<String, Object> base;
    private final String service;
    private final MeterRegistry registry;

    private KafkaClients(Map<String, Object> base, String service, MeterRegistry registry) {
        this.base = base;
        this.service = service;
        this.registry = registry;
    }

    /**
     * @param base    the service's Kafka settings (Quarkus' {@code default-kafka-broker} map, or just
     *                {@code bootstrap.servers}); a group or client id in it is ignored, since those belong to one client
     * @param service the service's short name, as in {@code tributary-<service>-<role>}
     */
    public static KafkaClients of(Map<String, ?> base, String service) {
        Objects.requireNonNull(service, "service");
        Map<String, Object> settings = new HashMap<>(base);
        settings.remove(CommonClientConfigs.GROUP_ID_CONFIG);
        settings.remove(CommonClientConfigs.CLIENT_ID_CONFIG);
        return new KafkaClients(Map.copyOf(settings), service, null);
    }

    /** The same clients against other brokers, e.g. where topics are administered apart from where records go. */
    public KafkaClients withBootstrapServers(String bootstrapServers) {
        Map<String, Object> settings = new HashMap<>(base);
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return new KafkaClients(Map.copyOf(settings), service, registry);
    }

    /** The same clients with their metrics bound to {@code registry}; null binds none. */
    public KafkaClients withMetrics(MeterRegistry registry) {
        return new KafkaClients(base, service, registry);
    }

    public String service() {
        return service;
    }

    /** The first bootstrap server, e.g. for naming the Kafka cluster in lineage; empty when none is set. */
    public Optional<String> firstBootstrapServer() {
        Object servers = base.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        return servers == null
                ? Optional.empty()
                : Optional.of(String.valueOf(servers).split(",")[0].trim());
    }

    /** {@code tributary-<service>-<role>}. */
    public String clientId(String role) {
        return "tributary-" + service + "-" + role;
    }

    /** The base settings, the producer defaults, {@code client.id} = {@link #clientId(String)}, then {@code overrides}. */
    public Map<String, Object> producerConfig(String role, Map<String, ?> overrides) {
        Map<String, Object> config = new HashMap<>(base);
        config.putAll(PRODUCER_DEFAULTS);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId(role));
        config.putAll(overrides);
        return config;
    }

    public <K, V> Producer<K, V> producer(
            String role, Serializer<K> keys, Serializer<V> values, Map<String, ?> overrides) {
        return new MeteredKafkaProducer<>(producerConfig(role, overrides), keys, values, registry);
    }

    /** The base settings, the consumer defaults, {@code client.id} = {@link #clientId(String)}, then {@code overrides}. */
    public Map<String, Object> consumerConfig(String role, Map<String, ?> overrides) {
        Map<String, Object> config = new HashMap<>(base);
        config.putAll(CONSUMER_DEFAULTS);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId(role));
        config.putAll(overrides);
        return config;
    }

    public <K, V> Consumer<K, V> consumer(
            String role, Deserializer<K> keys, Deserializer<V> values, Map<String, ?> overrides) {
        return new MeteredKafkaConsumer<>(consumerConfig(role, overrides), keys, values, registry);
    }

    /** An admin client's settings: every request, and every call as a whole, is bounded by {@code timeout}. */
    public Map<String, Object> adminConfig(String role, Duration timeout) {
        Map<String, Object> config = new HashMap<>(base);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId(role));
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        return config;
    }

    /**
     * Creates missing topics with {@code partitions} and {@code replicationFactor} (the broker's default when empty),
     * waiting at most about {@code timeout} for each step.
     */
    public TopicProvisioner topicProvisioner(
            String role, int partitions, Optional<Short> replicationFactor, Duration timeout) {
        AdminClient admin = AdminClient.create(adminConfig(role, timeout));
        return new TopicProvisioner(admin, ClientMetrics.bind(admin, registry), partitions, replicationFactor, timeout);
    }
}
