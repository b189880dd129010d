package io.tributary.ingest.maintenance.runtime;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tributary.ingest.maintenance.CatalogMaintenance;
import io.tributary.ingest.maintenance.MaintenancePolicy;
import io.tributary.ingest.maintenance.QuietTables;
import io.tributary.ingest.writer.runtime.ProcessRole;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.catalog.TableIdentifier;
import org.jboss.logging.Logger;

/**
 * Maintains every table of the catalog in the background, in the process with the writer role: one pass every
 * {@code tributary.maintenance.interval}, one table at a time, on a low-priority thread (the ingest path shares the
 * cores). A table nothing was committed to since its last run is left alone (the catalog's events say which changed)
 * until something becomes due with time, or {@code tributary.maintenance.idle-table-interval} has passed.
 */
@ApplicationScoped
public class MaintenanceScheduler {

    private static final Logger LOG = Logger.getLogger(MaintenanceScheduler.class);

    @Inject
    MaintenanceConfig config;

    @Inject
    ProcessRole role;

    @Inject
    MaintenanceService service;

    @Inject
    MaintenanceMetrics metrics;

    private final QuietTables quiet = new QuietTables();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Thread thread;
    private volatile boolean stopping;

    void start(@Observes StartupEvent event) {
        // Checked in every process, so a policy out of range (an orphan age under 1h) stops startup, not the thread.
        MaintenancePolicy defaults = config.policy();
        if (!config.enabled() || !role.runsWriter()) {
            return;
        }
        thread = new Thread(() -> runPasses(defaults), "table-maintenance");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    private void runPasses(MaintenancePolicy defaults) {
        LowPriority.lowerCurrentThread();
        sleep(config.initialDelay());
        CatalogMaintenance maintenance = null;
        while (!stopping) {
            try {
                if (maintenance == null) {
                    maintenance = new CatalogMaintenance(
                            service.catalog(),
                            defaults,
                            config.orphans().interval(),
                            config.idleTableInterval(),
                            quiet,
                            Clock.systemUTC(),
                            metrics::record);
                }
                CatalogMaintenance.Pass pass = maintenance.runOnce(() -> stopping);
                metrics.pass(pass);
                LOG.debugf(
                        "Maintenance pass: %s tables in %s, %s left alone as nothing changed, %s failed",
                        pass.tables(), pass.duration(), pass.quiet(), pass.failed());
            } catch (RuntimeException e) {
                LOG.warnf("Maintenance pass failed: %s; trying again in %s", e.toString(), config.interval());
            }
            sleep(config.interval());
        }
    }

    /** The catalog announced a change to {@code table}: the next pass looks at it. */
    public void tableChanged(TableIdentifier table) {
        quiet.changed(table);
    }

    /**
     * Whether the catalog's events are being followed. Passes leave unchanged tables alone only while they are; a
     * (re)connection makes every table due, since changes may have been missed.
     */
    public void changesFollowed(boolean followed) {
        quiet.followed(followed);
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        // Not interrupted: a commit in flight finishes rather than leave its outcome unknown.
        stopped.countDown();
        Thread t = thread;
        if (t != null) {
            try {
                t.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void sleep(Duration duration) {
        try {
            stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }
}
