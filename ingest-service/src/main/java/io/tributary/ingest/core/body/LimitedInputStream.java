package io.tributary.ingest.core.body;

import java.io.InputStream;

/** Fails with {@link BodyTooLargeException} as soon as more than {@code limit} bytes have been read. */
public final class LimitedInputStream extends CountingInputStream {

    private final long limit;

    public LimitedInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    protected void counted(long n) throws BodyTooLargeException {
        if (count() > limit) {
            throw new BodyTooLargeException(limit);
        }
    }
}
