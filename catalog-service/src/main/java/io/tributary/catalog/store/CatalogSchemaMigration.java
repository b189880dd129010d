package io.tributary.catalog.store;

import io.quarkus.runtime.Startup;
import io.tributary.auth.health.SchemaMigrationBase;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.Readiness;

/** Brings the catalog database to the latest schema, retrying until PostgreSQL is reachable. */
@Startup
@Readiness
@ApplicationScoped
public class CatalogSchemaMigration extends SchemaMigrationBase {}
