package io.neuromail.delivery.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class ProcessLeasesTest {

    private final ProcessLeases leases = ProcessLeases.of("jdbc:h2:mem:" + UUID.randomUUID());

    private static Claim row(String id) {
        return new Claim(id, "account", "send", id + "@example.org", null, 0);
    }

    @Test
    void aRowHandedOffWhileAClaimReadsTheQueueIsNotTakenByThatClaim() {
        Claim a = row("a");
        Claim b = row("b");
        assertEquals(List.of(a, b), leases.take(List.of(a, b), 10, "worker-1", 100, 200));
        // Worker 2 starts a claim: its read of the queue still shows both rows queued...
        assertEquals(2, leases.prune(110));
        // ...while worker 1's hand-off of row a commits and its lease ends.
        leases.end(List.of(a), "worker-1");
        assertFalse(leases.holds("a", "worker-1", 111), "an ended lease is held by nobody");
        assertTrue(leases.take(List.of(a, b), 10, "worker-2", 111, 300).isEmpty(),
                "neither the row just handed off nor the one still held is taken");
        // The next claim reads the queue after that commit: the ended lease is forgotten.
        assertEquals(1, leases.prune(120));
    }

    @Test
    void aLeaseThatRanOutCanBeTakenAndItsOldHolderNoLongerHoldsIt() {
        Claim a = row("a");
        leases.take(List.of(a), 10, "worker-1", 100, 200);
        assertTrue(leases.holds("a", "worker-1", 200));
        assertEquals(List.of(a), leases.take(List.of(a), 10, "worker-2", 201, 400));
        assertFalse(leases.holds("a", "worker-1", 202));
        leases.end(List.of(a), "worker-1");
        assertTrue(leases.holds("a", "worker-2", 202), "another holder's lease is not ended by the old one");
    }

    @Test
    void takesAtMostTheLimitInOrderAndARestartEndsTheLeasesOfTheEarlierRun() {
        List<Claim> rows = List.of(row("a"), row("b"), row("c"));
        assertEquals(rows.subList(0, 2), leases.take(rows, 2, "node-x:run1", 100, 200));
        assertEquals(2, leases.endOwners("node-x:"));
        assertEquals(0, leases.prune(100));
        assertEquals(rows, leases.take(rows, 5, "node-x:run2", 100, 200));
    }
}
