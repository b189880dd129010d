package io.tributary.ingest.store;

import io.quarkus.runtime.Startup;
import io.tributary.auth.health.SchemaMigrationBase;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Brings the ingest database to the latest schema, retrying until PostgreSQL is reachable. Not a readiness check:
 * the database only serves idempotency keys, and requests without one work while it is down
 * ({@link IdempotencyStoreHealth} reports its state).
 */
@Startup
@ApplicationScoped
public class IngestSchemaMigration extends SchemaMigrationBase {}
