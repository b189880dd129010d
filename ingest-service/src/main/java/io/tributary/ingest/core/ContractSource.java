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

    /**
     * The table's contract may have changed (schema, producers, rename): the next {@link #find} asks the source again.
     *
     * @param gone the table was dropped, so a cached contract must not be used even when the source is unreachable
     */
    default void invalidate(TableId table, boolean gone) {}

    /** Any contract may have changed (e.g. a namespace was dropped, or events were missed). */
    default void invalidateAll() {}

    /** Thrown when the source of contracts cannot be reached or answers nonsense; a retry may succeed. */
    class ContractUnavailableException extends RuntimeException {
        public ContractUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
