package io.tributary.governance.store;

import io.tributary.governance.core.PolicyService;
import io.tributary.governance.core.PolicySet;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * The policy set decisions are made from, held in memory. It is reloaded when a policy-change event arrives (any
 * replica's change, within the outbox relay's and the consumer's polling time), after each change made here, and at
 * an interval in case an event was missed. Until the first load, it is empty: everything is denied.
 */
public final class LivePolicies implements PolicyService.PolicyCache {

    private static final Logger LOG = Logger.getLogger(LivePolicies.class);

    private final PostgresPolicyStore store;
    private final BooleanSupplier schemaReady;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "policy-reload");
        thread.setDaemon(true);
        return thread;
    });
    private volatile PolicySet current = PolicySet.EMPTY;
    private volatile boolean loaded;
    private boolean bootstrapChecked;
    private volatile long lastLoad = System.nanoTime();

    public LivePolicies(PostgresPolicyStore store, BooleanSupplier schemaReady, Duration interval) {
        this.store = store;
        this.schemaReady = schemaReady;
        long intervalNanos = interval.toNanos();
        timer.scheduleWithFixedDelay(
                () -> {
                    if (!loaded || System.nanoTime() - lastLoad > intervalNanos) {
                        reloadQuietly();
                    }
                },
                0,
                500,
                TimeUnit.MILLISECONDS);
    }

    private void reloadQuietly() {
        if (!schemaReady.getAsBoolean()) {
            return;
        }
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warnf("Could not reload policies; deciding from revision %d: %s", current.revision(), e.getMessage());
        }
    }

    @Override
    public PolicySet current() {
        return current;
    }

    /** Whether the policies have been read at least once. */
    public boolean loaded() {
        return loaded;
    }

    @Override
    public synchronized void refresh() {
        // Whoever loads first (this timer or a policy-change event) writes the bootstrap policies to a new database.
        if (!bootstrapChecked) {
            if (store.bootstrapIfEmpty()) {
                LOG.info("Wrote the bootstrap policies to a new governance database");
            }
            bootstrapChecked = true;
        }
        PolicySet fresh = store.load();
        // Loads may overtake each other; an older revision never replaces a newer one.
        if (fresh.revision() >= current.revision()) {
            if (fresh.revision() != current.revision()) {
                LOG.debugf(
                        "Policies now at revision %d (%d policies)",
                        fresh.revision(), fresh.policies().size());
            }
            current = fresh;
        }
        loaded = true;
        lastLoad = System.nanoTime();
    }

    public void close() {
        timer.shutdownNow();
    }
}
