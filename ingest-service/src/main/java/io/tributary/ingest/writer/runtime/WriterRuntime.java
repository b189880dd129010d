package io.tributary.ingest.writer.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.tributary.contracts.Topics;
import io.tributary.ingest.config.IngestConfig;
import io.tributary.ingest.writer.DeadLetterSink;
import io.tributary.ingest.writer.KafkaLakeWriter;
import io.tributary.ingest.writer.LakeWriter;
import io.tributary.ingest.writer.LineageEvents;
import io.tributary.ingest.writer.WriterEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.rest.auth.OAuth2Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs the lake writer when this process has the {@code writer} role ({@code tributary.ingest.role=writer|all}).
 * Starting never fails on an unavailable catalog or Keycloak: the writer thread waits for them and readiness says so.
 */
@ApplicationScoped
public class WriterRuntime {

    private static final System.Logger LOG = System.getLogger(WriterRuntime.class.getName());

    @Inject
    WriterConfig config;
    @Inject
    IngestConfig ingest;
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;
    @Inject
    MeterRegistry registry;
    @ConfigProperty(name = "tributary.ingest.role", defaultValue = "all")
    String role;
    @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080")
    int httpPort;
    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    String oidcUrl;
    @ConfigProperty(name = "quarkus.oidc-client.client-id")
    Optional<String> clientId;
    @ConfigProperty(name = "quarkus.oidc-client.credentials.secret")
    Optional<String> clientSecret;
    /** Static S3 keys for tables in an S3 warehouse, as the catalog takes them (env TRIBUTARY_S3_ACCESS_KEY, ...). */
    @ConfigProperty(name = "tributary.s3.access-key")
    Optional<String> s3AccessKey;
    @ConfigProperty(name = "tributary.s3.secret-key")
    Optional<String> s3SecretKey;

    private volatile Thread thread;
    private volatile KafkaLakeWriter loop;
    private volatile RESTCatalog catalog;
    private volatile KafkaProducer<String, byte[]> producer;
    private volatile boolean stopping;
    private volatile String waitingFor = "not started";

    /** Whether this process runs the lake writer. */
    public boolean enabled() {
        String r = role.trim().toLowerCase(Locale.ROOT);
        return r.equals("writer") || r.equals("all");
    }

    /** Whether this process runs only the lake writer, without the producer API. */
    public boolean writerOnly() {
        return role.trim().toLowerCase(Locale.ROOT).equals("writer");
    }

    /** Null when the writer runs; otherwise what it waits for. */
    public String notRunningBecause() {
        KafkaLakeWriter current = loop;
        if (current != null && current.running()) {
            Throwable failure = current.lastFailure();
            return failure == null ? null : "the last step failed: " + failure.getMessage();
        }
        return waitingFor;
    }

    public String catalogUri() {
        return config.catalogUri().orElse(stripSlash(ingest.contracts().catalog().url()) + "/iceberg");
    }

    public String catalogBaseUrl() {
        return stripSlash(ingest.contracts().catalog().url());
    }

    void start(@Observes StartupEvent event) {
        String r = role.trim().toLowerCase(Locale.ROOT);
        if (!r.equals("api") && !r.equals("writer") && !r.equals("all")) {
            throw new IllegalStateException("tributary.ingest.role must be api, writer or all, not '" + role + "'");
        }
        if (!enabled()) {
            return;
        }
        thread = new Thread(this::runWriter, "lake-writer");
        thread.setDaemon(true);
        thread.start();
    }

