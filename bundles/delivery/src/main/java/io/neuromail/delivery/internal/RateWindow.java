package io.neuromail.delivery.internal;

import java.util.Arrays;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Keeps the calls of one node to one sender within its limit in every one-second window <em>as the
 * provider sees them</em>, whatever delays the calls had on the way.
 *
 * <p>The send slots space the starts of the calls, but a provider counts arrivals: a call that is
 * held up after it started (a pause of the process, a busy CPU, a new connection, a slow network)
 * arrives together with the calls after it. When a call answers, this window knows how long it took
 * and how long the fastest of the recent calls took; whatever it took beyond that may have been spent
 * before it arrived, so the call counts from its start plus that excess ({@code answer - fastest}).
 * A call may start only one second (and {@link #SPARE_MICROS}) after the one {@code limit} calls
 * before it counts from. A call that has not answered yet holds its place: the call {@code limit}
 * places after it waits for its answer. The first call of a window has no fastest call to compare
 * with and counts from its answer.
 *
 * <p>A call that kept to the usual time counts from its start, so steady calls lose no rate; only a
 * call that was held up pushes the ones a second after it back by as much.
 */
final class RateWindow {

    /** A reserved place in the window: the call may start at {@link #atMicros}. */
    record Ticket(int index, long atMicros) {
    }

    private static final long SECOND_MICROS = 1_000_000L;
    /** Above this rate no provider counts per second closely; the window then lets every call go. */
    private static final double MAX_TRACKED = 100_000;
    /** How many recent answer times the fastest one is taken from. */
    private static final int RECENT_CALLS = 64;
    /** A place whose call has not answered yet. */
    private static final long OUT = Long.MAX_VALUE;
    private static final long WAIT_MILLIS = 100;
    /**
     * Beyond the second, a call waits this much longer after the one {@code limit} calls before it:
     * half of what the send slots leave free ({@link DeliveryEngine#RATE_HEADROOM}), about 15 ms.
     * Calls that keep to the slots never wait for it; when one call was held up and the window holds
     * the next ones back, it absorbs the few milliseconds by which the time from start to arrival
     * differs between ordinary calls, which the fastest recent call cannot tell.
     */
    static final long SPARE_MICROS = Math.round((1 / DeliveryEngine.RATE_HEADROOM - 1) / 2 * SECOND_MICROS);

    private final double perSecond;
    private final boolean tracked;
    /** Per place: the time (epoch µs) its call counts from, or {@link #OUT}. */
    private final long[] counted;
    private final long[] recent = new long[RECENT_CALLS];
    private int recentCount;
    private int recentNext;
    private boolean answeredOnce;
    private int next;
    private long last;

    RateWindow(double perSecond) {
        this.perSecond = perSecond;
        this.tracked = perSecond <= MAX_TRACKED;
        this.counted = new long[tracked ? (int) Math.max(1, Math.floor(perSecond)) : 1];
        Arrays.fill(counted, Long.MIN_VALUE / 2);
        this.last = Long.MIN_VALUE / 2;
    }

    /** The rate this window keeps to. */
    double perSecond() {
        return perSecond;
    }

    /**
     * Reserves a place for a call that is ready now, waiting while the call {@code limit} places
     * before has not answered. Answers {@code null} when {@code keepWaiting} turns false meanwhile.
     */
    synchronized Ticket reserve(LongSupplier nowMicros, BooleanSupplier keepWaiting) throws InterruptedException {
        while (true) {
            Ticket ticket = tryReserve(nowMicros.getAsLong());
            if (ticket != null) {
                return ticket;
            }
            if (!keepWaiting.getAsBoolean()) {
                return null;
            }
            wait(WAIT_MILLIS);
        }
    }

    /**
     * Reserves a place for a call that is ready at {@code nowMicros}: the ticket says when it may start.
     * Answers {@code null} while the call {@code limit} places before has not answered.
     */
    synchronized Ticket tryReserve(long nowMicros) {
        if (!tracked) {
            return new Ticket(-1, nowMicros);
        }
        long before = counted[next];
        if (before == OUT) {
            return null;
        }
        long at = Math.max(nowMicros, Math.max(last, before + SECOND_MICROS + SPARE_MICROS));
        counted[next] = OUT;
        Ticket ticket = new Ticket(next, at);
        next = (next + 1) % counted.length;
        last = at;
        return ticket;
    }

    /** The call of {@code ticket} started at {@code startMicros} and answered at {@code answerMicros}. */
    synchronized void answered(Ticket ticket, long startMicros, long answerMicros) {
        if (ticket.index() < 0) {
            return;
        }
        long took = Math.max(0, answerMicros - startMicros);
        long from = recentCount == 0 ? answerMicros : Math.max(startMicros, answerMicros - fastest());
        counted[ticket.index()] = Math.max(ticket.atMicros(), from);
        if (answeredOnce) {
            recent[recentNext] = took;
            recentNext = (recentNext + 1) % RECENT_CALLS;
            recentCount = Math.min(RECENT_CALLS, recentCount + 1);
        }
        // The first call of a sender also starts its client: its time says nothing about the others.
        answeredOnce = true;
        notifyAll();
    }

    /** The call of {@code ticket} was never made: its place counts from the time it was given. */
    synchronized void unused(Ticket ticket) {
        if (ticket.index() < 0) {
            return;
        }
        counted[ticket.index()] = ticket.atMicros();
        notifyAll();
    }

    private long fastest() {
        long fastest = Long.MAX_VALUE;
        for (int i = 0; i < recentCount; i++) {
            fastest = Math.min(fastest, recent[i]);
        }
        return fastest;
    }
}
