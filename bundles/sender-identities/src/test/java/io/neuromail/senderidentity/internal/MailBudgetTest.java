package io.neuromail.senderidentity.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class MailBudgetTest {

    @Test
    void anAccountGetsItsMailsPerWindowAndMoreAsTheWindowSlides() {
        IdentityServiceTest.TestClock clock = new IdentityServiceTest.TestClock(Instant.parse("2030-01-01T00:00:00Z"));
        MailBudget budget = new MailBudget(clock, 2, Duration.ofHours(1));
        assertTrue(budget.take("a").isEmpty());
        clock.advance(Duration.ofMinutes(10));
        assertTrue(budget.take("a").isEmpty());
        assertTrue(budget.take("b").isEmpty(), "each account has its own");
        OptionalLong wait = budget.take("a");
        assertEquals(OptionalLong.of(50 * 60), wait, "until the first mail leaves the window");
        clock.advance(Duration.ofMinutes(50));
        assertTrue(budget.take("a").isEmpty());
        assertTrue(budget.take("a").isPresent());
    }
}