    private void runWriter() {
        waitingFor = "the catalog at " + catalogUri();
        while (!stopping && catalog == null) {
            try {
                catalog = openCatalog();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Cannot open the Iceberg catalog at {0}: {1}; retrying in {2}",
                        catalogUri(), e.toString(), config.retryInterval());
                sleep(config.retryInterval());
            }
        }
        if (stopping) {
            return;
        }
        String writerId = config.id().orElseGet(WriterRuntime::defaultId);
        producer = newProducer();
        DeadLetterSink deadLetters = new KafkaDeadLetters(producer);
        WriterEvents metrics = new WriterMetrics(registry);
        WriterEvents events = metrics;
        if (config.lineage().enabled()) {
            String bootstrap = String.valueOf(kafka.getOrDefault("bootstrap.servers", "localhost:9092")).split(",")[0].trim();
            events = WriterEvents.all(metrics, new LineageEvents(config.lineage().producer(),
                    config.lineage().datasetNamespace().orElse(config.warehouse()), "kafka://" + bootstrap,
                    (job, value) -> producer.send(new ProducerRecord<>(Topics.LINEAGE, job, value), (m, e) -> {
                        if (e != null) {
                            LOG.log(System.Logger.Level.WARNING, "Lineage event for {0} not sent: {1}", job, e.toString());
                        }
                    })));
        }
        LakeWriter writer = new LakeWriter(catalog,
                new LakeWriter.Settings(writerId, config.commitInterval(), config.commitMaxRecords(), config.retryInterval()),
                events, deadLetters, Clock.systemUTC(), System::nanoTime);
        loop = new KafkaLakeWriter(newConsumer(writerId), writer, KafkaLakeWriter.INGEST_TOPICS, config.pollTimeout(), events);
        waitingFor = null;
        LOG.log(System.Logger.Level.INFO, "Lake writer {0} started: catalog {1}, commit every {2} or {3} records",
                writerId, catalogUri(), config.commitInterval(), config.commitMaxRecords());
        loop.run();
    }

    private RESTCatalog openCatalog() {
        Map<String, String> properties = new HashMap<>();
        properties.put(CatalogProperties.URI, catalogUri());
        properties.put(CatalogProperties.WAREHOUSE_LOCATION, config.warehouse());
        // Data files go where each table lives: s3:// through S3FileIO (endpoint, region and path style come from the
        // catalog's /v1/config; keys from tributary.s3.* or the AWS SDK's default chain), file: through HadoopFileIO.
        properties.put(CatalogProperties.FILE_IO_IMPL, "org.apache.iceberg.io.ResolvingFileIO");
        properties.put("http-client.type", "urlconnection");
        s3AccessKey.ifPresent(key -> properties.put("s3.access-key-id", key));
        s3SecretKey.ifPresent(secret -> properties.put("s3.secret-access-key", secret));
        properties.put("rest.auth.type", "oauth2");
        properties.put(OAuth2Properties.CREDENTIAL, clientId.orElse("tributary-ingest") + ":" + clientSecret.orElse(""));
        properties.put(OAuth2Properties.OAUTH2_SERVER_URI, stripSlash(oidcUrl) + "/protocol/openid-connect/token");
        properties.put(OAuth2Properties.SCOPE, config.scope());
        // Keycloak does not do token exchange for this client; a new client-credentials token replaces an expiring one.
        properties.put(OAuth2Properties.TOKEN_EXCHANGE_ENABLED, "false");
        // Iceberg's client retries an answer like 500 five times over about 30 s, holding the writer's one loop (and
        // every other table) meanwhile; the writer has its own retries (retry-interval, doubling for a table that keeps
        // failing), so the client gives up sooner.
        properties.put("rest.client.max-retries", "2");
        properties.putAll(config.catalog());
        RESTCatalog rest = new RESTCatalog();
        rest.setConf(new Configuration());
        try {
            rest.initialize("tributary", properties);
        } catch (RuntimeException e) {
            try {
                rest.close();
            } catch (Exception ignored) {
                // nothing to release
            }
            throw e;
        }
        return rest;
    }

    private KafkaConsumer<byte[], byte[]> newConsumer(String writerId) {
        Map<String, Object> properties = new HashMap<>(kafka);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        // Stable across restarts of the same process slot, distinct for two writers on one host.
        properties.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
                config.instanceId().orElseGet(() -> "lake-writer-" + hostName() + "-" + httpPort));
        properties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 15_000);
        properties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "tributary-lake-writer-" + writerId);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        // New ingest topics (a table's first records create its topic) are found within this time: it bounds the
        // freshness of a new table's first records. A metadata request every 2 s costs the broker next to nothing.
        properties.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 2_000);
        properties.putAll(config.consumer());
        return new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<String, byte[]> newProducer() {
        Map<String, Object> properties = new HashMap<>(kafka);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "tributary-lake-writer");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        KafkaLakeWriter current = loop;
        if (current != null) {
            current.stop();
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(Duration.ofSeconds(15).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (catalog != null) {
            try {
                catalog.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "Closing the catalog client: {0}", e.toString());
            }
        }
    }

    private static String defaultId() {
        return hostName() + "-" + ProcessHandle.current().pid();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Dead letters on {@code tributary.ingest.dlq}, flushed before the offsets past them are committed. */
    static final class KafkaDeadLetters implements DeadLetterSink {
        private final KafkaProducer<String, byte[]> producer;
        private final java.util.List<Future<RecordMetadata>> sent = new java.util.ArrayList<>();

        KafkaDeadLetters(KafkaProducer<String, byte[]> producer) {
            this.producer = producer;
        }

        @Override
        public void send(String key, byte[] value) {
            sent.add(producer.send(new ProducerRecord<>(Topics.INGEST_DLQ, key, value)));
        }

        @Override
        public void flush() {
            try {
                for (Future<RecordMetadata> ack : sent) {
                    ack.get(10, TimeUnit.SECONDS);
                }
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("Dead letters were not acknowledged: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for dead letters", e);
            } finally {
                sent.clear();
            }
        }
    }
}
