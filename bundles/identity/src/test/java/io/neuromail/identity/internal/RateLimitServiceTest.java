package io.neuromail.identity.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.neuromail.api.security.RateLimits;

class RateLimitServiceTest {

    @Test
    void aLimiterGivesItsBurstPerKeyThenSaysHowLongToWait() {
        RateLimits.Limiter limiter = new RateLimitService().limiter(3, Duration.ofMinutes(1), 100);
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.tryAcquire("203.0.113.7").allowed());
        }
        RateLimits.Decision refused = limiter.tryAcquire("203.0.113.7");
        assertFalse(refused.allowed());
        assertTrue(refused.retryAfterSeconds() >= 1 && refused.retryAfterSeconds() <= 20, refused.toString());
        assertEquals(new RateLimits.Decision(true, 0), limiter.tryAcquire("198.51.100.1"));
    }
}
