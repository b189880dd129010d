package io.tributary.governance.core;

/** The catalog, which knows tables, columns and tags, cannot be asked right now. */
public class CatalogUnavailableException extends RuntimeException {
    public CatalogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
