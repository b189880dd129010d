package io.tributary.ingest.maintenance;

/** Why an admin's maintenance request was not run. */
public final class MaintenanceExceptions {

    private MaintenanceExceptions() {}

    /** The catalog has no such table. */
    public static final class UnknownTableException extends RuntimeException {
        public UnknownTableException(String table) {
            super("No table " + table + " in the catalog.");
        }
    }

    /** The catalog cannot be reached or failed; nothing was done. */
    public static final class CatalogUnavailableException extends RuntimeException {
        public CatalogUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
