package io.tributary.ingest.core;

import java.util.Locale;

/** What happens to a request in which some records break the contract. */
public enum IngestMode {
    /** All or nothing: one bad record rejects the request and nothing is published. The default. */
    STRICT,
    /** Valid records are published; the others go to the dead-letter topic with their reasons. */
    PARTIAL;

    public static IngestMode parse(String text) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mode must be 'strict' or 'partial', not '" + text + "'");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
