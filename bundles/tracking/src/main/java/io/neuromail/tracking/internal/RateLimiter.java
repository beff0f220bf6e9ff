package io.neuromail.tracking.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Token buckets per client address: a burst of {@code permits}, refilled evenly over a minute. At
 * most {@code maxKeys} addresses are remembered; when a new one would exceed that, a tenth are
 * forgotten, the fullest buckets first (forgetting those loses nothing) and among equals the least
 * recently used, so a client cannot empty its own bucket's record by calling from many addresses.
 * The endpoints it guards are light, so one lock is enough.
 */
final class RateLimiter {

    /**
     * @param allowed           whether the request may go ahead
     * @param retryAfterSeconds when refused, whole seconds until a permit is back (at least 1)
     */
    record Decision(boolean allowed, long retryAfterSeconds) {
        static final Decision ALLOW = new Decision(true, 0);
    }

    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final int permits;
    private final double nanosPerPermit;
    private final int maxKeys;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new HashMap<>();
    private long uses;

    RateLimiter(int permitsPerMinute, int maxKeys) {
        this(permitsPerMinute, maxKeys, System::nanoTime);
    }

    RateLimiter(int permitsPerMinute, int maxKeys, LongSupplier nanoTime) {
        if (permitsPerMinute < 1 || maxKeys < 1) {
            throw new IllegalArgumentException("rate limits must be positive: " + permitsPerMinute + ", " + maxKeys);
        }
        this.permits = permitsPerMinute;
        this.nanosPerPermit = (double) MINUTE / permitsPerMinute;
        this.maxKeys = maxKeys;
        this.nanoTime = nanoTime;
    }

    synchronized Decision tryAcquire(String key) {
        long now = nanoTime.getAsLong();
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            if (buckets.size() >= maxKeys) {
                evict(now);
            }
            bucket = new Bucket(permits, now);
            buckets.put(key, bucket);
        }
        bucket.refill(now);
        bucket.lastUse = ++uses;
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return Decision.ALLOW;
        }
        double nanos = (1 - bucket.tokens) * nanosPerPermit;
        return new Decision(false, Math.max(1, (long) Math.ceil(nanos / TimeUnit.SECONDS.toNanos(1))));
    }

    synchronized int trackedKeys() {
        return buckets.size();
    }

    private void evict(long now) {
        List<Map.Entry<String, Bucket>> entries = new ArrayList<>(buckets.entrySet());
        entries.forEach(e -> e.getValue().refill(now));
        entries.sort(Comparator.comparingDouble((Map.Entry<String, Bucket> e) -> e.getValue().tokens).reversed()
                .thenComparingLong(e -> e.getValue().lastUse));
        int drop = Math.max(1, maxKeys / 10);
        for (int i = 0; i < drop && i < entries.size(); i++) {
            buckets.remove(entries.get(i).getKey());
        }
    }

    private final class Bucket {
        double tokens;
        long refilledAt;
        long lastUse;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        void refill(long now) {
            long elapsed = now - refilledAt;
            if (elapsed > 0) {
                tokens = Math.min(permits, tokens + elapsed / nanosPerPermit);
                refilledAt = now;
            }
        }
    }
}
