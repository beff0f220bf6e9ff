package io.neuromail.identity.internal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class LoginDelayTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final LoginDelay delay = new LoginDelay(3, Duration.ofMinutes(15), Duration.ofSeconds(60), 100, nanos::get);

    @Test
    void failuresUpToTheThresholdCostNothing() {
        delay.failed("a");
        delay.failed("a");

        assertTrue(delay.check("a").allowed());
        assertTrue(delay.check("never-seen").allowed());
    }

    @Test
    void eachFailureBeyondTheThresholdDoublesTheWaitUpToTheMaximum() {
        for (int i = 0; i < 3; i++) {
            delay.failed("a");
        }
        long[] expected = {1, 2, 4, 8, 16, 32, 60, 60};
        for (long seconds : expected) {
            RateLimiter.Decision now = delay.check("a");
            assertEquals(new RateLimiter.Decision(false, seconds), now);
            advance(seconds * 1000 - 1);
            assertEquals(1, delay.check("a").retryAfterSeconds(), "a millisecond before the end still waits");
            advance(1);
            assertTrue(delay.check("a").allowed(), "after " + seconds + " s");
            delay.failed("a");
        }
    }

    @Test
    void theDelayIsPerKey() {
        for (int i = 0; i < 3; i++) {
            delay.failed("a");
        }

        assertEquals(false, delay.check("a").allowed());
        assertTrue(delay.check("b").allowed());
    }

    @Test
    void failuresAreForgottenAWindowAfterTheLatest() {
        for (int i = 0; i < 5; i++) {
            delay.failed("a");
        }
        advance(TimeUnit.MINUTES.toMillis(15) + 1);

        assertTrue(delay.check("a").allowed());
        assertEquals(0, delay.failures("a"));
        delay.failed("a");
        assertEquals(1, delay.failures("a"));
        assertTrue(delay.check("a").allowed());
    }

    @Test
    void memoryIsBoundedAndTheKeysUnderAttackStay() {
        LoginDelay small = new LoginDelay(3, Duration.ofMinutes(15), Duration.ofSeconds(60), 10, nanos::get);
        for (int i = 0; i < 5; i++) {
            small.failed("attacked");
        }
        for (int i = 0; i < 100; i++) {
            small.failed("junk-" + i);
        }

        assertEquals(5, small.failures("attacked"));
        assertEquals(false, small.check("attacked").allowed());
    }

    private void advance(long millis) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }
}
