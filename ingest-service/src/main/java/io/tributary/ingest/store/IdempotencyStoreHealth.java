package io.tributary.ingest.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The idempotency store as a degraded-but-up dependency: always UP, since requests without an Idempotency-Key need
 * no database, with its state in the data so that an operator sees when keyed requests are answered 503.
 */
@Readiness
@ApplicationScoped
public class IdempotencyStoreHealth implements HealthCheck {

    @Inject
    IngestSchemaMigration migration;

    @Inject
    IdempotencyKeyPurger purger;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("idempotency-store").up();
        if (migration.isMigrated()) {
            response.withData("state", "ready");
        } else {
            response.withData(
                    "state",
                    "degraded: requests with an Idempotency-Key are answered 503 until the ingest "
                            + "database is reachable and migrated");
            migration
                    .call()
                    .getData()
                    .ifPresent(data -> data.forEach((k, v) -> response.withData(k, String.valueOf(v))));
        }
        if (purger.lastPurge() != null) {
            response.withData("lastPurge", purger.lastPurge().toString());
        }
        return response.build();
    }
}
