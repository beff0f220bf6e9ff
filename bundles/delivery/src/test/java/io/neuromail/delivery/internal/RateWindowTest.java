package io.neuromail.delivery.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * No one-second window at the provider holds more arrivals than the limit, however the calls bunch
 * up before they start or are held up after: the calls are simulated with their start, arrival and
 * answer times, on a clock in microseconds.
 */
class RateWindowTest {

    /** What a provider sees of one call, and what the node sees of it. */
    private record Call(RateWindow.Ticket ticket, long start, long arrival, long answer) {
    }

    /** How long calls take: before they arrive at the provider, and from there until they answer. */
    private interface Timing {
        long[] delays(Random random);
    }

    @Test
    void bunchedCallsAreSpreadSoNoSecondHoldsMoreThanTheLimit() {
        Random random = new Random(7);
        List<Call> calls = simulate(50, 2000, random, previous ->
                previous + (random.nextInt(10) == 0 ? 0 : random.nextInt(40_000)), r -> new long[] {1_000, 1_000});

        assertEquals(50, busiestSecond(calls), "the busiest second holds exactly the limit");
        for (int i = 1; i < calls.size(); i++) {
            assertTrue(calls.get(i).start() >= calls.get(i - 1).start(), "starts keep their order");
        }
    }

    @Test
    void callsHeldUpOnTheirWayNeverPutMoreThanTheLimitInASecond() {
        // One call in twenty is held up by 20-200 ms, before it reaches the provider or after; the node
        // cannot tell which, so it counts each such call from its latest possible arrival. That costs
        // rate once the hold-ups of a second add up to more than the 3 % (30 ms) the slots leave free.
        for (double limit : new double[] {6, 14, 50, 200}) {
            assertKeepsToTheLimit(limit, 20, 0.85);
        }
    }

    @Test
    void anOccasionalHeldUpCallCostsLittleRate() {
        for (double limit : new double[] {6, 14, 50, 200}) {
            assertKeepsToTheLimit(limit, 500, 0.95);
        }
    }

    /**
     * Calls ready on a schedule 3 % under the limit, as the send slots give them, one in {@code heldOneIn}
     * held up: never more than the limit in a second at the provider, and at least {@code minShare} of
     * the limit overall; on loopback and across a network.
     */
    private static void assertKeepsToTheLimit(double limit, int heldOneIn, double minShare) {
        Random random = new Random(11);
        long interval = Math.round(1_000_000 / (limit * DeliveryEngine.RATE_HEADROOM));
        // On loopback: 2-9 ms to arrive (the SDK builds and signs the request), 1-4 ms to answer.
        Timing loopback = r -> new long[] {2_000 + r.nextInt(7_000) + held(r, heldOneIn), 1_000 + r.nextInt(3_000) + held(r, heldOneIn)};
        // Across a network: 5-25 ms to arrive, 30-60 ms to answer.
        Timing network = r -> new long[] {5_000 + r.nextInt(20_000) + held(r, heldOneIn), 30_000 + r.nextInt(30_000) + held(r, heldOneIn)};
        for (Timing timing : List.of(loopback, network)) {
            List<Call> calls = simulate(limit, (int) (limit * 30), random, previous -> previous + interval, timing);
            String run = limit + "/s, one call in " + heldOneIn + " held up: ";
            assertTrue(busiestSecond(calls) <= limit, run + busiestSecond(calls) + " arrivals in one second " + busiest(calls));
            assertTrue(rate(calls) >= minShare * limit, run + "the rate fell to " + rate(calls));
        }
    }

    @Test
    void callsThatKeepToTheUsualTimeStartWhenReady() {
        Random random = new Random(3);
        long interval = Math.round(1_000_000 / (50 * DeliveryEngine.RATE_HEADROOM));
        List<Call> calls = simulate(50, 1000, random, previous -> previous + interval, r -> new long[] {
                2_000 + r.nextInt(500), 30_000 + r.nextInt(500)});

        // The first two calls have no earlier ones to compare with and count from their answers.
        for (int i = 5 * 50; i < calls.size(); i++) {
            assertTrue(calls.get(i).start() <= interval * i + 1_000, "call " + i + " started late: " + calls.get(i));
        }
    }

