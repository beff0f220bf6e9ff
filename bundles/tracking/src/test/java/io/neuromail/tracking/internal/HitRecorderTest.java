package io.neuromail.tracking.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.neuromail.delivery.api.TrackingLinks;

/** The queue and the writer: batches, a clean stop, a full queue, unknown messages, failures. */
class HitRecorderTest {

    static final long NOW = 1_800_000_000_000L;
    static final long SENT = 1_000_000_000_000L;

    final Fakes.Tracking links = new Fakes.Tracking()
            .message(new TrackingLinks.Message("d1", "a1", "s1", "c1", "ann@example.org", SENT))
            .message(new TrackingLinks.Message("d2", "a1", "s1", null, "bob@example.org", SENT));
    final List<List<TrackEvent>> batches = new CopyOnWriteArrayList<>();
    HitRecorder recorder;

    HitRecorder recorder(int capacity, java.util.function.LongSupplier clock) {
        recorder = new HitRecorder(links, batches::add, new Classifier(ClassifierTest.BOTS, 2000),
                TrackingConfig.IpStorage.truncated, capacity, clock);
        return recorder;
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (recorder != null) {
            recorder.stop();
        }
    }

    static RawHit hit(String delivery, boolean open, int link, int links, long at, String ua) {
        return new RawHit(new TrackingLinks.Hit("a1", "s1", delivery, open, link,
                open || link == 0 ? null : "https://shop.example/" + link, links), at, "203.0.113.77", ua, false);
    }

    List<TrackEvent> events() {
        List<TrackEvent> all = new ArrayList<>();
        batches.forEach(all::addAll);
        return all;
    }

    @Test
    void theWriterStoresHeldHitsOnItsOwnWithinAboutASecond() {
        recorder(100, System::currentTimeMillis).start();
        long at = System.currentTimeMillis();
        assertTrue(recorder.offer(hit("d1", true, 0, 2, at, ClassifierTest.OUTLOOK)));
        waitFor(() -> recorder.stored() == 1);
        TrackEvent e = events().get(0);
        assertEquals(new TrackEvent("a1", "s1", "d1", "c1", true, 0, Instant.ofEpochMilli(at), "203.0.113.0",
                ClassifierTest.OUTLOOK, null, false, "example.org"), e);
        assertEquals(List.of(List.of("d1")), links.lookups, "one look-up for the batch");
    }

    @Test
    void aCleanStopStoresEverythingQueuedAndHeldInBatchesOfAThousand() throws InterruptedException {
        recorder(5000, () -> NOW).start();
        for (int i = 0; i < 2500; i++) {
            assertTrue(recorder.offer(hit(i % 2 == 0 ? "d1" : "d2", true, 0, 2, NOW - 100 + (i % 50), ClassifierTest.CHROME)));
        }
        recorder.stop();
        assertEquals(2500, events().size());
        assertTrue(batches.stream().allMatch(b -> b.size() <= HitRecorder.BATCH), "batch sizes");
        assertEquals(batches.size(), links.lookups.size(), "one look-up per batch");
        assertEquals(0, recorder.dropped());
    }

    @Test
    void aFullQueueRefusesAndCountsWithoutBlocking() throws InterruptedException {
        recorder(3, () -> NOW);
        for (int i = 0; i < 5; i++) {
            assertEquals(i < 3, recorder.offer(hit("d1", true, 0, 2, NOW, ClassifierTest.CHROME)));
        }
        assertEquals(2, recorder.dropped());
        recorder.start();
        recorder.stop();
        assertEquals(3, events().size());
    }

    @Test
    void hitsOfUnknownMessagesOrAnotherAccountAreDroppedAndCounted() throws InterruptedException {
        recorder(100, () -> NOW).start();
        recorder.offer(hit("gone", true, 0, 2, NOW, ClassifierTest.CHROME));
        recorder.offer(new RawHit(new TrackingLinks.Hit("other-account", "s1", "d1", true, 0, null, 2), NOW,
                "203.0.113.77", ClassifierTest.CHROME, false));
        recorder.offer(hit("d2", true, 0, 2, NOW, ClassifierTest.CHROME));
        recorder.stop();
        assertEquals(List.of("d2"), events().stream().map(TrackEvent::deliveryId).toList());
        assertEquals(2, recorder.unknown());
    }

    @Test
    void theFirstClickOfAScannersBurstIsCaughtBecauseHitsAreHeld() {
        long[] clock = {NOW};
        recorder(100, () -> clock[0]).start();
        recorder.offer(hit("d1", false, 1, 3, NOW, ClassifierTest.CHROME));
        recorder.offer(hit("d1", false, 2, 3, NOW + 200, ClassifierTest.CHROME));
        recorder.offer(hit("d1", false, 3, 3, NOW + 400, ClassifierTest.CHROME));
        recorder.offer(hit("d2", false, 1, 3, NOW + 100, ClassifierTest.CHROME));
        clock[0] = NOW + 10_000;
        waitFor(() -> recorder.stored() == 4);
        for (TrackEvent e : events()) {
            if (e.deliveryId().equals("d1")) {
                assertEquals(Classifier.ALL_LINKS, e.machine(), "link " + e.link());
            } else {
                assertNull(e.machine(), "another message's click");
            }
        }
    }

    @Test
    void tooSoonUsesTheMessagesSendingTimeAndAddressesAreKeptAsConfigured() throws InterruptedException {
        links.message(new TrackingLinks.Message("d3", "a1", "s1", "c3", "cy@example.org", NOW - 500));
        recorder = new HitRecorder(links, batches::add, new Classifier(ClassifierTest.BOTS, 2000),
                TrackingConfig.IpStorage.none, 10, () -> NOW);
        recorder.start();
        recorder.offer(hit("d3", true, 0, 2, NOW, ClassifierTest.OUTLOOK));
        recorder.stop();
        TrackEvent e = events().get(0);
        assertEquals(Classifier.TOO_SOON, e.machine());
        assertNull(e.ip());
        assertFalse(e.human());
    }

    @Test
    void aFailingDatabaseIsRetriedAndNothingIsLost() {
        AtomicBoolean failing = new AtomicBoolean(true);
        List<TrackEvent> stored = new CopyOnWriteArrayList<>();
        recorder = new HitRecorder(links, events -> {
            if (failing.get()) {
                throw new IllegalStateException("database down (test)");
            }
            stored.addAll(events);
        }, new Classifier(ClassifierTest.BOTS, 2000), TrackingConfig.IpStorage.truncated, 100, System::currentTimeMillis);
        recorder.start();
        recorder.offer(hit("d1", true, 0, 2, System.currentTimeMillis() - 5000, ClassifierTest.CHROME));
        waitFor(() -> links.lookups.size() >= 1);
        assertEquals(List.of(), stored);
        failing.set(false);
        waitFor(() -> stored.size() == 1);
        assertEquals(0, recorder.lost());
    }

    static void waitFor(BooleanSupplier condition) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
    }
}
