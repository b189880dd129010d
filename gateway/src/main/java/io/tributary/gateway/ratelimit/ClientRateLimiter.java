package io.tributary.gateway.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One token bucket per client, in bounded memory. Buckets idle long enough to have refilled are dropped
 * (losslessly: a fresh bucket is full too); if the table is still over its bound, the longest-idle go first.
 */
public final class ClientRateLimiter {

    private static final int SWEEP_EVERY = 4096;

    private final double tokensPerSecond;
    private final int burst;
    private final int maxClients;
    private final LongSupplier clock;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicBoolean sweeping = new AtomicBoolean();

    public ClientRateLimiter(double tokensPerSecond, int burst, int maxClients) {
        this(tokensPerSecond, burst, maxClients, System::nanoTime);
    }

    public ClientRateLimiter(double tokensPerSecond, int burst, int maxClients, LongSupplier nanoClock) {
        if (tokensPerSecond <= 0 || burst < 1 || maxClients < 1) {
            throw new IllegalArgumentException("rate, burst and max clients must be positive");
        }
        this.tokensPerSecond = tokensPerSecond;
        this.burst = burst;
        this.maxClients = maxClients;
        this.clock = nanoClock;
    }

    public RateLimitDecision tryAcquire(String clientId) {
        long now = clock.getAsLong();
        TokenBucket bucket = buckets.computeIfAbsent(clientId, id -> new TokenBucket(burst, tokensPerSecond, now));
        long wait = bucket.tryTake(now);
        if (buckets.size() > maxClients || calls.incrementAndGet() % SWEEP_EVERY == 0) {
            sweep(now);
        }
        return wait == 0 ? RateLimitDecision.ALLOWED : RateLimitDecision.deniedFor(wait);
    }

    /** How many clients are tracked right now. */
    public int trackedClients() {
        return buckets.size();
    }

    private void sweep(long now) {
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        try {
            buckets.values().removeIf(bucket -> bucket.isFullAt(now));
            int excess = buckets.size() - maxClients;
            if (excess > 0) {
                // Snapshot the times first: buckets keep being used while we sort.
                buckets.entrySet().stream()
                        .map(entry -> Map.entry(entry.getKey(), entry.getValue().lastUsedAt()))
                        .sorted(Map.Entry.comparingByValue())
                        .limit(excess)
                        .forEach(entry -> buckets.remove(entry.getKey()));
            }
        } finally {
            sweeping.set(false);
        }
    }
}
