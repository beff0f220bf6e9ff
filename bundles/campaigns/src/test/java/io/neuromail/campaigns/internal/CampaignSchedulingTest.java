package io.neuromail.campaigns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.neuromail.api.activity.ActivityEvent;
import io.neuromail.api.rest.ApiException;
import io.neuromail.api.security.Caller;
import io.neuromail.contacts.api.Recipient;
import io.neuromail.contacts.api.RecipientQuery;
import io.neuromail.contacts.api.Recipients;
import io.neuromail.db.internal.PersistenceService;
import io.neuromail.delivery.api.MarketingSends;
import io.neuromail.delivery.api.MessageTemplates;

/**
 * Scheduled campaigns as two nodes see them: both run the schedule over one database at the same
 * moment and the campaign starts once; a start refused by delivery's gate returns the campaign to a
 * draft with the reason; a delivery that cannot answer leaves the start to be tried again. And what a
 * send asks delivery for: opens and clicks are tracked only when the account and the campaign both
 * say so, never for a test. Delivery,
 * the address book and the template service are stand-ins that record what they were asked; the
 * database and the campaigns code are the real ones.
 */
class CampaignSchedulingTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2030-05-04T08:00:00Z"));
    private final List<MarketingSends.Request> starts = new CopyOnWriteArrayList<>();
    private final List<ActivityEvent> activity = new CopyOnWriteArrayList<>();
    private volatile RuntimeException deliveryAnswer;
    private CampaignService nodeA;
    private CampaignService nodeB;
    private String account;

    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @BeforeEach
    void start() throws java.sql.SQLException {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:nm_campaign_sched_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        PersistenceService persistence = new PersistenceService(ds);
        persistence.migrate("campaigns", CampaignsDatabase.class.getClassLoader(), CampaignsDatabase.CHANGELOG);
        nodeA = node(persistence);
        nodeB = node(persistence);
        account = UUID.randomUUID().toString();
        nodeA.settingsStore().update(account, "Tea Shop", "1 Leaf Lane", false, null);
    }

    private CampaignService node(PersistenceService persistence) {
        CampaignService s = new CampaignService(new CampaignStore(persistence.jdbc()), new AbTestStore(persistence.jdbc()),
                new SettingsStore(persistence.jdbc()),
                new TemplateStore(persistence.jdbc()), new Composer(), () -> "https://mail.example.test", activity::add, clock);
        s.sends = new MarketingSends() {
            @Override
            public Started start(Caller caller, Request request) {
                RuntimeException answer = deliveryAnswer;
                if (answer != null) {
                    throw answer;
                }
                starts.add(request);
                return new Started("send-" + starts.size(), 3, "ALLOW");
            }

            @Override
            public Optional<Progress> progress(String accountId, String sendId) {
                return Optional.of(new Progress(sendId, "running", null, 3, 3, 0, 0, 0, 0, 0, 0, null));
            }

            @Override
            public java.util.List<DomainProgress> domains(String accountId, String sendId, int limit) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Map<String, String> recipients(String accountId, String sendId, java.util.Collection<String> ids) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<ContactMessage> messagesOf(String accountId, String contactId, int limit) {
                throw new UnsupportedOperationException();
            }

            @Override
            public io.neuromail.api.persistence.SqlCondition sentTo(String accountId, java.util.Collection<String> sendIds,
                                                                    java.time.Instant since) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Progress act(Caller caller, String sendId, String action) {
                throw new UnsupportedOperationException();
            }
        };
        s.messageTemplates = new MessageTemplates() {
            @Override
            public List<Problem> check(Content content, Set<String> knownNames) {
                return List.of();
            }

            @Override
            public Content render(Content content, Map<String, Object> values) {
                return content;
            }
        };
        s.recipients = new Recipients() {
            @Override
            public long forEach(String accountId, RecipientQuery query, Consumer<Recipient> sink) {
                throw new UnsupportedOperationException();
            }

            @Override
            public long count(String accountId, RecipientQuery query) {
                return 3;
            }

            @Override
            public Selection select(String accountId, RecipientQuery query) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Map<String, Recipient> byIds(String accountId, Collection<String> contactIds) {
                return Map.of();
            }

            @Override
            public Set<String> attributeNames(String accountId) {
                return Set.of();
            }
        };
        s.identities = (accountId, address) -> true;
        return s;
    }

    private Caller caller() {
        return new Caller(account, "user-1", "owner@shop.example", Caller.AuthMethod.SESSION, null);
    }

    /** A campaign ready to send; {@code tracking} {@code null} leaves the campaign's switch as it was made. */
    private Views.CampaignView ready(Boolean tracking) {
        Views.CampaignView c = nodeA.create(caller(), new Requests.NewCampaign("Weekly", null));
        return nodeA.update(caller(), c.id(), new Requests.CampaignBody("Weekly", "Hello", null, "news@shop.example",
                null, null, "<p>Hello <a href=\"https://shop.example/tea\">tea</a></p>", null, true, List.of(), null,
                false, new Audience(List.of("list-1"), null, null, null), null, false, tracking, c.version()));
    }

    private String scheduled() {
        String id = ready(null).id();
        nodeA.schedule(caller(), id, new Requests.ScheduleBody("2030-05-04T10:30", "Europe/Berlin", false));
        return id;
    }

    private MarketingSends.Request sentNow(String id) {
        int before = starts.size();
        nodeA.sendNow(caller(), id, new Requests.ActionBody(false));
        assertEquals(before + 1, starts.size());
        return starts.get(before);
    }

    private MarketingSends.Request testSent(String id) {
        int before = starts.size();
        nodeA.test(caller(), id, new Requests.TestBody(List.of("me@shop.example"), null, false));
        assertEquals(before + 1, starts.size());
        MarketingSends.Request test = starts.get(before);
        assertTrue(test.test());
        return test;
    }

    private void accountTracking(Boolean enabled) {
        nodeA.updateSettings(caller(), new Requests.SettingsBody("Tea Shop", "1 Leaf Lane", false, enabled));
    }

    @Test
    void twoNodesRunningTheScheduleTogetherStartTheCampaignOnceAtItsTime() throws Exception {
        String id = scheduled();
        // 10:30 in Berlin is 08:30 UTC: nothing starts before.
        assertEquals(0, nodeA.startDue(10) + nodeB.startDue(10));
        now.set(Instant.parse("2030-05-04T08:30:00Z"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        Future<Integer> a = pool.submit(() -> {
            go.await();
            return nodeA.startDue(10);
        });
        Future<Integer> b = pool.submit(() -> {
            go.await();
            return nodeB.startDue(10);
        });
        go.countDown();
        assertEquals(1, a.get() + b.get());
        pool.shutdown();
        assertEquals(1, starts.size());
        assertEquals("campaign:" + id, starts.get(0).source());
        assertEquals(List.of("list-1"), starts.get(0).audience().listIds());
        assertEquals("1 Leaf Lane", starts.get(0).constants().get("postal_address"));
        assertTrue(starts.get(0).tracked());
        Campaign c = nodeB.store().find(account, id).orElseThrow();
        assertEquals(CampaignStatus.SENDING, c.status());
        assertEquals("send-1", c.sendId());
        // Later runs start nothing more.
        now.set(now.get().plusSeconds(3600));
        assertEquals(0, nodeA.startDue(10) + nodeB.startDue(10));
        assertEquals(1, starts.size());
    }

    @Test
    void aCampaignScheduledWithAnApiKeyStartsAsThatKey() {
        String id = ready(null).id();
        Caller key = new Caller(account, null, null, Caller.AuthMethod.API_KEY, UUID.randomUUID().toString());
        nodeA.schedule(key, id, new Requests.ScheduleBody("2030-05-04T10:30", "Europe/Berlin", false));
        assertEquals("api-key:" + key.apiKeyId(), nodeA.store().find(account, id).orElseThrow().scheduledByUser());
        now.set(Instant.parse("2030-05-04T08:30:00Z"));
        assertEquals(1, nodeA.startDue(10));
        assertEquals(CampaignStatus.SENDING, nodeA.store().find(account, id).orElseThrow().status());
    }

    @Test
    void aStartTheGateRefusesGoesBackToDraftWithTheReason() {
        String id = scheduled();
        now.set(Instant.parse("2030-05-04T08:30:05Z"));
        deliveryAnswer = ApiException.invalid("from", "news@shop.example is not a verified sender identity");
        assertEquals(0, nodeA.startDue(10));
        Campaign c = nodeA.store().find(account, id).orElseThrow();
        assertEquals(CampaignStatus.DRAFT, c.status());
        assertTrue(c.statusReason().contains("not a verified sender identity"), c.statusReason());
        assertNull(c.sendId());
        assertTrue(activity.stream().anyMatch(e -> e.type().equals("campaign.start-refused")));
    }

    @Test
    void aStartDeliveryCannotAnswerIsTakenOverOnceTheLeaseEnds() {
        String id = scheduled();
        now.set(Instant.parse("2030-05-04T08:30:05Z"));
        deliveryAnswer = new ApiException(503, "Service Unavailable", "the address book is not running");
        assertEquals(0, nodeA.startDue(10));
        assertEquals(CampaignStatus.SENDING, nodeA.store().find(account, id).orElseThrow().status());
        deliveryAnswer = null;
        // Node A holds the start for its lease; then any node takes it over.
        now.set(now.get().plus(CampaignService.START_LEASE).minusSeconds(1));
        assertEquals(0, nodeB.startDue(10));
        now.set(now.get().plusSeconds(2));
        assertEquals(1, nodeB.startDue(10));
        assertEquals(1, starts.size());
        assertEquals("send-1", nodeA.store().find(account, id).orElseThrow().sendId());
    }

    @Test
    void aNewCampaignTracksAndItsSendIsTrackedWhileTheAccountAllowsIt() {
        assertTrue(nodeA.settings(caller()).trackingEnabled());
        Views.CampaignView made = nodeA.create(caller(), new Requests.NewCampaign("New", null));
        assertTrue(made.tracking());
        Views.CampaignView c = ready(null);
        assertTrue(c.tracking());
        assertTrue(sentNow(c.id()).tracked());
    }

    @Test
    void aCampaignSwitchedOffIsSentUntrackedAndASaveWithoutTheSwitchKeepsIt() {
        Views.CampaignView off = ready(false);
        assertFalse(off.tracking());
        // The editor's save without the field (an older client) leaves the choice alone.
        Views.CampaignView kept = nodeA.update(caller(), off.id(), new Requests.CampaignBody("Weekly 2", "Hello", null,
                "news@shop.example", null, null, "<p>Hello</p>", null, true, List.of(), null, false,
                new Audience(List.of("list-1"), null, null, null), null, false, null, off.version()));
        assertFalse(kept.tracking());
        assertFalse(nodeA.get(caller(), off.id()).tracking());
        assertFalse(sentNow(off.id()).tracked());
    }

    @Test
    void anAccountWithTrackingOffSendsEveryCampaignUntrackedWhateverTheCampaignSays() {
        accountTracking(false);
        assertFalse(nodeA.settings(caller()).trackingEnabled());
        assertTrue(activity.stream().anyMatch(e -> e.type().equals("campaign.settings-changed")
                && "false".equals(e.details().get("trackingEnabled"))), activity.toString());
        Views.CampaignView on = ready(true);
        assertTrue(on.tracking());
        assertFalse(sentNow(on.id()).tracked());
        // Saving the other settings without the switch keeps it off; turning it on again tracks again.
        accountTracking(null);
        assertFalse(nodeA.settings(caller()).trackingEnabled());
        accountTracking(true);
        assertTrue(sentNow(ready(true).id()).tracked());
    }

    @Test
    void aScheduledCampaignIsTrackedAsTheSwitchesStandWhenItStarts() {
        String id = scheduled();
        accountTracking(false);
        now.set(Instant.parse("2030-05-04T08:30:00Z"));
        assertEquals(1, nodeB.startDue(10));
        assertFalse(starts.get(0).tracked());
    }

    @Test
    void aTestSendIsNeverTracked() {
        Views.CampaignView on = ready(true);
        assertFalse(testSent(on.id()).tracked());
        Views.CampaignView off = ready(false);
        assertFalse(testSent(off.id()).tracked());
        accountTracking(false);
        assertFalse(testSent(on.id()).tracked());
    }

    @Test
    void aDuplicateKeepsTheTrackingSwitch() {
        Views.CampaignView off = ready(false);
        Views.CampaignView copyOfOff = nodeA.duplicate(caller(), off.id());
        assertFalse(copyOfOff.tracking());
        assertFalse(nodeA.store().find(account, copyOfOff.id()).orElseThrow().tracking());
        Views.CampaignView on = ready(true);
        assertTrue(nodeA.duplicate(caller(), on.id()).tracking());
    }
}
