package io.tributary.ingest.core;

import io.tributary.ingest.core.body.CountingInputStream;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the bytes and records held by all requests at once. A request reserves budget as its body streams in and
 * as its records are read, before they are kept in memory, and gives all of it back when it ends; a reservation that
 * does not fit fails with {@link OverloadedException}, so overload turns into 429s instead of memory growth.
 */
public final class InFlightBudget {

    private final long maxBytes;
    private final long maxRecords;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong records = new AtomicLong();

    public InFlightBudget(long maxBytes, long maxRecords) {
        if (maxBytes <= 0 || maxRecords <= 0) {
            throw new IllegalArgumentException("in-flight limits must be positive");
        }
        this.maxBytes = maxBytes;
        this.maxRecords = maxRecords;
    }

    /** No bound: for tests of other behaviour. */
    public static InFlightBudget unbounded() {
        return new InFlightBudget(Long.MAX_VALUE, Long.MAX_VALUE);
    }

    public long bytesInFlight() {
        return bytes.get();
    }

    public long recordsInFlight() {
        return records.get();
    }

    public long maxBytes() {
        return maxBytes;
    }

    public long maxRecords() {
        return maxRecords;
    }

    public Reservation open() {
        return new Reservation();
    }

    private static boolean tryAdd(AtomicLong counter, long amount, long max) {
        while (true) {
            long current = counter.get();
            if (amount > max - current) {
                return false;
            }
            if (counter.compareAndSet(current, current + amount)) {
                return true;
            }
        }
    }

    /**
     * One request's share; closing it returns everything it reserved, once, and nothing can be reserved after. A body
     * may be received on one thread and read on another, and the request may end (its client gone) on a third while
     * the second still reads: every method holds the reservation's lock, so that a close never misses a reservation
     * made at the same moment.
     */
    public final class Reservation implements AutoCloseable {
        private long heldBytes;
        private long heldRecords;
        private boolean closed;

        /** Reserves {@code amount} bytes more, or throws. */
        public synchronized void reserveBytes(long amount) {
            if (amount <= 0) {
                return;
            }
            if (closed || !tryAdd(bytes, amount, maxBytes)) {
                throw new OverloadedException("The service is holding as many bytes of requests as it may (" + maxBytes
                        + "); retry later. Nothing of this request was published.");
            }
            heldBytes += amount;
        }

        /** Reserves one record more, or throws. */
        public synchronized void reserveRecord() {
            if (closed || !tryAdd(records, 1, maxRecords)) {
                throw new OverloadedException("The service is holding as many records of requests as it may ("
                        + maxRecords + "); retry later. Nothing of this request was published.");
            }
            heldRecords++;
        }

        /**
         * The body, reserving each chunk as it is read. {@code declaredLength} (the Content-Length, or -1) is
         * reserved at once, so a request that cannot fit is refused before any of it is read.
         */
        public InputStream meter(InputStream body, long declaredLength) {
            if (declaredLength > 0) {
                reserveBytes(declaredLength);
            }
            long prepaid = Math.max(declaredLength, 0);
            return new CountingInputStream(body) {
                @Override
                protected void counted(long n) {
                    reserveBytes(Math.min(n, count() - prepaid));
                }
            };
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                bytes.addAndGet(-heldBytes);
                records.addAndGet(-heldRecords);
                heldBytes = 0;
                heldRecords = 0;
            }
        }
    }

    /** All requests together hold as much as they may; the caller may retry once some have finished. */
    public static final class OverloadedException extends RuntimeException {
        public OverloadedException(String message) {
            super(message);
        }
    }
}
