package io.neuromail.contacts.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.neuromail.api.activity.ActivityEvent;
import io.neuromail.api.persistence.Jdbc;
import io.neuromail.contacts.api.ContactStatus;
import io.neuromail.contacts.api.StatusSource;
import io.neuromail.contacts.internal.Views.ContactDetail;
import io.neuromail.contacts.internal.Views.StatusChangeView;
import io.neuromail.contacts.internal.Views.SuppressionView;
import io.neuromail.db.internal.PersistenceService;

/**
 * Status changes that come from outside the address book — an unsubscribe link, its undo, bounces,
 * complaints — on a real database: the same contract runs on H2 and on PostgreSQL.
 */
abstract class StatusChangesContract {

    private static final Duration WEEK = Duration.ofDays(7);
    private static final String LINK = "unsubscribe link, send s-1, message d-1";
    private static final String OTHER_LINK = "unsubscribe link, send s-2, message d-2";

    abstract DataSource createDatabase() throws SQLException;

    abstract void dropDatabase() throws SQLException;

    final List<ActivityEvent> events = new CopyOnWriteArrayList<>();
    final MovableClock clock = new MovableClock(Instant.parse("2026-11-30T10:00:00Z"));
    ContactStore contacts;
    SuppressionStore suppressions;
    Actor alice;
    Actor bob;

    @BeforeEach
    void setUp() throws Exception {
        DataSource ds = createDatabase();
        PersistenceService persistence = new PersistenceService(ds);
        persistence.migrate("contacts", ContactsDatabase.class.getClassLoader(), ContactsDatabase.CHANGELOG);
        Jdbc jdbc = persistence.jdbc();
        contacts = new ContactStore(jdbc, events::add, clock);
        suppressions = new SuppressionStore(jdbc, events::add, clock);
        alice = Actor.system(UUID.randomUUID().toString());
        bob = Actor.system(UUID.randomUUID().toString());
    }

    @AfterEach
    void tearDown() throws Exception {
        dropDatabase();
    }

    @Test
    void anUnsubscribeLinkRecordsHistoryActivityAndSuppressionOnceHoweverOftenItIsUsed() {
        String id = contact(alice, "Anna@Example.com").id();
        events.clear();

        assertTrue(unsubscribe(alice, "anna@example.com", LINK));
        clock.advance(Duration.ofSeconds(5));
        assertTrue(unsubscribe(alice, "ANNA@example.com", LINK));

        ContactDetail anna = contacts.get(alice.accountId(), id);
        assertEquals("unsubscribed", anna.contact().status());
        assertEquals(1, anna.statusHistory().size(), "a repeated unsubscribe is no new change");
        StatusChangeView change = anna.statusHistory().get(0);
        assertEquals(List.of("subscribed", "unsubscribed", "unsubscribe_link", LINK),
                List.of(change.oldStatus(), change.newStatus(), change.source(), change.reason()));
        assertEquals(List.of("unsubscribed/unsubscribe_link"), entries(alice));
        assertEquals(1, events.size());
        ActivityEvent event = events.get(0);
        assertEquals("contacts.status.changed", event.type());
        assertEquals(alice.accountId(), event.accountId());
        assertEquals(Map.of("contactId", id, "from", "subscribed", "to", "unsubscribed", "source", "unsubscribe_link"),
                event.details());
        assertFalse(suppressions.isSuppressed(bob.accountId(), "anna@example.com"));
    }

    @Test
    void anUnsubscribeOfAnAddressThatIsNoContactSuppressesItAndLogsItOnce() {
        assertFalse(unsubscribe(alice, "Gone@Example.com", LINK));
        assertFalse(unsubscribe(alice, "gone@example.com", LINK));

        assertTrue(suppressions.isSuppressed(alice.accountId(), "gone@example.com"));
        assertEquals(List.of("unsubscribed/unsubscribe_link"), entries(alice));
        assertEquals(1, events.size());
        assertEquals("contacts.suppression.added", events.get(0).type());
        assertEquals(Map.of("count", "1", "reason", "unsubscribed", "source", "unsubscribe_link"), events.get(0).details());
    }

