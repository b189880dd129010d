package io.tributary.ingest.core;

import java.util.Optional;

/**
 * Where ingest contracts come from. {@code tributary.ingest.contracts.kind} picks the implementation: the catalog
 * in a deployment, a static file for local work and tests.
 */
public interface ContractSource {

    /**
     * The current contract of a table, or empty when no such table accepts records.
     *
     * @throws ContractUnavailableException when the source cannot answer right now
     */
    Optional<IngestContract> find(TableId table);

    /** Thrown when the source of contracts cannot be reached or answers nonsense; a retry may succeed. */
    class ContractUnavailableException extends RuntimeException {
        public ContractUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
