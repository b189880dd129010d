package io.tributary.ingest.writer;

/** Where records go that cannot be written to their table. */
public interface DeadLetterSink {

    /** Sends one dead letter; may return before it is durable. */
    void send(String key, byte[] value);

    /** Returns once every letter sent so far is durable, or throws: offsets past them are only committed after. */
    void flush();

    /**
     * Returns once every letter sent so far under {@code key} is durable, or throws. Tables commit on several
     * threads at once; each waits for its own letters only.
     */
    default void flush(String key) {
        flush();
    }

    DeadLetterSink NONE = new DeadLetterSink() {
        @Override
        public void send(String key, byte[] value) {
            throw new IllegalStateException("No dead-letter topic is configured");
        }

        @Override
        public void flush() {}
    };
}
