package io.tributary.ingest.config;

import io.tributary.ingest.core.AuditSink;
import io.tributary.ingest.core.BatchValidator;
import io.tributary.ingest.core.ContractInsertAuthorizer;
import io.tributary.ingest.core.ContractSource;
import io.tributary.ingest.core.IdempotencyStore;
import io.tributary.ingest.core.InFlightBudget;
import io.tributary.ingest.core.IngestLimits;
import io.tributary.ingest.core.Ingestor;
import io.tributary.ingest.core.InsertAuthorizer;
import io.tributary.ingest.core.RecordPublisher;
import io.tributary.ingest.core.ValidationLimits;
import io.tributary.ingest.store.PostgresIdempotencyStore;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import javax.sql.DataSource;

/** Builds the framework-free core from configuration. */
@Singleton
public class CoreBeans {

    @Produces
    @Singleton
    IngestLimits limits(IngestConfig config) {
        IngestConfig.Limits limits = config.limits();
        return new IngestLimits(limits.maxBodyBytes(), limits.maxRecords(), limits.maxRecordBytes(), limits.maxReportedErrors(),
                new ValidationLimits(limits.maxDepth(), limits.maxStringLength()));
    }

    @Produces
    @Singleton
    InFlightBudget inFlightBudget(IngestConfig config) {
        return new InFlightBudget(config.limits().maxInFlightBytes(), config.limits().maxInFlightRecords());
    }

    @Produces
    @Singleton
    InsertAuthorizer insertAuthorizer(IngestConfig config) {
        return switch (config.authorization().kind()) {
            case CONTRACT -> new ContractInsertAuthorizer();
        };
    }

    @Produces
    @Singleton
    IdempotencyStore idempotencyStore(DataSource dataSource, IngestConfig config) {
        IngestConfig.Idempotency idempotency = config.idempotency();
        return new PostgresIdempotencyStore(dataSource, idempotency.window(), idempotency.lease(), Clock.systemUTC());
    }

    @Produces
    @Singleton
    Ingestor ingestor(ContractSource contracts, IngestLimits limits, RecordPublisher publisher, InsertAuthorizer authorizer,
                      IdempotencyStore idempotency, InFlightBudget budget, AuditSink audit) {
        return new Ingestor(contracts, new BatchValidator(limits), publisher, authorizer, idempotency, budget, audit,
                Clock.systemUTC());
    }
}
