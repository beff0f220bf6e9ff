package io.neuromail.delivery.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** No one-second window holds more starts than the limit, however the calls bunch up. */
class RateWindowTest {

    @Test
    void bunchedCallsAreSpreadSoNoSecondHoldsMoreThanTheLimit() {
        RateWindow window = new RateWindow(50);
        Random random = new Random(7);
        List<Long> starts = new ArrayList<>();
        long now = 0;
        for (int i = 0; i < 2000; i++) {
            // Mostly on a 50/s schedule, with pauses after which many calls are ready at once.
            now += random.nextInt(10) == 0 ? 0 : random.nextInt(40_000);
            long at = window.reserve(now);
            assertTrue(at >= now, "never before the call is ready");
            starts.add(at);
        }
        int start = 0;
        int busiest = 0;
        for (int end = 0; end < starts.size(); end++) {
            while (starts.get(start) + 1_000_000 <= starts.get(end)) {
                start++;
            }
            busiest = Math.max(busiest, end - start + 1);
        }
        assertEquals(50, busiest, "the busiest second holds exactly the limit");
        for (int i = 1; i < starts.size(); i++) {
            assertTrue(starts.get(i) >= starts.get(i - 1), "starts keep their order");
        }
    }

    @Test
    void callsWithinTheLimitStartWhenReady() {
        RateWindow window = new RateWindow(10);
        for (long t = 0; t < 5_000_000; t += 100_001) {
            assertEquals(t, window.reserve(t));
        }
    }
}
