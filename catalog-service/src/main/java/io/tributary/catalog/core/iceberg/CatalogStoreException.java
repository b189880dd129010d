package io.tributary.catalog.core.iceberg;

/** The catalog's store failed; {@link #unavailable()} when it could not be reached at all. */
public class CatalogStoreException extends RuntimeException {

    private final boolean unavailable;

    public CatalogStoreException(String message, Throwable cause, boolean unavailable) {
        super(message, cause);
        this.unavailable = unavailable;
    }

    public boolean unavailable() {
        return unavailable;
    }
}