    @Test
    void undoSubscribesAgainOnlyForTheLinkThatUnsubscribedAndIsIdempotent() {
        String id = contact(alice, "anna@example.com").id();
        unsubscribe(alice, "anna@example.com", LINK);
        clock.advance(Duration.ofMinutes(1));
        events.clear();

        assertFalse(contacts.undoUnsubscribe(alice.accountId(), "anna@example.com", OTHER_LINK, WEEK),
                "another message's link cannot undo it");
        assertFalse(contacts.undoUnsubscribe(bob.accountId(), "anna@example.com", LINK, WEEK), "nor another account");
        assertEquals("unsubscribed", contacts.get(alice.accountId(), id).contact().status());

        assertTrue(contacts.undoUnsubscribe(alice.accountId(), "Anna@EXAMPLE.com", LINK, WEEK));
        ContactDetail anna = contacts.get(alice.accountId(), id);
        assertEquals("subscribed", anna.contact().status());
        assertFalse(suppressions.isSuppressed(alice.accountId(), "anna@example.com"));
        assertEquals(List.of(), entries(alice));
        StatusChangeView undo = anna.statusHistory().get(0);
        assertEquals(List.of("unsubscribed", "subscribed", "unsubscribe_link", ContactStore.UNDO_PREFIX + LINK),
                List.of(undo.oldStatus(), undo.newStatus(), undo.source(), undo.reason()));
        assertEquals(1, events.size());
        assertEquals("subscribed", events.get(0).details().get("to"));

        assertTrue(contacts.undoUnsubscribe(alice.accountId(), "anna@example.com", LINK, WEEK), "a second undo");
        assertEquals(2, contacts.get(alice.accountId(), id).statusHistory().size(), "changes nothing");
        assertEquals(1, events.size());

        // The same link can unsubscribe again, and undo that again.
        clock.advance(Duration.ofMinutes(1));
        unsubscribe(alice, "anna@example.com", LINK);
        assertEquals("unsubscribed", contacts.get(alice.accountId(), id).contact().status());
        clock.advance(Duration.ofMinutes(1));
        assertTrue(contacts.undoUnsubscribe(alice.accountId(), "anna@example.com", LINK, WEEK));
        assertEquals("subscribed", contacts.get(alice.accountId(), id).contact().status());
    }

    @Test
    void undoEndsWithItsWindow() {
        String id = contact(alice, "anna@example.com").id();
        unsubscribe(alice, "anna@example.com", LINK);
        unsubscribe(alice, "nobody@example.com", LINK);
        clock.advance(WEEK.plusSeconds(1));

        assertFalse(contacts.undoUnsubscribe(alice.accountId(), "anna@example.com", LINK, WEEK));
        assertFalse(contacts.undoUnsubscribe(alice.accountId(), "nobody@example.com", LINK, WEEK));
        assertEquals("unsubscribed", contacts.get(alice.accountId(), id).contact().status());
        assertTrue(suppressions.isSuppressed(alice.accountId(), "anna@example.com"));
        assertTrue(suppressions.isSuppressed(alice.accountId(), "nobody@example.com"));
    }

    @Test
    void undoNeverTakesBackABounceOrComplaintThatCameAfter() {
        String anna = contact(alice, "anna@example.com").id();
        String ben = contact(alice, "ben@example.com").id();
        unsubscribe(alice, "anna@example.com", LINK);
        unsubscribe(alice, "ben@example.com", LINK);
        clock.advance(Duration.ofMinutes(1));
        contacts.changeStatus(alice.accountId(), "anna@example.com", ContactStatus.BOUNCED, StatusSource.BOUNCE, "550");
        contacts.changeStatus(alice.accountId(), "ben@example.com", ContactStatus.COMPLAINED, StatusSource.COMPLAINT, null);

        assertFalse(contacts.undoUnsubscribe(alice.accountId(), "anna@example.com", LINK, WEEK));
        assertFalse(contacts.undoUnsubscribe(alice.accountId(), "ben@example.com", LINK, WEEK));
        assertEquals("bounced", contacts.get(alice.accountId(), anna).contact().status());
        assertEquals("complained", contacts.get(alice.accountId(), ben).contact().status());
        assertEquals(List.of("bounced/bounce", "complained/complaint"), entries(alice));
    }

