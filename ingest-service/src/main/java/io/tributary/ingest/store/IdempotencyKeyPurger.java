package io.tributary.ingest.store;

import io.quarkus.runtime.Startup;
import io.tributary.ingest.config.IngestConfig;
import io.tributary.ingest.core.IdempotencyStore;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Deletes idempotency keys past their window every {@code tributary.ingest.idempotency.purge-interval}. */
@Startup
@ApplicationScoped
public class IdempotencyKeyPurger {

    private static final Logger LOG = Logger.getLogger(IdempotencyKeyPurger.class);

    @Inject
    IdempotencyStore store;

    @Inject
    IngestSchemaMigration migration;

    @Inject
    IngestConfig config;

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "idempotency-purge");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Instant lastPurge;

    @PostConstruct
    void schedule() {
        long every = config.idempotency().purgeInterval().toMillis();
        executor.scheduleWithFixedDelay(this::purge, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    /** @return how many keys were deleted, or -1 when the store cannot be used now */
    public int purge() {
        if (!migration.isMigrated()) {
            return -1;
        }
        try {
            int purged = store.purgeExpired();
            lastPurge = Instant.now();
            if (purged > 0) {
                LOG.infof("Purged %d expired idempotency keys", purged);
            }
            return purged;
        } catch (RuntimeException e) {
            LOG.warnf("Expired idempotency keys not purged: %s", e.getMessage());
            return -1;
        }
    }

    public Instant lastPurge() {
        return lastPurge;
    }
}
