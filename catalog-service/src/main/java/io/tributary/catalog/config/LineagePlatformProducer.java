package io.tributary.catalog.config;

import io.tributary.catalog.core.lineage.LineageRetention;
import io.tributary.catalog.core.lineage.LineageStore;
import io.tributary.catalog.core.lineage.TableLineage;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Wires the platform's own lineage features (per-table lineage, impact analysis, retention) to their stores. */
public class LineagePlatformProducer {

    @Produces
    @Singleton
    TableLineage tableLineage(LineageStore store) {
        return new TableLineage(store);
    }

    @Produces
    @Singleton
    LineageRetention retention(LineageRetention.Store store) {
        return new LineageRetention(store, Clock.systemUTC());
    }
}
