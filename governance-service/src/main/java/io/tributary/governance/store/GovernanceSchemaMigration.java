package io.tributary.governance.store;

import io.quarkus.runtime.Startup;
import io.tributary.auth.health.SchemaMigrationBase;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.Readiness;

/** Brings the governance database to the latest schema, retrying until PostgreSQL is reachable. */
@Startup
@Readiness
@ApplicationScoped
public class GovernanceSchemaMigration extends SchemaMigrationBase {}
