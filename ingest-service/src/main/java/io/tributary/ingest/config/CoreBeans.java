package io.tributary.ingest.config;

import io.tributary.ingest.core.AuditSink;
import io.tributary.ingest.core.BatchValidator;
import io.tributary.ingest.core.ContractSource;
import io.tributary.ingest.core.IdempotencyStore;
import io.tributary.ingest.core.InFlightBudget;
import io.tributary.ingest.core.IngestLimits;
import io.tributary.ingest.core.Ingestor;
import io.tributary.ingest.core.InsertAuthorizer;
import io.tributary.ingest.core.RecordPublisher;
import io.tributary.ingest.core.ValidationLimits;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Builds the framework-free core from configuration. Adapters produce their own beans (for example
 * {@code store/IdempotencyStoreProducer}); the core gets them through its interfaces, so config imports no adapter.
 */
@Singleton
public class CoreBeans {

    @Produces
    @Singleton
    IngestLimits limits(IngestConfig config) {
        IngestConfig.Limits limits = config.limits();
        return new IngestLimits(
                limits.maxBodyBytes(),
                limits.maxRecords(),
                limits.maxRecordBytes(),
                limits.maxReportedErrors(),
                new ValidationLimits(limits.maxDepth(), limits.maxStringLength()));
    }

    @Produces
    @Singleton
    InFlightBudget inFlightBudget(IngestConfig config) {
        return new InFlightBudget(
                config.limits().maxInFlightBytes(), config.limits().maxInFlightRecords());
    }

    @Produces
    @Singleton
    Ingestor ingestor(
            ContractSource contracts,
            IngestLimits limits,
            RecordPublisher publisher,
            InsertAuthorizer authorizer,
            IdempotencyStore idempotency,
            InFlightBudget budget,
            AuditSink audit) {
        return new Ingestor(
                contracts,
                new BatchValidator(limits),
                publisher,
                authorizer,
                idempotency,
                budget,
                audit,
                Clock.systemUTC());
    }
}
