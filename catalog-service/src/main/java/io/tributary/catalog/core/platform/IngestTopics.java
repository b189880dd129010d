package io.tributary.catalog.core.platform;

/** Creates a table's ingest topic in Kafka. */
public interface IngestTopics {

    /**
     * Makes sure the topic exists; an existing topic is left as it is.
     *
     * @throws Unavailable when Kafka cannot be reached or refuses
     */
    void ensure(String topic) throws Unavailable;

    /** Kafka could not be asked or did not answer; nothing was created by the caller yet. */
    final class Unavailable extends Exception {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
