package io.tributary.governance.core;

import java.util.List;
import java.util.Optional;

/** The catalog as governance sees it: which tables exist, with which columns and tags. */
public interface CatalogLookup {

    /**
     * @return the table, or empty when the catalog has no such table
     * @throws CatalogUnavailableException when the catalog cannot be asked
     */
    Optional<TableInfo> table(TableRef ref);

    /** Forgets what is cached about a table (its tags or schema changed, or it is gone). */
    default void invalidate(TableRef ref) {}

    /** The tables of a namespace, for listing; may be empty when the catalog cannot list. */
    default List<TableRef> tables(String namespace) {
        return List.of();
    }
}
