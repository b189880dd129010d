package io.tributary.governance.core.pii;

import io.tributary.governance.core.TableRef;

/** Writes column tags to the catalog, leaving the column's other tags as they are. */
public interface CatalogTags {

    enum Result {
        ADDED,
        ALREADY_THERE,
        /** the table, or the column, no longer exists */
        NO_SUCH_COLUMN
    }

    /** @throws io.tributary.governance.core.CatalogUnavailableException when the catalog cannot be asked or changed */
    Result addTag(TableRef table, String column, String tag);
}
