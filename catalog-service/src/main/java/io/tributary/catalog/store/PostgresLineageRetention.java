package io.tributary.catalog.store;

import io.tributary.catalog.core.lineage.LineageRetention;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Batched deletes for {@link LineageRetention}. Each batch picks its rows with {@code SKIP LOCKED}, so replicas pruning
 * at the same time split the work instead of waiting on each other; a run's dataset versions go with it (ON DELETE
 * CASCADE).
 */
@ApplicationScoped
public class PostgresLineageRetention implements LineageRetention.Store {

    private final CatalogDatabase database;

    public PostgresLineageRetention(DataSource dataSource) {
        this.database = new CatalogDatabase(dataSource);
    }

    @Override
    public int pruneEvents(Instant before, int limit) {
        return delete(
                "DELETE FROM lineage_events WHERE event_key IN (SELECT event_key FROM lineage_events"
                        + " WHERE event_time < ? ORDER BY event_time LIMIT ? FOR UPDATE SKIP LOCKED)",
                before,
                limit);
    }

    @Override
    public int pruneRuns(Instant before, int limit) {
        return delete(
                "DELETE FROM lineage_runs WHERE run_id IN (SELECT r.run_id FROM lineage_runs r"
                        + " WHERE r.latest_event < ?"
                        + " AND r.run_id <> (SELECT x.run_id FROM lineage_runs x WHERE x.job_id = r.job_id"
                        + " ORDER BY coalesce(x.started_at, x.latest_event) DESC, x.run_id LIMIT 1)"
                        + " ORDER BY r.latest_event LIMIT ? FOR UPDATE SKIP LOCKED)",
                before,
                limit);
    }

    private int delete(String sql, Instant before, int limit) {
        return database.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(sql)) {
                delete.setTimestamp(1, Timestamp.from(before));
                delete.setInt(2, limit);
                return delete.executeUpdate();
            }
        });
    }
}
