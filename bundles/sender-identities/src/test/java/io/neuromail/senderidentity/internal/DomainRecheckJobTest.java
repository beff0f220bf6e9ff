package io.neuromail.senderidentity.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DomainRecheckJobTest {

    @Test
    void looksAFewTimesPerIntervalWithinBounds() {
        assertEquals(Duration.ofMinutes(10), DomainRecheckJob.waitFor(Duration.ofDays(1)));
        assertEquals(Duration.ofMinutes(5), DomainRecheckJob.waitFor(Duration.ofMinutes(20)));
        assertEquals(Duration.ofSeconds(1), DomainRecheckJob.waitFor(Duration.ofSeconds(2)));
        assertEquals(Duration.ofMinutes(10), DomainRecheckJob.waitFor(Duration.ZERO), "off: it only looks at the setting");
    }
}
