package io.tributary.ingest.core;

/**
 * Remembers the receipt given for each {@code Idempotency-Key}, per producer and table, so a retried request is
 * answered with the original receipt instead of being written to Kafka again. A key is claimed before anything is
 * published and completed with the receipt afterwards; keys are kept for a configured window.
 */
public interface IdempotencyStore {

    /**
     * Claims {@code key} for a request whose body has {@code fingerprint}, or reports why it cannot be claimed.
     *
     * @throws StoreUnavailableException when the store cannot be reached; nothing was claimed
     */
    Claim claim(Key key, byte[] fingerprint);

    /** Records the receipt of a claimed key: later requests with the key and the same body get it back. */
    void complete(Key key, Receipt receipt);

    /** Gives up a claimed key after a failure, so a retry may use it again. */
    void release(Key key);

    /** Deletes the keys whose window has passed; answers how many. */
    int purgeExpired();

    /** One key of one producer for one table. */
    record Key(String producer, TableId table, String key) {}

    sealed interface Claim {}

    /** The key was free (or expired): this request owns it now. */
    record Claimed() implements Claim {}

    /** The key was used before with the same body: answer with this receipt, publish nothing. */
    record Replay(Receipt receipt) implements Claim {}

    /** The key was used before with a different body (or media type, or mode). */
    record Mismatch() implements Claim {}

    /** Another request with the key is still being processed. */
    record InFlight() implements Claim {}

    class StoreUnavailableException extends RuntimeException {
        public StoreUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
