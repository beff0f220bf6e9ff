package io.neuromail.tracking.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    final AtomicLong nanos = new AtomicLong(1_000);

    @Test
    void aBurstOfPermitsThenOneEveryMinuteOverPermits() {
        RateLimiter limiter = new RateLimiter(6, 10, nanos::get);
        for (int i = 0; i < 6; i++) {
            assertTrue(limiter.tryAcquire("a").allowed());
        }
        RateLimiter.Decision refused = limiter.tryAcquire("a");
        assertFalse(refused.allowed());
        assertEquals(10, refused.retryAfterSeconds());
        nanos.addAndGet(Duration.ofSeconds(4).toNanos());
        assertEquals(6, limiter.tryAcquire("a").retryAfterSeconds());
        nanos.addAndGet(Duration.ofSeconds(6).toNanos());
        assertTrue(limiter.tryAcquire("a").allowed());
        assertFalse(limiter.tryAcquire("a").allowed());
        nanos.addAndGet(Duration.ofHours(1).toNanos());
        for (int i = 0; i < 6; i++) {
            assertTrue(limiter.tryAcquire("a").allowed(), "refilled to the burst, never beyond");
        }
        assertFalse(limiter.tryAcquire("a").allowed());
    }

    @Test
    void remembersAtMostMaxKeysAndForgetsFullBucketsBeforeEmptyOnes() {
        RateLimiter limiter = new RateLimiter(2, 10, nanos::get);
        limiter.tryAcquire("attacker");
        limiter.tryAcquire("attacker");
        assertFalse(limiter.tryAcquire("attacker").allowed());
        for (int i = 0; i < 1000; i++) {
            limiter.tryAcquire("junk-" + i);
            assertTrue(limiter.trackedKeys() <= 10);
        }
        assertFalse(limiter.tryAcquire("attacker").allowed(), "junk keys cannot flush an empty bucket");
    }

    @Test
    void limitsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(10, 0));
    }
}
