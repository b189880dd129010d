package io.tributary.auth.health;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * Applies a service's Flyway migrations in the background and keeps retrying while the database is down,
 * so a briefly unavailable database delays readiness instead of preventing startup. A service declares a
 * subclass as a {@code @Startup @Readiness @ApplicationScoped} bean.
 */
public abstract class SchemaMigrationBase implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(SchemaMigrationBase.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration MAX_RETRY = Duration.ofSeconds(10);

    @Inject
    Flyway flyway;

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "schema-migration");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean migrated;
    private volatile String lastError = "not attempted yet";
    private volatile int attempts;
    private volatile Instant migratedAt;

    @PostConstruct
    void begin() {
        executor.execute(() -> attempt(FIRST_RETRY));
    }

    @PreDestroy
    void end() {
        executor.shutdownNow();
    }

    private void attempt(Duration nextDelay) {
        attempts++;
        try {
            var result = flyway.migrate();
            migrated = true;
            migratedAt = Instant.now();
            LOG.infof(
                    "Database schema is at version %s (%d migrations applied now)",
                    flyway.info().current() == null
                            ? "none"
                            : flyway.info().current().getVersion(),
                    result.migrationsExecuted);
        } catch (RuntimeException e) {
            lastError = rootMessage(e);
            LOG.warnf(
                    "Database schema migration failed (attempt %d), retrying in %d ms: %s",
                    attempts, nextDelay.toMillis(), lastError);
            Duration following =
                    nextDelay.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : nextDelay.multipliedBy(2);
            executor.schedule(() -> attempt(following), nextDelay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    public boolean isMigrated() {
        return migrated;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response =
                HealthCheckResponse.named("database-schema").status(migrated);
        if (migrated) {
            response.withData("migratedAt", migratedAt.toString());
        } else {
            response.withData("attempts", attempts).withData("lastError", lastError);
        }
        return response.build();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
