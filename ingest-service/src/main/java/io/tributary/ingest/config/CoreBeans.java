package io.tributary.ingest.config;

import io.tributary.ingest.core.BatchValidator;
import io.tributary.ingest.core.ContractSource;
import io.tributary.ingest.core.IngestLimits;
import io.tributary.ingest.core.Ingestor;
import io.tributary.ingest.core.RecordPublisher;
import io.tributary.ingest.core.ValidationLimits;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

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
    Ingestor ingestor(ContractSource contracts, IngestLimits limits, RecordPublisher publisher) {
        return new Ingestor(contracts, new BatchValidator(limits), publisher, Clock.systemUTC());
    }
}
