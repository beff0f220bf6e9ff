package io.neuromail.identity.internal;

import java.time.Duration;

import org.osgi.service.component.annotations.Component;

import io.neuromail.api.security.RateLimits;
import io.neuromail.identity.internal.security.RateLimiter;

/** The rate limits other bundles use: the same token buckets that guard sign-in and the API. */
@Component(service = RateLimits.class)
public class RateLimitService implements RateLimits {

    @Override
    public Limiter limiter(int permits, Duration window, int maxKeys) {
        RateLimiter limiter = new RateLimiter(permits, window, maxKeys);
        return key -> {
            RateLimiter.Decision d = limiter.tryAcquire(key);
            return new Decision(d.allowed(), d.retryAfterSeconds());
        };
    }
}
