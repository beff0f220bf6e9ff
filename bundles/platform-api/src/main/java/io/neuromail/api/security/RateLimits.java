package io.neuromail.api.security;

import java.time.Duration;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Rate limits for any bundle: token buckets per key (a client address, an account), in memory on each
 * node, with bounded memory. A bundle asks once for a {@link Limiter} with its limits and keeps it;
 * each request then takes a permit or is told how long to wait. The identity bundle provides this
 * service (the same limiter guards sign-in and the API).
 *
 * @since 1.3
 */
@ProviderType
public interface RateLimits {

    /**
     * A new limiter.
     *
     * @param permits how many requests one key may make in a burst, and per window on average; at least 1
     * @param window  the period over which the permits are refilled, evenly
     * @param maxKeys how many keys to remember at most; beyond that the limiter forgets keys whose
     *                buckets are fullest first, so a client cannot reset its own by using many keys
     */
    Limiter limiter(int permits, Duration window, int maxKeys);

    /** One limit. Thread-safe. */
    @ProviderType
    interface Limiter {

        /** Takes a permit for {@code key}, or says how long until one is back. */
        Decision tryAcquire(String key);
    }

    /**
     * The outcome of a request for a permit.
     *
     * @param allowed           whether the request may go ahead
     * @param retryAfterSeconds when refused, whole seconds until a permit is back (at least 1, for a
     *                          {@code Retry-After} header); 0 when allowed
     */
    record Decision(boolean allowed, long retryAfterSeconds) {
    }
}
