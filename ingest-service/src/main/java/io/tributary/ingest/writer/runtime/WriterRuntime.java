package io.tributary.ingest.writer.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tributary.ingest.writer.KafkaLakeWriter;
import io.tributary.ingest.writer.LakeWriter;
import io.tributary.ingest.writer.WriterEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.kafka.clients.producer.Producer;
import org.jboss.logging.Logger;

/**
 * Runs the lake writer when this process has the {@code writer} role ({@code tributary.ingest.role=writer|all}).
 * Starting never fails on an unavailable catalog or Keycloak: the writer thread waits for them and readiness says so.
 */
@ApplicationScoped
public class WriterRuntime {

    private static final Logger LOG = Logger.getLogger(WriterRuntime.class);

    @Inject
    WriterConfig config;

    @Inject
    ProcessRole role;

    @Inject
    WriterCatalogClient catalogClient;

    @Inject
    WriterKafkaClients kafka;

    @Inject
    WriterLineage lineage;

    @Inject
    MeterRegistry registry;

    private volatile Thread thread;
    private volatile KafkaLakeWriter loop;
    private volatile LakeWriter writer;
    private volatile RESTCatalog catalog;
    /** Loads whole tables (every snapshot), where the writer's own client is answered the writer's view. */
    private volatile RESTCatalog wholeTables;

    private volatile Producer<String, byte[]> producer;
    private volatile ExecutorService commitWorkers;
    private volatile ExecutorService openWorkers;
    private volatile boolean stopping;
    private volatile String waitingFor = "not started";

    /** The catalog created a table: if this process writes and waits for that table, it opens it now. */
    public void tableCreated(String namespace, String table) {
        LakeWriter current = writer;
        if (current != null) {
            current.retryNow(org.apache.iceberg.catalog.TableIdentifier.of(namespace, table));
        }
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

    void start(@Observes StartupEvent event) {
        // Resolving the role checks it: a process with an unknown role does not start.
        if (!role.runsWriter()) {
            return;
        }
        thread = new Thread(this::runWriter, "lake-writer");
        thread.setDaemon(true);
        thread.start();
    }

    private void runWriter() {
        waitingFor = "the catalog at " + catalogClient.catalogUri();
        while (!stopping && catalog == null) {
            try {
                catalog = catalogClient.openForWriter();
                wholeTables = catalogClient.open();
            } catch (RuntimeException e) {
                closeQuietly(catalog);
                catalog = null;
                LOG.warnf(
                        "Cannot open the Iceberg catalog at %s: %s; retrying in %s",
                        catalogClient.catalogUri(), e.toString(), config.retryInterval());
                sleep(config.retryInterval());
            }
        }
        if (stopping) {
            return;
        }
        String writerId = config.id().orElseGet(WriterRuntime::defaultId);
        producer = kafka.producer();
        WriterEvents events = lineage.with(new WriterMetrics(registry), producer);
        writer = new LakeWriter(
                catalog,
                new LakeWriter.Settings(
                        writerId,
                        config.commitInterval(),
                        config.commitMaxRecords(),
                        config.retryInterval(),
                        // Every worker busy: a further commit would only queue.
                        config.commitParallelism()),
                events,
                new KafkaDeadLetterSink(producer),
                Clock.systemUTC(),
                System::nanoTime,
                commitWorkers = workers("commit", config.commitParallelism()),
                openWorkers = workers("open", config.openParallelism()));
        RESTCatalog rest = catalog;
        writer.groupCommits(rest::commitTransaction, config.commitGroupMaxTables());
        writer.wholeHistoryFrom(wholeTables);
        loop = new KafkaLakeWriter(
                kafka.consumer(writerId), writer, KafkaLakeWriter.INGEST_TOPICS, config.pollTimeout(), events);
        waitingFor = null;
        LOG.infof(
                "Lake writer %s started: catalog %s, commit every %s or %s records",
                writerId, catalogClient.catalogUri(), config.commitInterval(), config.commitMaxRecords());
        loop.run();
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
        for (ExecutorService workers : new ExecutorService[] {commitWorkers, openWorkers}) {
            if (workers != null) {
                workers.shutdown();
            }
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        closeQuietly(catalog);
        closeQuietly(wholeTables);
    }

    private static void closeQuietly(RESTCatalog client) {
        if (client != null) {
            try {
                client.close();
            } catch (Exception e) {
                LOG.debugf("Closing the catalog client: %s", e.toString());
            }
        }
    }

    /** Daemon threads {@code lake-writer-<kind>-N}: each opens or commits one table at a time. */
    private static ExecutorService workers(String kind, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException(
                    "tributary.ingest.writer." + kind + "-parallelism must be at least 1, not " + parallelism);
        }
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(parallelism, task -> {
            Thread thread = new Thread(task, "lake-writer-" + kind + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    private static String defaultId() {
        return WriterKafkaClients.hostName() + "-" + ProcessHandle.current().pid();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