    @Test
    void aCallThatHasNotAnsweredHoldsItsPlace() {
        RateWindow window = new RateWindow(2);
        RateWindow.Ticket first = window.tryReserve(0);
        RateWindow.Ticket second = window.tryReserve(0);
        assertNotNull(second);

        assertNull(window.tryReserve(2_000_000), "the third call waits for the first one's answer");

        window.answered(first, 0, 1_500_000);
        RateWindow.Ticket third = window.tryReserve(2_000_000);
        assertEquals(2_500_000 + RateWindow.SPARE_MICROS, third.atMicros(), "a first call counts from its answer: it may have arrived just before");
    }

    @Test
    void aCallNeverMadeFreesItsPlace() {
        RateWindow window = new RateWindow(1);
        RateWindow.Ticket never = window.tryReserve(0);
        window.unused(never);

        assertEquals(1_000_000 + RateWindow.SPARE_MICROS, window.tryReserve(10).atMicros());
    }

    @Test
    void callsAtTheSlotsPaceStartWhenReady() {
        RateWindow window = new RateWindow(10);
        for (long t = 0; t < 5_000_000; t += Math.round(1_000_000 / (10 * DeliveryEngine.RATE_HEADROOM))) {
            RateWindow.Ticket ticket = window.tryReserve(t);
            if (t > 2_000_000) {
                // The first two calls count from their answers: there are no earlier ones to compare with.
                assertEquals(t, ticket.atMicros());
            }
            window.answered(ticket, ticket.atMicros(), ticket.atMicros() + 5_000);
        }
    }

    /** Nothing, or for one call in {@code oneIn}, a hold-up of 20-200 ms. */
    private static long held(Random random, int oneIn) {
        return random.nextInt(oneIn) == 0 ? 20_000 + random.nextInt(180_000) : 0;
    }

    /**
     * Runs {@code count} calls through a window: each is ready at the time {@code schedule} gives after
     * the previous one, reserves its place (waiting for earlier answers when it must), starts at its
     * ticket's time and takes the times {@code timing} gives before and after it arrives.
     */
    private static List<Call> simulate(double limit, int count, Random random, java.util.function.LongUnaryOperator schedule,
                                       Timing timing) {
        RateWindow window = new RateWindow(limit);
        PriorityQueue<Call> out = new PriorityQueue<>(Comparator.comparingLong(Call::answer));
        List<Call> calls = new ArrayList<>();
        long ready = 0;
        long now = 0;
        for (int i = 0; i < count; i++) {
            ready = i == 0 ? 0 : schedule.applyAsLong(ready);
            now = Math.max(now, ready);
            answerUpTo(window, out, now);
            RateWindow.Ticket ticket;
            while ((ticket = window.tryReserve(now)) == null) {
                // The window waits for an earlier answer: time moves on to the next one.
                now = Math.max(now, out.peek().answer());
                answerUpTo(window, out, now);
            }
            assertTrue(ticket.atMicros() >= now, "never before the call is ready");
            long start = ticket.atMicros();
            answerUpTo(window, out, start);
            long[] delays = timing.delays(random);
            Call call = new Call(ticket, start, start + delays[0], start + delays[0] + delays[1]);
            out.add(call);
            calls.add(call);
        }
        return calls;
    }

    /** Gives the window every answer that has come by {@code now}. */
    private static void answerUpTo(RateWindow window, PriorityQueue<Call> out, long now) {
        while (!out.isEmpty() && out.peek().answer() <= now) {
            Call answered = out.poll();
            window.answered(answered.ticket(), answered.start(), answered.answer());
        }
    }

    /** The most arrivals within any one second (a sliding window, as a provider counts). */
    private static int busiestSecond(List<Call> calls) {
        return busiest(calls).size();
    }

    /** The calls of the busiest second, in arrival order. */
    private static List<Call> busiest(List<Call> calls) {
        List<Call> sorted = new ArrayList<>(calls);
        sorted.sort(Comparator.comparingLong(Call::arrival));
        int start = 0;
        int busiest = 0;
        int at = 0;
        for (int end = 0; end < sorted.size(); end++) {
            while (sorted.get(start).arrival() + 1_000_000 <= sorted.get(end).arrival()) {
                start++;
            }
            if (end - start + 1 > busiest) {
                busiest = end - start + 1;
                at = start;
            }
        }
        return sorted.subList(at, at + busiest);
    }

    /** Arrivals per second, from the first to the last. */
    private static double rate(List<Call> calls) {
        long first = calls.stream().mapToLong(Call::arrival).min().orElseThrow();
        long last = calls.stream().mapToLong(Call::arrival).max().orElseThrow();
        return (calls.size() - 1) * 1_000_000d / (last - first);
    }
}
