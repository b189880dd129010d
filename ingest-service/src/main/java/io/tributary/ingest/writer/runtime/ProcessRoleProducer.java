package io.tributary.ingest.writer.runtime;

import io.tributary.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** This process's {@link ProcessRole}, from {@code tributary.ingest.role}. */
@ApplicationScoped
public class ProcessRoleProducer {

    @Produces
    @Singleton
    ProcessRole role(IngestConfig config) {
        return ProcessRole.parse(config.role());
    }
}
