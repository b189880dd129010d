package io.tributary.gateway.ratelimit;

/**
 * The outcome of asking for one request's worth of quota.
 *
 * @param allowed           whether the request may proceed
 * @param retryAfterSeconds when denied, whole seconds until a retry can succeed (at least 1); 0 when allowed
 */
public record RateLimitDecision(boolean allowed, long retryAfterSeconds) {

    static final RateLimitDecision ALLOWED = new RateLimitDecision(true, 0);

    static RateLimitDecision deniedFor(long nanos) {
        return new RateLimitDecision(false, Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
    }
}
