package io.neuromail.campaigns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.neuromail.api.rest.ApiException;
import io.neuromail.api.rest.PageRequest;
import io.neuromail.db.internal.PersistenceService;

/**
 * The campaigns table on a real database through the real persistence service: the moves between
 * states are conditional (only one of two racing callers makes a move), a start is taken once, a
 * stale version is refused, every query keeps to its account.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CampaignStoreContract {

    private final Instant now = Instant.parse("2030-03-01T10:00:00Z");
    private CampaignStore store;
    private SettingsStore settings;
    private PersistenceService persistence;

    abstract DataSource createDatabase() throws SQLException;

    abstract void dropDatabase() throws SQLException;

    @BeforeAll
    void start() throws SQLException {
        persistence = new PersistenceService(createDatabase());
        persistence.migrate("campaigns", CampaignsDatabase.class.getClassLoader(), CampaignsDatabase.CHANGELOG);
        store = new CampaignStore(persistence.jdbc());
        settings = new SettingsStore(persistence.jdbc());
    }

    @AfterAll
    void stop() throws SQLException {
        dropDatabase();
    }

    private Campaign draft(String account, String name, String subject, List<String> tags) {
        return draft(account, name, subject, tags, true);
    }

    private Campaign draft(String account, String name, String subject, List<String> tags, boolean tracking) {
        Campaign c = new Campaign(UUID.randomUUID().toString(), account, name, CampaignStatus.DRAFT, null, subject, null,
                "news@shop.example", "Shop", null, "<p>Hi {{ first_name | default: \"there\" }}</p>", "Hi", true,
                List.of("removed a <script> element"), null, false,
                new Audience(List.of("l1"), List.of(), List.of("l2"), List.of()), null, null, null, null, false, null,
                null, null, true, Tokens.next(), false, tracking, 1, "u@shop.example", now, now, tags);
        store.insert(c);
        return c;
    }

    @Test
    void aCampaignIsReadBackAsWrittenAndOnlyInItsAccount() {
        String account = UUID.randomUUID().toString();
        Campaign c = draft(account, "Spring sale", "Spring is here", List.of("spring", "sale"));
        Campaign read = store.find(account, c.id()).orElseThrow();
        assertEquals(c.audience(), read.audience());
        assertEquals(List.of("sale", "spring"), read.tags());
        assertEquals(c.html(), read.html());
        assertEquals(c.sanitiserNotes(), read.sanitiserNotes());
        assertEquals(now, read.createdAt());
        assertTrue(store.find(UUID.randomUUID().toString(), c.id()).isEmpty());
        assertEquals(c.id(), store.byWebviewToken(c.webviewToken()).orElseThrow().id());
    }

    @Test
    void theListSearchesFiltersByStatusAndTagSortsAndPages() {
        String account = UUID.randomUUID().toString();
        draft(account, "Bravo", "Weekly news", List.of("weekly"));
        draft(account, "alpha", "100% off_today", List.of("sale"));
        Campaign c = draft(account, "Charlie", "Weekly digest", List.of("weekly"));
        draft(UUID.randomUUID().toString(), "Other account", "Weekly", List.of("weekly"));
        assertTrue(store.move(account, c.id(), List.of(CampaignStatus.DRAFT), CampaignStatus.CANCELLED, Map.of(), now));

        var byName = store.list(account, null, null, null, "name", PageRequest.of("0", "2"));
        assertEquals(3, byName.total());
        assertEquals(List.of("alpha", "Bravo"), byName.items().stream().map(Campaign::name).toList());
        assertEquals(List.of("Charlie"), store.list(account, null, null, null, "name", PageRequest.of("1", "2"))
                .items().stream().map(Campaign::name).toList());
        assertEquals(2, store.list(account, "WEEKLY", null, null, null, PageRequest.of(null, null)).total());
        // LIKE wildcards in the search are literal characters.
        assertEquals(List.of("alpha"), store.list(account, "0% off_", null, null, null, PageRequest.of(null, null))
                .items().stream().map(Campaign::name).toList());
        assertEquals(0, store.list(account, "1_0", null, null, null, PageRequest.of(null, null)).total());
        assertEquals(List.of("Charlie"), store.list(account, null, CampaignStatus.CANCELLED, null, null,
                PageRequest.of(null, null)).items().stream().map(Campaign::name).toList());
        assertEquals(List.of("Bravo", "Charlie"), store.list(account, null, null, "weekly", "name",
                PageRequest.of(null, null)).items().stream().map(Campaign::name).toList());
        assertEquals(List.of("weekly", "sale"), store.tags(account));
    }

    @Test
    void aStaleVersionOrAFinishedCampaignIsNotOverwritten() {
        String account = UUID.randomUUID().toString();
        Campaign c = draft(account, "Versioned", "S", List.of());
        Campaign.Content edited = new Campaign.Content("Versioned 2", "S2", null, c.from(), null, null, "<p>x</p>", "x",
                true, List.of(), null, false, c.audience(), true, false, true, List.of("t"));
        store.updateContent(account, c.id(), 1, edited, now);
        Campaign read = store.find(account, c.id()).orElseThrow();
        assertEquals(2, read.version());
        assertEquals("Versioned 2", read.name());
        assertEquals(List.of("t"), read.tags());

        ApiException stale = assertThrows(ApiException.class, () -> store.updateContent(account, c.id(), 1, edited, now));
        assertEquals(409, stale.status());
        assertTrue(stale.detail().contains("changed meanwhile"), stale.detail());

        assertTrue(store.move(account, c.id(), List.of(CampaignStatus.DRAFT), CampaignStatus.CANCELLED, Map.of(), now));
        ApiException closed = assertThrows(ApiException.class, () -> store.updateContent(account, c.id(), 3, edited, now));
        assertEquals(409, closed.status());
        assertTrue(closed.detail().contains("cannot be changed"), closed.detail());
        assertEquals(404, assertThrows(ApiException.class, () -> store.updateContent(UUID.randomUUID().toString(),
                c.id(), 3, edited, now)).status());
    }

    @Test
    void theTrackingSwitchIsStoredAndChangedWithTheContent() {
        String account = UUID.randomUUID().toString();
        Campaign untracked = draft(account, "Private", "S", List.of(), false);
        assertFalse(store.find(account, untracked.id()).orElseThrow().tracking());
        Campaign tracked = draft(account, "Public", "S", List.of(), true);
        assertTrue(store.find(account, tracked.id()).orElseThrow().tracking());
        assertFalse(store.list(account, "private", null, null, null, PageRequest.of(null, null)).items().get(0)
                .tracking());

        Campaign.Content on = withTracking(untracked.content(), true);
        store.updateContent(account, untracked.id(), 1, on, now);
        assertTrue(store.find(account, untracked.id()).orElseThrow().tracking());
        store.updateContent(account, untracked.id(), 2, withTracking(on, false), now);
        Campaign off = store.find(account, untracked.id()).orElseThrow();
        assertFalse(off.tracking());
        assertEquals(3, off.version());
    }

    @Test
    void aCampaignRowWrittenWithoutTheTrackingColumnTracks() {
        // What rows from before the column existed got, and what any writer that does not name it gets.
        String account = UUID.randomUUID().toString();
        String id = UUID.randomUUID().toString();
        persistence.jdbc().update("INSERT INTO nm_campaign (id, account_id, name, status, webview_token, created_at,"
                + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", id, account, "Old", CampaignStatus.DRAFT, Tokens.next(),
                now, now);
        assertTrue(store.find(account, id).orElseThrow().tracking());
    }

    @Test
    void anAccountTracksUntilItTurnsTrackingOffAndAnUpdateWithoutTheSwitchKeepsIt() {
        String account = UUID.randomUUID().toString();
        assertTrue(settings.get(account).trackingEnabled());
        assertFalse(settings.update(account, "Shop", "1 Road", false, false).trackingEnabled());
        SettingsStore.Settings kept = settings.update(account, "Shop Ltd", "2 Road", true, null);
        assertFalse(kept.trackingEnabled());
        assertEquals("Shop Ltd", kept.organisationName());
        assertTrue(kept.archiveEnabled());
        assertTrue(settings.update(account, "Shop Ltd", "2 Road", true, true).trackingEnabled());
        assertTrue(settings.update(account, "Shop Ltd", "2 Road", true, null).trackingEnabled());
        // Another account's settings are its own.
        settings.update(account, "Shop Ltd", "2 Road", true, false);
        assertTrue(settings.get(UUID.randomUUID().toString()).trackingEnabled());
        assertFalse(settings.byArchiveToken(settings.get(account).archiveToken()).orElseThrow().trackingEnabled());
    }

    private static Campaign.Content withTracking(Campaign.Content c, boolean tracking) {
        return new Campaign.Content(c.name(), c.subject(), c.preheader(), c.from(), c.fromName(), c.replyTo(), c.html(),
                c.text(), c.textFromHtml(), c.sanitiserNotes(), c.senderName(), c.inlineCss(), c.audience(),
                c.webviewEnabled(), c.inArchive(), tracking, c.tags());
    }

    @Test
    void ofManyRacingStartsExactlyOneTakesTheCampaign() throws Exception {
        String account = UUID.randomUUID().toString();
        Campaign c = draft(account, "Race", "S", List.of());
        assertTrue(store.move(account, c.id(), List.of(CampaignStatus.DRAFT), CampaignStatus.SCHEDULED,
                Map.of("scheduled_at", now.minusSeconds(1), "schedule_zone", "UTC"), now));
        int racers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            String owner = "node-" + i;
            Callable<Boolean> claim = () -> {
                go.await();
                return store.claimStart(account, c.id(), List.of(CampaignStatus.SCHEDULED), owner, now.plusSeconds(60),
                        now, null, null, false);
            };
            results.add(pool.submit(claim));
        }
        go.countDown();
        int won = 0;
        for (Future<Boolean> f : results) {
            won += f.get() ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(1, won);
        assertEquals(CampaignStatus.SENDING, store.find(account, c.id()).orElseThrow().status());
    }

    @Test
    void aStartLeftUnfinishedIsDueAgainOnlyAfterItsLeaseAndThenTakenOnce() {
        String account = UUID.randomUUID().toString();
        Campaign c = draft(account, "Lease", "S", List.of());
        assertTrue(store.move(account, c.id(), List.of(CampaignStatus.DRAFT), CampaignStatus.SCHEDULED,
                Map.of("scheduled_at", now, "schedule_zone", "Europe/Berlin"), now));
        assertTrue(store.due(now.minusSeconds(1), 100).stream().noneMatch(d -> d.id().equals(c.id())));
        assertTrue(store.due(now, 100).stream().anyMatch(d -> d.id().equals(c.id())));
        assertTrue(store.claimStart(account, c.id(), List.of(CampaignStatus.SCHEDULED), "a", now.plusSeconds(60), now,
                null, null, false));
        // Node a stopped before it made the send: nobody takes it while a's lease runs, then one node does.
        assertTrue(store.due(now.plusSeconds(30), 100).stream().noneMatch(d -> d.id().equals(c.id())));
        assertFalse(store.claimStart(account, c.id(), List.of(CampaignStatus.SCHEDULED), "b", now.plusSeconds(90),
                now.plusSeconds(30), null, null, false));
        Instant later = now.plusSeconds(61);
        assertTrue(store.due(later, 100).stream().anyMatch(d -> d.id().equals(c.id())));
        assertTrue(store.claimStart(account, c.id(), List.of(CampaignStatus.SCHEDULED), "b", later.plusSeconds(60), later,
                null, null, false));
        assertFalse(store.claimStart(account, c.id(), List.of(CampaignStatus.SCHEDULED), "c", later.plusSeconds(60), later,
                null, null, false));
        // Only the owner of the start records its send; a late answer of node a changes nothing.
        store.started(account, c.id(), "a", "send-a", later);
        assertEquals(null, store.find(account, c.id()).orElseThrow().sendId());
        store.started(account, c.id(), "b", "send-b", later);
        Campaign started = store.find(account, c.id()).orElseThrow();
        assertEquals("send-b", started.sendId());
        assertEquals(later, started.startedAt().truncatedTo(ChronoUnit.SECONDS));
        assertTrue(store.due(later.plusSeconds(3600), 100).stream().noneMatch(d -> d.id().equals(c.id())));
        assertTrue(store.active(1000).stream().anyMatch(a -> a.id().equals(c.id())));
    }

    @Test
    void onlyDraftsAndCancelledCampaignsAreDeleted() {
        String account = UUID.randomUUID().toString();
        Campaign c = draft(account, "Delete me", "S", List.of("x"));
        assertTrue(store.move(account, c.id(), List.of(CampaignStatus.DRAFT), CampaignStatus.SCHEDULED, Map.of(), now));
        assertFalse(store.delete(account, c.id(), CampaignStatus.MOVES.get("delete").from()));
        assertTrue(store.move(account, c.id(), List.of(CampaignStatus.SCHEDULED), CampaignStatus.DRAFT, Map.of(), now));
        assertFalse(store.delete(UUID.randomUUID().toString(), c.id(), CampaignStatus.MOVES.get("delete").from()));
        assertTrue(store.delete(account, c.id(), CampaignStatus.MOVES.get("delete").from()));
        assertTrue(store.find(account, c.id()).isEmpty());
        assertTrue(store.tags(account).isEmpty());
    }
}