    @Test
    void anUnsubscribeNeverReplacesABounceAComplaintOrAnEntryMadeByHand() {
        String bounced = contact(alice, "bounced@example.com").id();
        contacts.changeStatus(alice.accountId(), "bounced@example.com", ContactStatus.BOUNCED, StatusSource.BOUNCE, "550");
        contacts.changeStatus(alice.accountId(), "angry@example.com", ContactStatus.COMPLAINED, StatusSource.COMPLAINT, null);
        suppressions.add(alice, "manual@example.com");
        String held = contact(alice, "held@example.com").id();
        suppressions.add(alice, "held@example.com");
        clock.advance(Duration.ofMinutes(1));

        for (String email : List.of("bounced@example.com", "angry@example.com", "manual@example.com", "held@example.com")) {
            unsubscribe(alice, email, LINK);
        }
        assertEquals("bounced", contacts.get(alice.accountId(), bounced).contact().status());
        assertEquals(1, contacts.get(alice.accountId(), bounced).statusHistory().size());
        // A subscribed contact whose address was suppressed by hand is unsubscribed; the entry stays manual.
        assertEquals("unsubscribed", contacts.get(alice.accountId(), held).contact().status());
        // By address: angry, bounced, held, manual.
        assertEquals(List.of("complained/complaint", "bounced/bounce", "manual/api", "manual/api"), entries(alice));

        clock.advance(Duration.ofMinutes(1));
        assertFalse(contacts.undoUnsubscribe(alice.accountId(), "bounced@example.com", LINK, WEEK));
        assertFalse(contacts.undoUnsubscribe(alice.accountId(), "angry@example.com", LINK, WEEK));
        assertFalse(contacts.undoUnsubscribe(alice.accountId(), "manual@example.com", LINK, WEEK));
        // The contact's own unsubscribe is taken back, the hand-made entry is not.
        assertTrue(contacts.undoUnsubscribe(alice.accountId(), "held@example.com", LINK, WEEK));
        assertEquals("subscribed", contacts.get(alice.accountId(), held).contact().status());
        assertEquals(List.of("complained/complaint", "bounced/bounce", "manual/api", "manual/api"), entries(alice));
        for (String email : List.of("bounced@example.com", "angry@example.com", "manual@example.com", "held@example.com")) {
            assertTrue(suppressions.isSuppressed(alice.accountId(), email), email);
        }
    }

    @Test
    void undoNeverTakesBackAnUnsubscribeMadeThroughTheApi() {
        String id = contact(alice, "anna@example.com").id();
        contacts.update(alice, id, new ContactInput(null, null, null, "unsubscribed", null, null, null));
        clock.advance(Duration.ofMinutes(1));
        unsubscribe(alice, "anna@example.com", LINK);

        assertFalse(contacts.undoUnsubscribe(alice.accountId(), "anna@example.com", LINK, WEEK));
        assertEquals("unsubscribed", contacts.get(alice.accountId(), id).contact().status());
        assertEquals(List.of("unsubscribed/api"), entries(alice));
    }

    @Test
    void undoOfAnAddressThatIsNoContactRemovesOnlyTheLinksEntry() {
        unsubscribe(alice, "gone@example.com", LINK);
        clock.advance(Duration.ofMinutes(1));

        assertFalse(contacts.undoUnsubscribe(bob.accountId(), "gone@example.com", LINK, WEEK));
        assertTrue(contacts.undoUnsubscribe(alice.accountId(), "gone@example.com", LINK, WEEK));
        assertFalse(suppressions.isSuppressed(alice.accountId(), "gone@example.com"));
        assertFalse(contacts.undoUnsubscribe(alice.accountId(), "gone@example.com", LINK, WEEK), "nothing left");
        assertThrows(IllegalArgumentException.class,
                () -> contacts.undoUnsubscribe(alice.accountId(), "not an address", LINK, WEEK));
    }

    private Views.ContactView contact(Actor actor, String email) {
        return contacts.create(actor, new ContactInput(email, null, null, null, "form", null, null));
    }

    private boolean unsubscribe(Actor actor, String email, String reason) {
        return contacts.changeStatus(actor.accountId(), email, ContactStatus.UNSUBSCRIBED, StatusSource.UNSUBSCRIBE_LINK,
                reason);
    }

    /** The account's suppression entries as "reason/source", by address. */
    private List<String> entries(Actor actor) {
        return suppressions.page(actor.accountId(), null, 0, 100).items().stream()
                .sorted(java.util.Comparator.comparing(SuppressionView::email))
                .map(e -> e.reason() + "/" + e.source()).toList();
    }

    /** A clock the test moves forward. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
