package io.tributary.catalog.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.tributary.catalog.config.CatalogConfig;
import io.tributary.catalog.core.lineage.LineageRetention;
import io.tributary.catalog.store.CatalogSchemaMigration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Prunes lineage runs and raw events older than {@code tributary.catalog.lineage.retention.max-age}, every
 * {@code interval}, on a thread of its own. A failed prune is logged and tried again at the next interval.
 */
@Startup
@ApplicationScoped
public class LineageRetentionJob {

    private static final Logger LOG = Logger.getLogger(LineageRetentionJob.class);

    private final LineageRetention retention;
    private final CatalogSchemaMigration schema;
    private final CatalogConfig.Lineage.Retention config;
    private final Counter events;
    private final Counter runs;
    private final Object wake = new Object();

    private volatile boolean running;
    private Thread thread;

    @Inject
    LineageRetentionJob(
            LineageRetention retention,
            @Readiness CatalogSchemaMigration schema,
            CatalogConfig config,
            MeterRegistry registry) {
        this.retention = retention;
        this.schema = schema;
        this.config = config.lineage().retention();
        this.events = counter(registry, "events");
        this.runs = counter(registry, "runs");
    }

    private static Counter counter(MeterRegistry registry, String kind) {
        return Counter.builder("tributary_catalog_lineage_pruned_total")
                .description("Lineage rows pruned by retention, by kind")
                .tag("kind", kind)
                .register(registry);
    }

    @jakarta.annotation.PostConstruct
    void start() {
        if (!config.enabled()) {
            LOG.info("Lineage retention is disabled (tributary.catalog.lineage.retention.enabled=false)");
            return;
        }
        running = true;
        thread = new Thread(this::loop, "catalog-lineage-retention");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        synchronized (wake) {
            wake.notifyAll();
        }
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Prunes now, with the configured age unless {@code maxAge} is given; for the admin endpoint and the loop. */
    public LineageRetention.Pruned pruneNow(java.time.Duration maxAge) {
        LineageRetention.Pruned pruned = retention.prune(maxAge == null ? config.maxAge() : maxAge, config.batchSize());
        events.increment(pruned.events());
        runs.increment(pruned.runs());
        if (pruned.events() > 0 || pruned.runs() > 0) {
            LOG.infof(
                    "Lineage retention pruned %d events and %d runs older than %s",
                    pruned.events(), pruned.runs(), pruned.before());
        }
        return pruned;
    }

    private void loop() {
        while (running) {
            try {
                if (schema.isMigrated()) {
                    pruneNow(null);
                }
            } catch (RuntimeException e) {
                LOG.warnf("Lineage retention failed; trying again in %s: %s", config.interval(), e);
            }
            synchronized (wake) {
                if (!running) {
                    return;
                }
                try {
                    wake.wait(schema.isMigrated() ? config.interval().toMillis() : 1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
