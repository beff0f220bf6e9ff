package io.neuromail.identity.internal.security;

import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A progressive delay per key (an account): after {@code threshold} failed logins within
 * {@code window}, every further attempt must wait, after the latest failure, one second, then two,
 * four ... up to {@code maxDelay}. Unlike a lock, the delay stays short enough for the real user to
 * get in while guessing stays slow, whoever guesses from however many addresses; the failures are
 * forgotten a {@code window} after the latest one.
 *
 * <p>In memory, per node, at most {@code maxKeys} keys: when full, keys whose failures are forgotten
 * go first, then those with the fewest failures (so junk keys cannot flush an account under attack).
 * Thread-safe.
 */
public final class LoginDelay {

    private record State(int failures, long lastFailureNanos) {
    }

    private final int threshold;
    private final long windowNanos;
    private final long maxDelayNanos;
    private final int maxKeys;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();

    /**
     * @param threshold failures that are free; the next attempt after that many waits
     * @param window    failures older than this (after the latest) are forgotten
     * @param maxDelay  the longest wait
     * @param maxKeys   how many keys to remember at most
     */
    public LoginDelay(int threshold, Duration window, Duration maxDelay, int maxKeys) {
        this(threshold, window, maxDelay, maxKeys, System::nanoTime);
    }

    /** Lets tests move (monotonic) time without sleeping. */
    LoginDelay(int threshold, Duration window, Duration maxDelay, int maxKeys, LongSupplier nanoTime) {
        if (threshold < 1 || maxKeys < 1 || window.isNegative() || window.isZero() || maxDelay.isNegative()
                || maxDelay.isZero()) {
            throw new IllegalArgumentException("threshold, window, maxDelay and maxKeys must be positive");
        }
        this.threshold = threshold;
        this.windowNanos = window.toNanos();
        this.maxDelayNanos = maxDelay.toNanos();
        this.maxKeys = maxKeys;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** Whether an attempt may go ahead now; when not, how long to wait. */
    public RateLimiter.Decision check(String key) {
        State state = states.get(Objects.requireNonNull(key, "key"));
        if (state == null) {
            return RateLimiter.Decision.ALLOW;
        }
        long now = nanoTime.getAsLong();
        long wait = state.lastFailureNanos() + delayAfter(state.failures()) - now;
        if (wait <= 0) {
            return RateLimiter.Decision.ALLOW;
        }
        long seconds = Math.max(1, (wait + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
        return new RateLimiter.Decision(false, seconds);
    }

    /** Records a failed attempt. */
    public void failed(String key) {
        Objects.requireNonNull(key, "key");
        long now = nanoTime.getAsLong();
        if (!states.containsKey(key) && states.size() >= maxKeys) {
            evict(now);
        }
        states.compute(key, (k, old) -> new State(old == null || forgotten(old, now) ? 1 : old.failures() + 1, now));
    }

    /** How many failures the key has that still count; for tests and monitoring. */
    int failures(String key) {
        State state = states.get(key);
        return state == null || forgotten(state, nanoTime.getAsLong()) ? 0 : state.failures();
    }

    private long delayAfter(int failures) {
        if (failures < threshold) {
            return 0;
        }
        int doublings = Math.min(failures - threshold, 40);
        long delay = TimeUnit.SECONDS.toNanos(1) << doublings;
        return delay <= 0 || delay > maxDelayNanos ? maxDelayNanos : delay;
    }

    private boolean forgotten(State state, long now) {
        return now - state.lastFailureNanos() > windowNanos;
    }

    private synchronized void evict(long now) {
        states.entrySet().removeIf(e -> forgotten(e.getValue(), now));
        int excess = states.size() - maxKeys + Math.max(1, maxKeys / 10);
        if (excess > 0) {
            states.entrySet().stream()
                    .sorted(Comparator.comparingInt((Map.Entry<String, State> e) -> e.getValue().failures())
                            .thenComparingLong(e -> e.getValue().lastFailureNanos()))
                    .limit(excess).map(Map.Entry::getKey).toList().forEach(states::remove);
        }
    }
}
