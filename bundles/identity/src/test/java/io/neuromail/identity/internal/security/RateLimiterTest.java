package io.neuromail.identity.internal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.bucket4j.TimeMeter;
import io.neuromail.identity.internal.security.RateLimiter.Decision;

class RateLimiterTest {

    /** Time that only moves when a test says so. */
    private static final class ManualTime implements TimeMeter {
        private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

        @Override
        public long currentTimeNanos() {
            return nanos.get();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }

        void advance(Duration by) {
            nanos.addAndGet(by.toNanos());
        }
    }

    private final ManualTime time = new ManualTime();
    private ExecutorService pool;

    @AfterEach
    void stopPool() throws InterruptedException {
        if (pool != null) {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void allowsPermitsThenRefusesWithRetryAfter() {
        RateLimiter limiter = new RateLimiter(5, Duration.ofMinutes(15), 100, time);

        for (int i = 0; i < 5; i++) {
            assertEquals(new Decision(true, 0), limiter.tryAcquire("jane@example.com"), "attempt " + i);
        }
        Decision refused = limiter.tryAcquire("jane@example.com");

        assertFalse(refused.allowed());
        // One permit comes back every 15 min / 5 = 180 s.
        assertEquals(180, refused.retryAfterSeconds());
    }

    @Test
    void retryAfterIsPositiveAndNeverMoreThanTheWindow() {
        RateLimiter limiter = new RateLimiter(1, Duration.ofSeconds(60), 100, time);
        limiter.tryAcquire("k");

        for (int elapsed = 0; elapsed < 60; elapsed++) {
            Decision decision = limiter.tryAcquire("k");
            assertFalse(decision.allowed(), "after " + elapsed + " s");
            assertTrue(decision.retryAfterSeconds() >= 1 && decision.retryAfterSeconds() <= 60, decision.toString());
            assertEquals(60 - elapsed, decision.retryAfterSeconds());
            time.advance(Duration.ofSeconds(1));
        }
        assertTrue(limiter.tryAcquire("k").allowed());
    }

    @Test
    void retryAfterRoundsUpToWholeSeconds() {
        RateLimiter limiter = new RateLimiter(3, Duration.ofSeconds(10), 100, time);
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("k");
        }

        assertEquals(4, limiter.tryAcquire("k").retryAfterSeconds()); // 3.33 s
        time.advance(Duration.ofSeconds(3));
        assertEquals(1, limiter.tryAcquire("k").retryAfterSeconds()); // 0.33 s
    }

    @Test
    void subSecondWindowsStillSayAtLeastOneSecond() {
        RateLimiter limiter = new RateLimiter(1, Duration.ofMillis(200), 100, time);
        limiter.tryAcquire("k");

        assertEquals(new Decision(false, 1), limiter.tryAcquire("k"));
    }

    @Test
    void permitsComeBackGradually() {
        RateLimiter limiter = new RateLimiter(4, Duration.ofMinutes(4), 100, time);
        for (int i = 0; i < 4; i++) {
            limiter.tryAcquire("k");
        }

        time.advance(Duration.ofSeconds(59));
        assertFalse(limiter.tryAcquire("k").allowed());
        time.advance(Duration.ofSeconds(1));
        assertTrue(limiter.tryAcquire("k").allowed());
        assertFalse(limiter.tryAcquire("k").allowed());

        time.advance(Duration.ofHours(1));
        for (int i = 0; i < 4; i++) {
            assertTrue(limiter.tryAcquire("k").allowed(), "a full bucket again, attempt " + i);
        }
        assertFalse(limiter.tryAcquire("k").allowed(), "but never more than the capacity");
    }

    @Test
    void keysAreLimitedIndependently() {
        RateLimiter limiter = new RateLimiter(2, Duration.ofMinutes(1), 100, time);
        limiter.tryAcquire("a");
        limiter.tryAcquire("a");

        assertFalse(limiter.tryAcquire("a").allowed());
        assertTrue(limiter.tryAcquire("b").allowed());
        assertTrue(limiter.tryAcquire("b").allowed());
        assertFalse(limiter.tryAcquire("b").allowed());
    }

    @Test
    void peekDoesNotConsume() {
        RateLimiter limiter = new RateLimiter(3, Duration.ofMinutes(1), 100, time);

        for (int i = 0; i < 10; i++) {
            assertEquals(new Decision(true, 0), limiter.peek("k"));
        }
        limiter.tryAcquire("k");
        for (int i = 0; i < 10; i++) {
            assertTrue(limiter.peek("k").allowed());
        }
        assertTrue(limiter.tryAcquire("k").allowed());
        assertTrue(limiter.tryAcquire("k").allowed());

        Decision peeked = limiter.peek("k");
        assertEquals(new Decision(false, 20), peeked);
        assertEquals(peeked, limiter.tryAcquire("k"));
        assertEquals(peeked, limiter.peek("k"));
    }

    @Test
    void peekAtAnUnknownKeyRemembersNothing() {
        RateLimiter limiter = new RateLimiter(3, Duration.ofMinutes(1), 100, time);

        for (int i = 0; i < 1_000; i++) {
            assertTrue(limiter.peek("probe-" + i).allowed());
        }
        assertEquals(0, limiter.trackedKeys());
    }

    @Test
    void resetGivesAFullBucketAndForgetsTheKey() {
        RateLimiter limiter = new RateLimiter(2, Duration.ofMinutes(10), 100, time);
        limiter.tryAcquire("k");
        limiter.tryAcquire("k");
        assertFalse(limiter.peek("k").allowed());

        limiter.reset("k");

        assertEquals(0, limiter.trackedKeys());
        assertTrue(limiter.tryAcquire("k").allowed());
        assertTrue(limiter.tryAcquire("k").allowed());
        assertFalse(limiter.tryAcquire("k").allowed());
        limiter.reset("never-seen");
    }

    @Test
    void exactlyPermitsAreAllowedWhenManyThreadsHammerOneKey() throws Exception {
        int permits = 25;
        RateLimiter limiter = new RateLimiter(permits, Duration.ofMinutes(1), 100, time);
        pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger allowed = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            workers.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 500; i++) {
                    Decision decision = limiter.tryAcquire("victim@example.com");
                    if (decision.allowed()) {
                        allowed.incrementAndGet();
                    } else {
                        assertTrue(decision.retryAfterSeconds() >= 1 && decision.retryAfterSeconds() <= 60);
                        refused.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> worker : workers) {
            worker.get(30, TimeUnit.SECONDS);
        }

        assertEquals(permits, allowed.get());
        assertEquals(8 * 500 - permits, refused.get());
    }

    @Test
    void threadsCreatingTheSameNewKeyShareOneBucket() throws Exception {
        RateLimiter limiter = new RateLimiter(1, Duration.ofMinutes(1), 1_000, time);
        pool = Executors.newFixedThreadPool(8);
        for (int round = 0; round < 200; round++) {
            String key = "key-" + round;
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> attempts = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                attempts.add(pool.submit(() -> {
                    start.await();
                    return limiter.tryAcquire(key).allowed();
                }));
            }
            start.countDown();
            int allowed = 0;
            for (Future<Boolean> attempt : attempts) {
                allowed += attempt.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertEquals(1, allowed, key);
        }
    }

    @Test
    void memoryStaysBoundedUnderAFloodOfKeys() {
        RateLimiter limiter = new RateLimiter(5, Duration.ofMinutes(1), 100, time);

        for (int i = 0; i < 20_000; i++) {
            assertTrue(limiter.tryAcquire("flood-" + i).allowed());
            assertTrue(limiter.trackedKeys() <= 100, "after " + i + ": " + limiter.trackedKeys());
        }
        assertTrue(limiter.trackedKeys() >= 90, "eviction drops a tenth, not everything");
    }

    @Test
    void memoryStaysBoundedWhenThreadsFloodKeys() throws Exception {
        RateLimiter limiter = new RateLimiter(5, Duration.ofMinutes(1), 50, time);
        pool = Executors.newFixedThreadPool(8);
        AtomicInteger maxSeen = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            workers.add(pool.submit(() -> {
                for (int i = 0; i < 5_000; i++) {
                    limiter.tryAcquire("t" + thread + "-" + i);
                    maxSeen.accumulateAndGet(limiter.trackedKeys(), Math::max);
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(60, TimeUnit.SECONDS);
        }

        assertTrue(maxSeen.get() <= 50, "peak " + maxSeen.get());
    }

    @Test
    void aFloodOfJunkKeysCannotFlushTheBucketUnderAttack() {
        RateLimiter limiter = new RateLimiter(5, Duration.ofMinutes(15), 10, time);
        for (int i = 0; i < 5; i++) {
            limiter.tryAcquire("victim@example.com");
        }

        // Each junk key costs the attacker one request and leaves 4 of 5 permits.
        for (int i = 0; i < 10_000; i++) {
            limiter.tryAcquire("junk-" + i + "@example.com");
        }

        assertFalse(limiter.peek("victim@example.com").allowed());
        assertFalse(limiter.tryAcquire("victim@example.com").allowed());
    }

    @Test
    void refilledBucketsGoFirstThenTheLeastRecentlyUsed() {
        RateLimiter limiter = new RateLimiter(2, Duration.ofMinutes(1), 3, time);
        limiter.tryAcquire("refilled");
        limiter.tryAcquire("old");
        limiter.tryAcquire("recent");
        time.advance(Duration.ofSeconds(30)); // "refilled" is full again ... and so are the others
        limiter.tryAcquire("old");
        limiter.tryAcquire("recent");

        limiter.tryAcquire("new-1"); // evicts "refilled": the only full bucket

        assertEquals(3, limiter.trackedKeys());
        assertTrue(limiter.tryAcquire("old").allowed());
        assertFalse(limiter.tryAcquire("old").allowed(), "'old' was kept: it had used a permit");
        assertEquals(3, limiter.trackedKeys());

        limiter.tryAcquire("new-2"); // all have one permit left but "old": the LRU of those is "recent"
        assertTrue(limiter.tryAcquire("recent").allowed());
        assertTrue(limiter.tryAcquire("recent").allowed(), "'recent' was dropped, so it starts full");
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(0, Duration.ofMinutes(1), 10));
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(1, Duration.ZERO, 10));
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(1, Duration.ofSeconds(-1), 10));
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(1, null, 10));
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(1, Duration.ofMinutes(1), 0));
        RateLimiter limiter = new RateLimiter(1, Duration.ofMinutes(1), 10);
        assertThrows(NullPointerException.class, () -> limiter.tryAcquire(null));
        assertThrows(NullPointerException.class, () -> limiter.peek(null));
        assertThrows(NullPointerException.class, () -> limiter.reset(null));
    }

    @Test
    void theSystemClockConstructorWorks() {
        RateLimiter limiter = new RateLimiter(1, Duration.ofHours(1), 10);

        assertTrue(limiter.tryAcquire("k").allowed());
        Decision refused = limiter.tryAcquire("k");
        assertFalse(refused.allowed());
        assertTrue(refused.retryAfterSeconds() > 3_500 && refused.retryAfterSeconds() <= 3_600);
    }
}
