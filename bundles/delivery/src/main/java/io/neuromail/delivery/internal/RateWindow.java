package io.neuromail.delivery.internal;

/**
 * Keeps the calls of one node to one sender within its limit in every one-second window, whatever
 * delays the calls had before (a pause of the process lets the messages of several slots come due
 * at once). Each call reserves a start time no earlier than one second after the start
 * {@code limit} calls before it, so no window of one second ever holds more than {@code limit}
 * starts. The send slots already space the calls; this only catches the bunching.
 */
final class RateWindow {

    private static final long SECOND_MICROS = 1_000_000L;
    /** Above this rate no provider counts per second closely; the window then lets every call go. */
    private static final double MAX_TRACKED = 100_000;

    private final double perSecond;
    private final long[] starts;
    private int oldest;
    private long last;

    RateWindow(double perSecond) {
        this.perSecond = perSecond;
        this.starts = new long[(int) Math.max(1, Math.floor(Math.min(perSecond, MAX_TRACKED)))];
        java.util.Arrays.fill(starts, Long.MIN_VALUE / 2);
        this.last = Long.MIN_VALUE / 2;
    }

    /** The rate this window keeps to. */
    double perSecond() {
        return perSecond;
    }

    /** Reserves a start for a call that is ready at {@code nowMicros}; answers when it may start. */
    synchronized long reserve(long nowMicros) {
        if (perSecond > MAX_TRACKED) {
            return nowMicros;
        }
        long at = Math.max(nowMicros, Math.max(last, starts[oldest] + SECOND_MICROS));
        starts[oldest] = at;
        oldest = (oldest + 1) % starts.length;
        last = at;
        return at;
    }
}
