package io.neuromail.itests.support;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting for a condition with a deadline; tests never sleep a fixed time. */
public final class Poll {

    private static final long INTERVAL_MILLIS = 200;

    private Poll() {
    }

    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
            }
            pause();
        }
    }

    public static <T> T until(String what, Duration timeout, Supplier<T> attempt, java.util.function.Predicate<T> done) {
        Instant deadline = Instant.now().plus(timeout);
        T last = attempt.get();
        while (!done.test(last)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Timed out after " + timeout + " waiting for " + what + "; last: " + last);
            }
            pause();
            last = attempt.get();
        }
        return last;
    }

    /** The interval between two checks of a polled condition. */
    static void pause() {
        try {
            Thread.sleep(INTERVAL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
