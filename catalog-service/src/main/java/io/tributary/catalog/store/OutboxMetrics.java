package io.tributary.catalog.store;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code tributary_catalog_outbox_pending_events}: catalog events written but not yet on Kafka.
 * A growing value means Kafka is unreachable or the relay is stuck; NaN means the database is.
 */
@ApplicationScoped
public class OutboxMetrics {

    private final AgroalDataSource dataSource;
    private final CatalogSchemaMigration schema;

    OutboxMetrics(AgroalDataSource dataSource, @Readiness CatalogSchemaMigration schema) {
        this.dataSource = dataSource;
        this.schema = schema;
    }

    void register(@Observes StartupEvent start, MeterRegistry registry) {
        Gauge.builder("tributary.catalog.outbox.pending.events", this, OutboxMetrics::pending)
                .description("Catalog events committed to PostgreSQL and not yet published to Kafka")
                .register(registry);
    }

    double pending() {
        if (!schema.isMigrated()) {
            return Double.NaN;
        }
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows =
                        statement.executeQuery("SELECT count(*) FROM catalog_outbox WHERE published_at IS NULL")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            return Double.NaN;
        }
    }
}
