package io.tributary.governance.store;

/** The governance database cannot be used right now; the caller may retry. */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
