package io.neuromail.identity.internal.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;

/**
 * In-memory rate limits per key (an email, an IP address, an API key prefix): at most
 * {@code permits} actions per {@code window}, refilled gradually, one permit every
 * {@code window / permits}, so a user who got locked out waits a fraction of the window, not all
 * of it. The token buckets are Bucket4j's (embedded in this bundle).
 *
 * <p>For logins: {@link #peek(String)} before checking the password, so an attacker who is over
 * the limit does not even get to learn whether a guess was right; {@link #tryAcquire(String)} on a
 * failed attempt; {@link #reset(String)} after a successful one.
 *
 * <h2>Bounded memory</h2>
 * At most {@code maxKeys} keys are tracked. When a new key would exceed that, about a tenth of
 * them are dropped (so the cost of choosing is spread over many insertions), preferring first
 * buckets that are full again (dropping those loses nothing: a new bucket starts full), then those
 * with the most permits left, and among equals the least recently used. Dropping by permits left
 * rather than by age alone matters: with pure LRU an attacker could flush the bucket of the account
 * they are guessing at by touching {@code maxKeys} junk keys, and guess again at full speed. Here
 * the buckets under attack, being empty, are the last to go. Size {@code maxKeys} for the busiest
 * legitimate load; beyond it the limiter forgets rather than refuses.
 *
 * <p>Each instance is in-memory and per node: a cluster behind a load balancer allows
 * {@code permits} per node. Thread-safe: hot paths on existing keys take no lock.
 */
public final class RateLimiter {

    /**
     * The outcome of a check.
     *
     * @param allowed           whether the action may go ahead
     * @param retryAfterSeconds when not allowed, the whole seconds until it would be (at least 1,
     *                          for a {@code Retry-After} header); 0 when allowed
     */
    public record Decision(boolean allowed, long retryAfterSeconds) {

        static final Decision ALLOW = new Decision(true, 0);
    }

    private final int permits;
    private final Duration window;
    private final int maxKeys;
    private final int evictionBatch;
    private final long maxRetryAfterSeconds;
    private final TimeMeter time;
    private final ConcurrentHashMap<String, Entry> buckets = new ConcurrentHashMap<>();
    private final AtomicLong clock = new AtomicLong();
    private final Object insertLock = new Object();

    /**
     * @param permits how many actions a key may take in a burst, and per window on average; ≥ 1
     * @param window  the period over which {@code permits} are refilled; positive
     * @param maxKeys how many keys to remember at most; ≥ 1
     */
    public RateLimiter(int permits, Duration window, int maxKeys) {
        // Monotonic: a wall-clock jump (NTP, DST-unaware hosts) must neither unlock nor freeze keys.
        this(permits, window, maxKeys, TimeMeter.SYSTEM_NANOTIME);
    }

    /** Lets tests move time forward without sleeping. */
    RateLimiter(int permits, Duration window, int maxKeys, TimeMeter time) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1, was " + permits);
        }
        if (window == null || window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be at least 1, was " + maxKeys);
        }
        this.permits = permits;
        this.window = window;
        this.maxKeys = maxKeys;
        this.evictionBatch = Math.max(1, maxKeys / 10);
        this.maxRetryAfterSeconds = Math.max(1, ceilSeconds(window.toNanos()));
        this.time = Objects.requireNonNull(time, "time");
    }

    /** Takes one permit for the key if there is one. */
    public Decision tryAcquire(String key) {
        Entry entry = entryFor(key);
        ConsumptionProbe probe = entry.bucket.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Decision.ALLOW : refused(probe.getNanosToWaitForRefill());
    }

    /**
     * Whether {@link #tryAcquire(String)} would succeed now, without taking a permit. A key never
     * seen is allowed and, so that probing with random keys costs no memory, not remembered.
     */
    public Decision peek(String key) {
        Entry entry = buckets.get(Objects.requireNonNull(key, "key"));
        if (entry == null) {
            return Decision.ALLOW;
        }
        entry.touch(clock.incrementAndGet());
        EstimationProbe probe = entry.bucket.estimateAbilityToConsume(1);
        return probe.canBeConsumed() ? Decision.ALLOW : refused(probe.getNanosToWaitForRefill());
    }

    /**
     * Gives back one permit taken by {@link #tryAcquire(String)} for an action that turned out not to
     * count (a login that succeeded, say); never more than the bucket holds.
     */
    public void refund(String key) {
        Entry entry = buckets.get(Objects.requireNonNull(key, "key"));
        if (entry != null) {
            entry.bucket.addTokens(1);
        }
    }

    /** Forgets the key, giving it a full set of permits again (after a successful login, say). */
    public void reset(String key) {
        buckets.remove(Objects.requireNonNull(key, "key"));
    }

    /** How many keys are remembered now; for tests and monitoring. */
    int trackedKeys() {
        return buckets.size();
    }

    private Entry entryFor(String key) {
        Objects.requireNonNull(key, "key");
        Entry entry = buckets.get(key);
        if (entry == null) {
            /*
             * New keys are added one at a time, so the size check and the insertion cannot
             * interleave and the bound is exact. Existing keys, the common case, never get here.
             */
            synchronized (insertLock) {
                entry = buckets.get(key);
                if (entry == null) {
                    if (buckets.size() >= maxKeys) {
                        evict();
                    }
                    entry = new Entry(newBucket());
                    buckets.put(key, entry);
                }
            }
        }
        entry.touch(clock.incrementAndGet());
        return entry;
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(permits).refillGreedy(permits, window))
                .withCustomTimePrecision(time)
                .build();
    }

    /*
     * Runs under insertLock. A thread still holding a dropped entry may consume from it once more;
     * the next call for that key starts a new bucket. That race costs at most one permit per
     * in-flight request, which is why it is not worth a lock on every call.
     */
    private void evict() {
        record Candidate(String key, Entry entry, long available, long lastUsed) {
        }
        List<Candidate> candidates = new ArrayList<>(buckets.size());
        for (Map.Entry<String, Entry> e : buckets.entrySet()) {
            Entry entry = e.getValue();
            candidates.add(new Candidate(e.getKey(), entry, entry.bucket.getAvailableTokens(), entry.lastUsed));
        }
        candidates.sort(Comparator.comparingLong(Candidate::available).reversed()
                .thenComparingLong(Candidate::lastUsed));
        int toDrop = buckets.size() - maxKeys + evictionBatch;
        for (int i = 0; i < candidates.size() && toDrop > 0; i++) {
            Candidate victim = candidates.get(i);
            if (buckets.remove(victim.key(), victim.entry())) {
                toDrop--;
            }
        }
    }

    private Decision refused(long nanosToWait) {
        long seconds = Math.max(1, ceilSeconds(nanosToWait));
        return new Decision(false, Math.min(seconds, maxRetryAfterSeconds));
    }

    private static long ceilSeconds(long nanos) {
        long perSecond = TimeUnit.SECONDS.toNanos(1);
        return nanos / perSecond + (nanos % perSecond == 0 ? 0 : 1);
    }

    private static final class Entry {
        final Bucket bucket;
        volatile long lastUsed;

        Entry(Bucket bucket) {
            this.bucket = bucket;
        }

        void touch(long tick) {
            lastUsed = tick;
        }
    }
}
