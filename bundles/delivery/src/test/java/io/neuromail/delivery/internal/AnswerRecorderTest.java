package io.neuromail.delivery.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The group commits: answers and hand-offs together, results to each asker, failures reported. */
class AnswerRecorderTest {

    private static Ledger.HandOffRequest request(String id) {
        return new Ledger.HandOffRequest(List.of(new Claim(id, "a", "s", id + "@example.org", null, 0)), "node", "outbox",
                0, 1, 10, 0, 0);
    }

    @Test
    void answersAndHandOffsGoInOneCommitAndEachAskerGetsItsResult() throws Exception {
        List<Integer> groupSizes = new CopyOnWriteArrayList<>();
        AtomicInteger recorded = new AtomicInteger();
        AnswerRecorder recorder = new AnswerRecorder((answers, handOffs, slots) -> {
            groupSizes.add(answers.size() + handOffs.size() + slots.size());
            List<Ledger.Scheduled> results = new ArrayList<>();
            for (Ledger.HandOffRequest r : handOffs) {
                results.add(new Ledger.Scheduled(new RateSlots.Slots(0, 1, 1), r.rows()));
            }
            List<Long> given = new ArrayList<>();
            slots.forEach(slot -> given.add(1_000L + given.size()));
            return new Ledger.GroupResult(results, given);
        }, recorded::addAndGet, "test-recorder");
        try {
            recorder.add(new Answer("r1", "node", DeliveryState.SENT, "id-1", 0, 0));
            Ledger.HandOffRequest mine = request("r2");
            Ledger.Scheduled result = recorder.handOff(mine);
            assertSame(mine.rows(), result.handedOff(), "the asker gets the result of its own request");
            assertEquals(1_000L, recorder.slot(new Ledger.SlotRequest("outbox", 10)), "a slot request gets its slot");
            assertEquals(1, recorded.get(), "the answer was recorded by the time the hand-off came back");
            assertEquals(3, groupSizes.stream().mapToInt(Integer::intValue).sum());
        } finally {
            recorder.close();
        }
    }

    @Test
    void aFailingCommitFailsTheHandOffAndStillReleasesTheAnswers() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger recorded = new AtomicInteger();
        AnswerRecorder recorder = new AnswerRecorder((answers, handOffs, slots) -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("database down");
        }, recorded::addAndGet, "test-recorder");
        try {
            recorder.add(new Answer("r1", "node", DeliveryState.SENT, "id-1", 0, 0));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> recorder.handOff(request("r2")));
            assertTrue(e.getMessage().contains("database down"), e.getMessage());
            // The answer and the request share a group or come one group after the other: three tries each.
            assertTrue(attempts.get() == 3 || attempts.get() == 6, "tried three times per group: " + attempts.get());
            assertEquals(1, recorded.get(), "the answer's permit is given back although it could not be recorded");
        } finally {
            recorder.close();
        }
    }
}
