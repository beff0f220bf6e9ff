package io.neuromail.delivery.internal;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Retry delays: exponential in the attempt number, capped, with "equal jitter" (half fixed, half
 * random) so that many messages failing together do not retry together, and never sooner than the
 * provider asked.
 */
public final class Backoff {

    private final long baseMillis;
    private final long maxMillis;
    private final DoubleSupplier random;

    public Backoff(long baseMillis, long maxMillis, DoubleSupplier random) {
        if (baseMillis <= 0 || maxMillis < baseMillis) {
            throw new IllegalArgumentException("need 0 < base <= max: " + baseMillis + ", " + maxMillis);
        }
        this.baseMillis = baseMillis;
        this.maxMillis = maxMillis;
        this.random = random;
    }

    /** The delay before attempt {@code attempts + 1}, given the provider's hint (may be zero). */
    public long delayMillis(int attempts, Duration providerHint) {
        int exponent = Math.max(0, Math.min(attempts - 1, 40));
        long exponential = exponent >= 40 ? maxMillis : Math.min(maxMillis, baseMillis * (1L << exponent));
        long half = exponential / 2;
        long jittered = half + (long) (random.getAsDouble() * (exponential - half));
        long hint = providerHint == null ? 0 : providerHint.toMillis();
        return Math.max(jittered, hint);
    }
}
