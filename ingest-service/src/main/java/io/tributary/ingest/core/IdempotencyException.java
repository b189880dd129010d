package io.tributary.ingest.core;

/** A request's {@code Idempotency-Key} cannot be honoured as sent: reused with another body, or still in flight. */
public final class IdempotencyException extends RuntimeException {

    private final String key;

    public IdempotencyException(String key, String message) {
        super(message);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
