package io.tributary.governance.core.quality;

import io.tributary.governance.core.TableRef;

/** A rule for a table the catalog does not have. */
public class UnknownTableException extends RuntimeException {
    public UnknownTableException(TableRef table) {
        super("The catalog has no table " + table + ".");
    }
}
