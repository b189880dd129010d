package io.tributary.ingest.store;

import io.tributary.ingest.config.IngestConfig;
import io.tributary.ingest.core.IdempotencyStore;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import javax.sql.DataSource;

/** The core's {@link IdempotencyStore}, in PostgreSQL, with {@code tributary.ingest.idempotency.*}. */
@Singleton
public class IdempotencyStoreProducer {

    @Produces
    @Singleton
    IdempotencyStore idempotencyStore(DataSource dataSource, IngestConfig config) {
        IngestConfig.Idempotency idempotency = config.idempotency();
        return new PostgresIdempotencyStore(dataSource, idempotency.window(), idempotency.lease(), Clock.systemUTC());
    }
}
