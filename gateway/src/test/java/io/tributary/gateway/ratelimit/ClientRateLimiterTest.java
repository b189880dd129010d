package io.tributary.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClientRateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private void advance(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void allowsTheBurstThenRefusesWithRetryAfter() {
        ClientRateLimiter limiter = new ClientRateLimiter(2, 5, 100, now::get);
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryAcquire("app").allowed()).isTrue();
        }
        RateLimitDecision denied = limiter.tryAcquire("app");
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void refillsAtTheConfiguredRate() {
        ClientRateLimiter limiter = new ClientRateLimiter(2, 1, 100, now::get);
        assertThat(limiter.tryAcquire("app").allowed()).isTrue();
        assertThat(limiter.tryAcquire("app").allowed()).isFalse();
        advance(499);
        assertThat(limiter.tryAcquire("app").allowed()).isFalse();
        advance(1);
        assertThat(limiter.tryAcquire("app").allowed()).isTrue();
    }

    @Test
    void retryAfterRoundsUpToWholeSecondsAndIsAtLeastOne() {
        ClientRateLimiter slow = new ClientRateLimiter(0.1, 1, 100, now::get);
        slow.tryAcquire("app");
        assertThat(slow.tryAcquire("app").retryAfterSeconds()).isEqualTo(10);
        ClientRateLimiter fast = new ClientRateLimiter(1000, 1, 100, now::get);
        fast.tryAcquire("app");
        assertThat(fast.tryAcquire("app").retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void clientsHaveSeparateBuckets() {
        ClientRateLimiter limiter = new ClientRateLimiter(1, 1, 100, now::get);
        assertThat(limiter.tryAcquire("a").allowed()).isTrue();
        assertThat(limiter.tryAcquire("a").allowed()).isFalse();
        assertThat(limiter.tryAcquire("b").allowed()).isTrue();
    }

    @Test
    void idleClientsAreForgottenSoMemoryStaysBounded() {
        ClientRateLimiter limiter = new ClientRateLimiter(10, 10, 50, now::get);
        for (int i = 0; i < 10_000; i++) {
            limiter.tryAcquire("client-" + i);
            advance(1);
        }
        assertThat(limiter.trackedClients()).isLessThanOrEqualTo(51);
    }

    @Test
    void boundHoldsEvenWhenNoClientIsIdle() {
        ClientRateLimiter limiter = new ClientRateLimiter(1, 100, 20, now::get);
        for (int i = 0; i < 1_000; i++) {
            limiter.tryAcquire("client-" + i);
        }
        assertThat(limiter.trackedClients()).isLessThanOrEqualTo(21);
    }

    @Test
    void forgettingAFullBucketChangesNothingForItsClient() {
        ClientRateLimiter limiter = new ClientRateLimiter(1, 3, 2, now::get);
        limiter.tryAcquire("a");
        advance(5_000);
        limiter.tryAcquire("b");
        advance(1);
        limiter.tryAcquire("c");
        assertThat(limiter.trackedClients()).isEqualTo(2);
        advance(1);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("a").allowed()).isTrue();
        }
        assertThat(limiter.tryAcquire("a").allowed()).isFalse();
        assertThat(limiter.trackedClients()).isEqualTo(2);
    }

    @Test
    void rejectsNonsenseSettings() {
        assertThatThrownBy(() -> new ClientRateLimiter(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientRateLimiter(1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
