package io.neuromail.tracking.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.neuromail.db.internal.PersistenceService;
import io.neuromail.tracking.internal.TrackingStore.LinkTotals;
import io.neuromail.tracking.internal.TrackingStore.SendTotals;

/**
 * The events and counters on a real database through the real persistence service: totals and
 * uniques, people and machines, a click counting as an open, per-link counts, erasure, accounts kept
 * apart. Each test uses its own account and send.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TrackingStoreContract {

    static final Instant T = Instant.parse("2030-03-01T10:00:00Z");

    private TrackingStore store;

    abstract DataSource createDatabase() throws SQLException;

    abstract void dropDatabase() throws SQLException;

    @BeforeAll
    void start() throws SQLException {
        PersistenceService persistence = new PersistenceService(createDatabase());
        store = new TrackingStore(persistence);
    }

    @AfterAll
    void stop() throws SQLException {
        dropDatabase();
    }

    private String account;
    private String send;

    @BeforeEach
    void newSend() {
        account = UUID.randomUUID().toString();
        send = UUID.randomUUID().toString();
    }

    TrackEvent open(String delivery, String contact, int second, String machine) {
        return new TrackEvent(account, send, delivery, contact, true, 0, T.plusSeconds(second), "203.0.113.0",
                "ua", machine, false, delivery + ".example");
    }

    TrackEvent click(String delivery, String contact, int link, int second, String machine) {
        return new TrackEvent(account, send, delivery, contact, false, link, T.plusSeconds(second), "203.0.113.0",
                "ua", machine, false, delivery + ".example");
    }

    @Test
    void nothingRecordedIsAllZero() {
        assertEquals(SendTotals.NONE, store.totals(account, send));
        assertEquals(List.of(), store.links(account, send));
    }

    @Test
    void eachHourCountsItsHitsAndTheFirstsThatFellInIt() {
        store.record(List.of(open("d1", "c1", 10, null), open("d1", "c1", 20, null),
                open("d2", "c2", 30, Classifier.APPLE_MPP), click("d2", "c2", 1, 3_700, null)));
        store.record(List.of(open("d3", "c3", 7_300, null), click("d1", "c1", 2, 7_400, Classifier.BOT)));
        assertEquals(List.of(
                new TrackingStore.HourTotals(T, 2, 1, 1, 0, 0, 0, 0),
                new TrackingStore.HourTotals(T.plusSeconds(3_600), 0, 1, 0, 1, 1, 0, 0),
                new TrackingStore.HourTotals(T.plusSeconds(7_200), 1, 1, 0, 0, 0, 1, 0)), store.hours(account, send));
        SendTotals t = store.totals(account, send);
        assertEquals(t.uniqueHumanOpens(), store.hours(account, send).stream()
                .mapToLong(TrackingStore.HourTotals::uniqueHumanOpens).sum(), "the hours add up to the send's total");
        assertEquals(List.of(), store.hours(UUID.randomUUID().toString(), send), "another account sees none of it");
    }

    @Test
    void byDomainCountsTheMessagesPeopleOpenedAndClickedIn() {
        store.record(List.of(open("d1", "c1", 1, null), click("d1", "c1", 1, 2, null), open("d1", "c1", 3, null),
                open("d2", "c2", 4, Classifier.BOT), open("d3", null, 5, null)));
        java.util.Map<String, long[]> byDomain = store.domains(account, send,
                List.of("d1.example", "d2.example", "d3.example", "none.example"));
        assertEquals(List.of(1L, 1L), java.util.Arrays.stream(byDomain.get("d1.example")).boxed().toList());
        assertFalse(byDomain.containsKey("d2.example"), "a machine's open is no person's: nothing is counted");
        assertEquals(List.of(1L, 0L), java.util.Arrays.stream(byDomain.get("d3.example")).boxed().toList());
        assertFalse(byDomain.containsKey("none.example"));
        assertTrue(store.domains(UUID.randomUUID().toString(), send, List.of("d1.example")).isEmpty(),
                "another account sees none of it");
    }

    @Test
    void theCountersByDomainGrowWithEachBatchAndCountAMessageOnce() {
        java.util.function.BiFunction<String, Integer, TrackEvent> openAtShop = (delivery, second) -> new TrackEvent(account,
                send, delivery, null, true, 0, T.plusSeconds(second), "203.0.113.0", "ua", null, false, "shop.example");
        store.record(List.of(openAtShop.apply("m1", 1), openAtShop.apply("m1", 2)));
        store.record(List.of(openAtShop.apply("m1", 3), openAtShop.apply("m2", 4), new TrackEvent(account, send, "m2", null,
                false, 1, T.plusSeconds(5), "203.0.113.0", "ua", null, false, "shop.example")));
        store.record(List.of(new TrackEvent(account, send, "m3", null, true, 0, T.plusSeconds(6), "203.0.113.0", "ua", null,
                false, null)));
        assertEquals(List.of(2L, 1L), java.util.Arrays.stream(store.domains(account, send, List.of("shop.example"))
                .get("shop.example")).boxed().toList(), "two messages opened (one again), one clicked in");
        assertEquals(3, store.totals(account, send).uniqueHumanOpens(),
                "a message whose domain is not known counts in the totals only");
    }

    @Test
    void anUnsubscribeCountsOncePerMessageAndAnUndoTakesItBack() {
        store.record(List.of(open("d1", "c1", 10, null)));
        assertTrue(store.unsubscribed(account, send, "d1", T.plusSeconds(100)));
        assertFalse(store.unsubscribed(account, send, "d1", T.plusSeconds(200)), "the same message again");
        assertTrue(store.unsubscribed(account, send, "d2", T.plusSeconds(4_000)), "a message with no hit");
        assertEquals(2, store.unsubscribes(account, send));
        assertEquals(List.of(new TrackingStore.HourTotals(T, 1, 1, 0, 0, 0, 0, 1),
                new TrackingStore.HourTotals(T.plusSeconds(3_600), 0, 0, 0, 0, 0, 0, 1)), store.hours(account, send));
        assertEquals(0, store.unsubscribes(UUID.randomUUID().toString(), send));

        assertTrue(store.resubscribed(account, "d2"));
        assertFalse(store.resubscribed(account, "d2"), "nothing left to take back");
        assertFalse(store.resubscribed(UUID.randomUUID().toString(), "d1"), "another account's message");
        assertEquals(1, store.unsubscribes(account, send));
        assertEquals(0, store.hours(account, send).get(1).unsubscribes());
        assertTrue(store.unsubscribed(account, send, "d2", T.plusSeconds(4_100)), "unsubscribed again after the undo");
        assertEquals(2, store.unsubscribes(account, send));
    }

    @Test
    void thePeopleWhoOpenedOrClickedComeAPageAtATimeWithoutMachines() {
        store.record(List.of(open("d3", "c3", 10, null), open("d1", "c1", 20, null), click("d2", "c2", 1, 30, null),
                open("d4", "c4", 40, Classifier.APPLE_MPP), click("d1", "c1", 2, 50, null)));
        List<TrackingStore.Engaged> first = store.engaged(account, send, false, null, 2);
        assertEquals(List.of("d1", "d2"), first.stream().map(TrackingStore.Engaged::deliveryId).toList());
        assertEquals(new TrackingStore.Engaged("d1", "c1", T.plusSeconds(20), T.plusSeconds(50)), first.get(0));
        assertEquals(List.of("d3"), store.engaged(account, send, false, "d2", 2).stream()
                .map(TrackingStore.Engaged::deliveryId).toList(), "d4 was opened by a machine only");
        assertEquals(List.of("d1", "d2"), store.engaged(account, send, true, null, 10).stream()
                .map(TrackingStore.Engaged::deliveryId).toList());
        assertEquals(List.of(), store.engaged(UUID.randomUUID().toString(), send, false, null, 10));
        assertEquals(List.of("d1", "d3"), store.engaged(account, List.of("d1", "d3", "d4", "d9")).stream()
                .map(TrackingStore.Engaged::deliveryId).toList(), "of these messages, the ones a person opened");
        assertEquals(List.of(), store.engaged(UUID.randomUUID().toString(), List.of("d1")));
    }

    @Test
    void repeatedOpensCountInTotalsButOnceInUniques() {
        store.record(List.of(open("d1", "c1", 10, null), open("d1", "c1", 20, null), open("d2", "c2", 30, null)));
        store.record(List.of(open("d1", "c1", 40, null)));
        SendTotals t = store.totals(account, send);
        assertEquals(4, t.opens());
        assertEquals(2, t.uniqueOpens());
        assertEquals(4, t.humanOpens());
        assertEquals(2, t.uniqueHumanOpens());
        assertEquals(0, t.machineOpens());
        assertEquals(0, t.clicks());
    }

    @Test
    void machinesCountApartFromPeople() {
        store.record(List.of(open("d1", "c1", 1, Classifier.TOO_SOON), open("d2", "c2", 5, Classifier.APPLE_MPP)));
        store.record(List.of(open("d1", "c1", 100, null), click("d2", "c2", 1, 6, Classifier.BOT)));
        SendTotals t = store.totals(account, send);
        assertEquals(3, t.opens());
        assertEquals(2, t.uniqueOpens());
        assertEquals(1, t.humanOpens());
        assertEquals(1, t.uniqueHumanOpens(), "only d1 was opened by a person");
        assertEquals(2, t.machineOpens());
        assertEquals(1, t.clicks());
        assertEquals(1, t.uniqueClicks());
        assertEquals(0, t.humanClicks());
        assertEquals(0, t.uniqueHumanClicks());
        assertEquals(1, t.machineClicks());
    }

    @Test
    void aClickCountsAsAnOpenOfItsMessage() {
        store.record(List.of(click("d1", "c1", 2, 50, null)));
        SendTotals t = store.totals(account, send);
        assertEquals(0, t.opens(), "no open event");
        assertEquals(1, t.uniqueOpens(), "but the message was opened");
        assertEquals(1, t.uniqueHumanOpens());
        assertEquals(1, t.clicks());
        assertEquals(1, t.uniqueClicks());
        assertEquals(1, t.humanClicks());
        assertEquals(1, t.uniqueHumanClicks());
        // The open that follows (images loaded later) is not a second unique open.
        store.record(List.of(open("d1", "c1", 60, null)));
        t = store.totals(account, send);
        assertEquals(1, t.opens());
        assertEquals(1, t.uniqueOpens());
        assertEquals(1, t.uniqueHumanOpens());
    }

    @Test
    void linksCountClicksUniqueMessagesAndPeople() {
        store.record(List.of(click("d1", "c1", 1, 10, null), click("d1", "c1", 1, 20, null),
                click("d2", "c2", 1, 30, Classifier.ALL_LINKS), click("d2", "c2", 2, 30, Classifier.ALL_LINKS),
                click("d2", "c2", 0, 30, Classifier.HONEYPOT)));
        store.record(List.of(click("d3", "c3", 2, 40, null), click("d1", "c1", 1, 50, null)));
        assertEquals(List.of(new LinkTotals(1, 4, 2, 3), new LinkTotals(2, 2, 2, 1)), store.links(account, send));
        SendTotals t = store.totals(account, send);
        assertEquals(7, t.clicks());
        assertEquals(3, t.uniqueClicks());
        assertEquals(4, t.humanClicks());
        assertEquals(2, t.uniqueHumanClicks());
        assertEquals(3, t.machineClicks());
    }

    @Test
    void anEarlierHitStoredLaterIsNotCountedTwice() {
        store.record(List.of(open("d1", "c1", 100, null), click("d1", "c1", 1, 100, null)));
        store.record(List.of(open("d1", "c1", 50, null), click("d1", "c1", 1, 50, null)));
        SendTotals t = store.totals(account, send);
        assertEquals(1, t.uniqueOpens());
        assertEquals(1, t.uniqueClicks());
        assertEquals(List.of(new LinkTotals(1, 2, 1, 2)), store.links(account, send));
    }

    @Test
    void eventsAreStoredAsGivenAndStayInTheirAccount() {
        TrackEvent proxied = new TrackEvent(account, send, "d1", null, true, 0, T, null, "GoogleImageProxy", null, true,
                "d1.example");
        store.record(List.of(proxied, click("d1", null, 3, 5, Classifier.HEAD)));
        assertEquals(List.of(proxied, click("d1", null, 3, 5, Classifier.HEAD)), store.events(account, "d1"));
        String other = UUID.randomUUID().toString();
        assertEquals(List.of(), store.events(other, "d1"));
        assertEquals(SendTotals.NONE, store.totals(other, send));
        assertEquals(List.of(), store.links(other, send));
        assertEquals(0, store.eraseContact(other, "c1"));
    }

    @Test
    void erasingAContactDeletesItsEventsAndKeepsTheAnonymousCounters() {
        store.record(List.of(open("d1", "c1", 10, null), click("d1", "c1", 1, 20, null), open("d2", "c2", 30, null)));
        SendTotals before = store.totals(account, send);
        assertEquals(2, store.eraseContact(account, "c1"));
        assertEquals(List.of(), store.events(account, "d1"));
        assertEquals(1, store.events(account, "d2").size());
        assertEquals(before, store.totals(account, send));
        assertTrue(store.links(account, send).contains(new LinkTotals(1, 1, 1, 1)));
    }

    @Test
    void aBatchOfAThousandIsOneTransaction() {
        List<TrackEvent> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            batch.add(i % 3 == 0 ? click("d" + (i % 200), "c" + (i % 200), 1 + i % 4, i, null)
                    : open("d" + (i % 200), "c" + (i % 200), i, i % 2 == 0 ? Classifier.BOT : null));
        }
        store.record(batch);
        SendTotals t = store.totals(account, send);
        assertEquals(1000, t.opens() + t.clicks());
        assertEquals(200, t.uniqueOpens());
        // A batch that fails part-way leaves nothing behind.
        List<TrackEvent> broken = List.of(open("d1", "c1", 5000, null),
                new TrackEvent(account, send, "d-" + "x".repeat(40), null, true, 0, T, null, "ua", null, false, null));
        try {
            store.record(broken);
            throw new AssertionError("a delivery id over 36 characters must be refused");
        } catch (io.neuromail.api.persistence.DataAccessException expected) {
            assertEquals(t, store.totals(account, send));
        }
    }
}
