package io.tributary.ingest.core.body;

import java.io.IOException;

/** The body is longer than the configured limit. An IOException so that it passes through parsers unchanged. */
public class BodyTooLargeException extends IOException {

    private final long limit;

    public BodyTooLargeException(long limit) {
        super("The body is larger than the limit of " + limit + " bytes.");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
