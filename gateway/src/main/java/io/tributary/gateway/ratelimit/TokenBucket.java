package io.tributary.gateway.ratelimit;

/**
 * A classic token bucket: holds up to {@code capacity} tokens, refills continuously at {@code tokensPerSecond},
 * and every request takes one. Times are {@link System#nanoTime()}-style readings passed in by the caller.
 */
final class TokenBucket {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final double capacity;
    private final double tokensPerNano;
    private double tokens;
    private long refilledAt;
    private volatile long lastUsedAt;

    TokenBucket(double capacity, double tokensPerSecond, long now) {
        if (capacity < 1 || tokensPerSecond <= 0) {
            throw new IllegalArgumentException("capacity must be >= 1 and the rate > 0");
        }
        this.capacity = capacity;
        this.tokensPerNano = tokensPerSecond / NANOS_PER_SECOND;
        this.tokens = capacity;
        this.refilledAt = now;
        this.lastUsedAt = now;
    }

    /** Takes a token if there is one; otherwise answers how many nanoseconds until there will be. */
    synchronized long tryTake(long now) {
        refill(now);
        lastUsedAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / tokensPerNano);
    }

    /** A bucket that has refilled completely is indistinguishable from a new one, so it may be forgotten. */
    boolean isFullAt(long now) {
        return now - lastUsedAt >= nanosToFill();
    }

    long lastUsedAt() {
        return lastUsedAt;
    }

    private long nanosToFill() {
        return (long) Math.ceil(capacity / tokensPerNano);
    }

    private void refill(long now) {
        long elapsed = now - refilledAt;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * tokensPerNano);
            refilledAt = now;
        }
    }
}
