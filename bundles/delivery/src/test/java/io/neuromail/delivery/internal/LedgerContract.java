package io.neuromail.delivery.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.neuromail.api.billing.AccountLimits;
import io.neuromail.api.billing.Limit;
import io.neuromail.api.persistence.Jdbc;
import io.neuromail.api.persistence.PersistenceUnit;
import io.neuromail.api.rest.ApiException;
import io.neuromail.db.internal.PersistenceService;

/**
 * Claims, leases, hand-off and rate slots of the ledger on a real database; run on H2 and on
 * PostgreSQL by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LedgerContract {

    private PersistenceUnit unit;
    protected Jdbc jdbc;
    protected Ledger ledger;
    protected SendStore store;

    abstract DataSource dataSource() throws Exception;

    /** Releases what {@link #dataSource()} made, after the last test. */
    void release() throws Exception {
    }

    @BeforeAll
    void start() throws Exception {
        DataSource ds = dataSource();
        PersistenceService persistence = new PersistenceService(ds);
        unit = TestDatabases.migrate(persistence);
        jdbc = persistence.jdbc();
        ledger = new Ledger(jdbc);
        store = new SendStore(jdbc);
    }

    /** Each test starts with no running send, so claims see only its own rows. */
    @BeforeEach
    void stopEarlierSends() {
        jdbc.update("UPDATE nm_delivery_send SET state = 'cancelled' WHERE state <> 'cancelled'");
    }

    @AfterAll
    void stop() throws Exception {
        unit.close();
        release();
    }

    private static final java.util.function.Function<List<String>, Set<String>> NONE_SUPPRESSED = emails -> Set.of();
    private static final DeliveryEngine.SenderLookup ALL_VERIFIED = (a, from) -> java.util.Optional.of(true);

    protected SendStore.Created send(String account, int recipients, long now) {
        List<SendStore.NewRecipient> list = new ArrayList<>();
        for (int i = 0; i < recipients; i++) {
            list.add(new SendStore.NewRecipient("r" + i + "@example.org", null));
        }
        return store.create(account, new SendStore.NewSendContent(SendKind.CAMPAIGN, "news@example.com", null, null,
                "Hello", "Hi", null, "PASS", null), list, Set.of(), now);
    }

    protected String state(String deliveryId) {
        return jdbc.system(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT state FROM nm_delivery WHERE id = ?")) {
                ps.setString(1, deliveryId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }

    @Test
    void concurrentClaimersTakeDisjointRowsAndTogetherAll() throws Exception {
        String account = UUID.randomUUID().toString();
        long now = 1_000_000L;
        SendStore.Created created = send(account, 400, now);
        ConcurrentLinkedQueue<String> claimed = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            String owner = "node-" + w;
            workers.add(pool.submit(() -> {
                go.await();
                while (true) {
                    List<Claim> batch = ledger.claim(owner, 7, now, now + 60_000);
                    batch.stream().filter(c -> c.accountId().equals(account)).forEach(c -> claimed.add(c.id()));
                    if (batch.isEmpty()) {
                        return null;
                    }
                }
            }));
        }
        go.countDown();
        for (Future<?> f : workers) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        List<String> all = new ArrayList<>(claimed);
        assertEquals(400, new HashSet<>(all).size(), "every row claimed");
        assertEquals(400, all.size(), "no row claimed twice");
        assertEquals(new HashSet<>(created.deliveryIds()), new HashSet<>(all));
    }

    @Test
    void anExpiredClaimGoesBackToTheQueueAndTheOldHolderCannotHandItOff() {
        String account = UUID.randomUUID().toString();
        long now = 2_000_000L;
        SendStore.Created created = send(account, 1, now);
        Claim first = only(ledger.claim("a", 10, now, now + 1000), account);
        assertTrue(mine(ledger.claim("b", 10, now + 500, now + 1500), account).isEmpty(), "a live lease is respected");
        Claim second = only(ledger.claim("b", 10, now + 1001, now + 2001), account);
        assertEquals(first.id(), second.id());
        assertFalse(ledger.handOff(first, "a", "outbox", now + 1002, now + 10_000), "lost lease: no hand-off");
        assertTrue(ledger.handOff(second, "b", "outbox", now + 1002, now + 10_000));
        assertFalse(ledger.handOff(second, "b", "outbox", now + 1003, now + 10_000), "handed off once only");
        assertEquals(DeliveryState.HANDED_OFF, state(created.deliveryIds().get(0)));
    }

    @Test
    void aHandOffWithoutAnswerBecomesUncertainAndIsNeverClaimedAgain() {
        String account = UUID.randomUUID().toString();
        long now = 3_000_000L;
        SendStore.Created created = send(account, 1, now);
        Claim row = only(ledger.claim("a", 10, now, now + 1000), account);
        assertTrue(ledger.handOff(row, "a", "outbox", now, now + 5000));
        ledger.expireHandOffs(now + 4000);
        assertEquals(DeliveryState.HANDED_OFF, state(row.id()), "not before its lease expires");
        ledger.expireHandOffs(now + 5001);
        assertEquals(DeliveryState.UNCERTAIN, state(row.id()));
        assertTrue(mine(ledger.claim("b", 10, now + 10_000, now + 20_000), account).isEmpty());
        assertEquals(1, store.requeue(account, created.sendId(), DeliveryState.UNCERTAIN, now + 10_000, NONE_SUPPRESSED));
        assertEquals(row.id(), only(ledger.claim("b", 10, now + 10_000, now + 20_000), account).id(),
                "resent on purpose");
    }

    @Test
    void aGroupHandOffTakesOnlyRowsStillHeldAndAnswersRecordedTogetherMoveOnlyHandedOffRows() {
        String account = UUID.randomUUID().toString();
        long now = 5_000_000L;
        send(account, 4, now);
        List<Claim> rows = mine(ledger.claim("a", 10, now, now + 1000), account);
        assertEquals(4, rows.size());
        assertTrue(ledger.handOff(rows.get(3), "a", "outbox", now, now + 10_000), "one row handed off alone");
        List<Claim> won = ledger.handOff(rows, "a", "outbox", now + 1, now + 10_000);
        assertEquals(rows.subList(0, 3), won, "handed off once only, in order");
        assertTrue(ledger.handOff(rows, "b", "outbox", now + 2, now + 10_000).isEmpty(), "not another's rows");
        assertEquals(1, ledger.unhandOff(List.of(rows.get(2)), "a", now + 3), "never given to the sender: queued again");
        assertEquals(DeliveryState.QUEUED, state(rows.get(2).id()));
        int moved = ledger.record(List.of(
                new Answer(rows.get(0).id(), "a", DeliveryState.SENT, "<p-0@example.com>", 0, now + 4),
                new Answer(rows.get(1).id(), "a", DeliveryState.FAILED, "550 no such user", 0, now + 4),
                new Answer(rows.get(2).id(), "a", DeliveryState.SENT, "<p-2@example.com>", 0, now + 4),
                new Answer(rows.get(3).id(), "b", DeliveryState.SENT, "<p-3@example.com>", 0, now + 4)));
        assertEquals(2, moved, "only handed-off rows of the answering owner move");
        assertEquals(DeliveryState.SENT, state(rows.get(0).id()));
        assertEquals(DeliveryState.FAILED, state(rows.get(1).id()));
        assertEquals(DeliveryState.QUEUED, state(rows.get(2).id()), "a row not handed off is not marked sent");
        assertEquals(DeliveryState.HANDED_OFF, state(rows.get(3).id()), "another owner's answer changes nothing");
        assertEquals(rows.get(2).id(), only(ledger.claim("c", 10, now + 2000, now + 3000), account).id(),
                "the row given back is claimed again");
    }

    @Test
    void aRestartedNodeMarksItsHandOffsUncertainAndFreesItsClaims() {
        String account = UUID.randomUUID().toString();
        long now = 4_000_000L;
        send(account, 2, now);
        List<Claim> rows = mine(ledger.claim("node-x:run1", 10, now, now + 60_000), account);
        assertEquals(2, rows.size());
        assertTrue(ledger.handOff(rows.get(0), "node-x:run1", "outbox", now, now + 300_000));
        ledger.recoverNode("node-x:", now + 10);
        assertEquals(DeliveryState.UNCERTAIN, state(rows.get(0).id()));
        assertEquals(rows.get(1).id(), only(ledger.claim("node-x:run2", 10, now + 20, now + 60_000), account).id());
    }

    @Test
    void aSettledSendsCountsAreReadOnceAMinuteAndAfreshAfterAnyChangeToTheSend() {
        String account = UUID.randomUUID().toString();
        long now = 7_000_000L;
        SendStore.Created created = send(account, 2, now);
        String id = created.sendId();
        java.util.function.LongFunction<Long> sent = at -> store.find(account, id, at).orElseThrow().counts()
                .get(DeliveryState.SENT);
        setRow(created.deliveryIds().get(0), DeliveryState.SENT);
        assertEquals(1L, sent.apply(now + 1), "a running send is counted every time");
        setRow(created.deliveryIds().get(1), DeliveryState.SENT);
        assertEquals(2L, sent.apply(now + 2));

        jdbc.update("UPDATE nm_delivery_send SET state = 'finished', finished_at = ?, updated_at = ? WHERE id = ?",
                now + 3, now + 3, id);
        long later = now + 3 + 61_000;
        assertEquals(2L, sent.apply(later));
        setRow(created.deliveryIds().get(1), DeliveryState.UNCERTAIN);
        assertEquals(2L, sent.apply(later + 1_000), "a settled send's counts are kept for a minute");
        assertEquals(1L, sent.apply(later + SendStore.SETTLED_COUNTS_MILLIS + 1), "and read again after it");
        setRow(created.deliveryIds().get(1), DeliveryState.SENT);
        jdbc.update("UPDATE nm_delivery_send SET updated_at = ? WHERE id = ?", later + 5, id);
        assertEquals(2L, sent.apply(later + SendStore.SETTLED_COUNTS_MILLIS + 2), "any change to the send reads them again");
        assertTrue(store.find("another-account", id, later).isEmpty());
    }

    @Test
    void aSendByDomainCountsItsRowsAndFeedbackAndKeepsASettledSendsFiguresAMinute() {
        String account = UUID.randomUUID().toString();
        long now = 9_000_000L;
        SendStore.Created created = store.create(account, new SendStore.NewSendContent(SendKind.CAMPAIGN,
                "news@example.com", null, null, "Hello", "Hi", null, "PASS", null), List.of(
                        new SendStore.NewRecipient("a@gmail.com", null), new SendStore.NewRecipient("b@gmail.com", null),
                        new SendStore.NewRecipient("c@web.de", null)), Set.of(), now);
        String id = created.sendId();
        java.util.function.LongFunction<List<String>> figures = at -> store.domains(account, id, 10, at).stream()
                .map(d -> d.domain() + ":" + d.recipients() + "/" + d.sent() + "/" + d.bounces()).toList();
        assertEquals(List.of("gmail.com:2/0/0", "web.de:1/0/0"), figures.apply(now + 1), "most recipients first");
        created.deliveryIds().forEach(d -> setRow(d, DeliveryState.SENT));
        assertEquals(List.of("gmail.com:2/2/0", "web.de:1/1/0"), figures.apply(now + 2), "a running send is read every time");
        assertEquals(List.of("gmail.com:2/2/0"), store.domains(account, id, 1, now + 2).stream()
                .map(d -> d.domain() + ":" + d.recipients() + "/" + d.sent() + "/" + d.bounces()).toList());

        jdbc.update("UPDATE nm_delivery_send SET state = 'finished', finished_at = ?, updated_at = ? WHERE id = ?",
                now + 3, now + 3, id);
        long later = now + 3 + 61_000;
        assertEquals(List.of("gmail.com:2/2/0", "web.de:1/1/0"), figures.apply(later));
        setRow(created.deliveryIds().get(2), DeliveryState.UNCERTAIN);
        assertEquals(List.of("gmail.com:2/2/0", "web.de:1/1/0"), figures.apply(later + 1_000),
                "a settled send's figures are kept for a minute");
        assertEquals(List.of("gmail.com:2/2/0", "web.de:1/0/0"), figures.apply(later + SendStore.SETTLED_COUNTS_MILLIS + 1));
        // A bounce reported later changes the send's counters, and so its figures at once.
        jdbc.update("INSERT INTO nm_delivery_feedback (id, account_id, delivery_id, send_id, recipient, kind, received_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", UUID.randomUUID().toString(), account, created.deliveryIds().get(0), id,
                "a@gmail.com", io.neuromail.delivery.internal.feedback.FeedbackLedger.BOUNCE_PERMANENT, later);
        jdbc.update("UPDATE nm_delivery_send SET bounces = bounces + 1 WHERE id = ?", id);
        assertEquals(List.of("gmail.com:2/2/1", "web.de:1/0/0"), figures.apply(later + SendStore.SETTLED_COUNTS_MILLIS + 2));
        assertEquals(List.of(), store.domains("another-account", id, 10, later));
    }

    private void setRow(String deliveryId, String state) {
        jdbc.update("UPDATE nm_delivery SET state = ? WHERE id = ?", state, deliveryId);
    }

    @Test
    void pausedAndCancelledSendsAreNotClaimedNorHandedOff() {
        String account = UUID.randomUUID().toString();
        long now = 5_000_000L;
        SendStore.Created created = send(account, 3, now);
        Claim held = mine(ledger.claim("a", 1, now, now + 60_000), account).get(0);
        assertTrue(store.transition(account, created.sendId(), List.of(SendState.RUNNING), SendState.PAUSED, null, now));
        assertFalse(ledger.handOff(held, "a", "outbox", now + 1, now + 60_000), "paused: no hand-off");
        assertTrue(mine(ledger.claim("a", 10, now + 1, now + 60_000), account).isEmpty());
        assertFalse(store.transition("another-account", created.sendId(), List.of(SendState.PAUSED), SendState.RUNNING,
                null, now), "another account cannot resume it");
        assertTrue(store.transition(account, created.sendId(), List.of(SendState.PAUSED), SendState.RUNNING, null, now));
        assertTrue(store.cancel(account, created.sendId(), now + 2));
        assertFalse(ledger.handOff(held, "a", "outbox", now + 3, now + 60_000), "cancelled: no hand-off");
        for (String id : created.deliveryIds()) {
            assertEquals(DeliveryState.CANCELLED, state(id));
        }
    }

    @Test
    void rateSlotsOfConcurrentClaimersNeverOverlap() throws Exception {
        RateSlots slots = new RateSlots(jdbc);
        String sender = "rate-" + UUID.randomUUID();
        long now = 1_700_000_000_000_000L;
        List<Long> times = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 10; i++) {
                    RateSlots.Slots s = slots.claim(sender, 100, 5, now);
                    for (int k = 0; k < s.count(); k++) {
                        times.add(s.at(k));
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        List<Long> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        assertEquals(200, new HashSet<>(sorted).size(), "no slot given twice");
        for (int i = 1; i < sorted.size(); i++) {
            assertEquals(10_000, sorted.get(i) - sorted.get(i - 1), "slots are evenly 1/100 s apart");
        }
        assertEquals(now, sorted.get(0));
    }

    @Test
    void slotRequestsOfOneGroupCommitShareOneClaimAndFollowTheSlotsAlreadyGiven() {
        RateSlots slots = new RateSlots(jdbc);
        String sender = "late-" + UUID.randomUUID();
        String other = "late-" + UUID.randomUUID();
        long now = 1_700_000_000_000_000L;
        slots.ensure(sender, now);
        slots.ensure(other, now);
        RateSlots.Slots before = slots.claim(sender, 100, 3, now);
        Ledger.GroupResult result = ledger.commitGroup(List.of(), List.of(), List.of(
                new Ledger.SlotRequest(sender, 100), new Ledger.SlotRequest(other, 50),
                new Ledger.SlotRequest(sender, 100)), slots, () -> now + 5);
        assertEquals(List.of(before.at(3), now + 5, before.at(4)), result.slots(),
                "each request of a sender gets the next slot after those given before, in order");
        assertEquals(before.at(5), slots.claim(sender, 100, 1, now).at(0), "the two slots were taken from the shared row");
        assertEquals(now + 5 + 20_000, slots.claim(other, 50, 1, now).at(0));
    }

    @Test
    void twoNodesDeliverEveryRecipientExactlyOnceNeverAboveTheRate() throws Exception {
        String account = UUID.randomUUID().toString();
        RecordingSender sender = new RecordingSender();
        SenderRegistry registry = new SenderRegistry();
        String name = "recording-" + UUID.randomUUID();
        registry.add(sender, java.util.Map.of(io.neuromail.delivery.api.SenderProperties.NAME, name));
        SendStore.Created created = send(account, 300, System.currentTimeMillis());
        List<DeliveryEngine> nodes = new ArrayList<>();
        for (String node : List.of("node-1", "node-2")) {
            DeliveryEngine engine = new DeliveryEngine(ledger, new RateSlots(jdbc), store, registry,
                    new MessageBuilder(() -> "https://mail.example.com", "", new UnsubscribeTokens(new byte[32])),
                    a -> new AccountSettings(name, false), (a, emails) -> java.util.Optional.of(Set.of()), ALL_VERIFIED, new Backoff(10, 100, Math::random),
                    java.time.Clock.systemUTC(), new DeliveryEngine.Settings(10, 4, 30_000, 300_000, 100, 20, 3), node + ":run");
            engine.start(2);
            nodes.add(engine);
        }
        long deadline = System.currentTimeMillis() + 30_000;
        while (!SendState.FINISHED.equals(store.find(account, created.sendId(), System.currentTimeMillis())
                .orElseThrow().state())) {
            assertTrue(System.currentTimeMillis() < deadline, "the send finishes");
            Thread.sleep(50);
        }
        for (DeliveryEngine engine : nodes) {
            engine.stop();
        }
        assertEquals(300, sender.recipients().size(), "each recipient handed to the sender once");
        assertEquals(300, new HashSet<>(sender.recipients()).size(), "no recipient twice");
        assertEquals(300L, store.find(account, created.sendId(), System.currentTimeMillis()).orElseThrow().counts()
                .get(DeliveryState.SENT));
        List<Long> times = sender.timesMillis();
        Collections.sort(times);
        int busiest = 0;
        for (int i = 0, j = 0; i < times.size(); i++) {
            while (times.get(i) - times.get(j) >= 1000) {
                j++;
            }
            busiest = Math.max(busiest, i - j + 1);
        }
        // Hand-offs start exactly 1/RATE apart; the sender sees them after the hand-off's commit, whose
        // latency varies by milliseconds on a busy machine, so a window may hold a few more, never a burst.
        assertTrue(busiest <= RecordingSender.RATE * 1.05, "at most " + RecordingSender.RATE + " (+5 % for commit "
                + "latency jitter) messages within any second, busiest: " + busiest);
        double seconds = (times.get(times.size() - 1) - times.get(0)) / 1000.0;
        // A lower bound only, for a shared build machine: bench/send/run.sh measures the rate accuracy.
        assertTrue(300 / seconds >= RecordingSender.RATE * 0.5, "at least half the rate: " + 300 / seconds);
    }

    /**
     * Two nodes share a sender's rate; one node's calls are held up (its hand-off threads stop, as in a
     * long garbage-collection pause) while the other goes on. When they resume, their slots are past:
     * sent at once they would reach the provider together with the other node's calls of the same
     * second, above the rate. Each late call takes a new slot instead.
     */
    @Test
    void callsHeldUpPastTheirSlotsTakeNewOnesSoTwoNodesTogetherKeepTheRate() throws Exception {
        String account = UUID.randomUUID().toString();
        String name = "paused-" + UUID.randomUUID();
        List<Long> times = Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger[] calls = {new java.util.concurrent.atomic.AtomicInteger(),
                new java.util.concurrent.atomic.AtomicInteger()};
        // Node 2's hand-off threads stop once it has made 40 calls, until node 1 has made 40 more after that.
        java.util.concurrent.atomic.AtomicInteger reopenAt = new java.util.concurrent.atomic.AtomicInteger(-1);
        java.time.Clock base = java.time.Clock.systemUTC();
        java.time.Clock pausing = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return base.getZone();
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                while (Thread.currentThread().getName().equals("neuromail-handoff") && held()) {
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                }
                return base.instant();
            }

            private boolean held() {
                if (reopenAt.get() < 0) {
                    if (calls[1].get() < 40) {
                        return false;
                    }
                    reopenAt.compareAndSet(-1, calls[0].get() + 40);
                }
                return calls[0].get() < reopenAt.get();
            }
        };
        SendStore.Created created = send(account, 400, System.currentTimeMillis());
        List<DeliveryEngine> nodes = new ArrayList<>();
        for (int n = 0; n < 2; n++) {
            java.util.concurrent.atomic.AtomicInteger mine = calls[n];
            io.neuromail.delivery.api.EmailSender sender = new io.neuromail.delivery.api.EmailSender() {
                @Override
                public io.neuromail.delivery.api.SendResult send(io.neuromail.delivery.api.OutgoingMessage message) {
                    times.add(System.currentTimeMillis());
                    mine.incrementAndGet();
                    return io.neuromail.delivery.api.SendResult.accepted("p-" + message.deliveryId());
                }

                @Override
                public io.neuromail.delivery.api.SenderLimits limits() {
                    return new io.neuromail.delivery.api.SenderLimits(RecordingSender.RATE, 1_000_000);
                }
            };
            SenderRegistry registry = new SenderRegistry();
            registry.add(sender, java.util.Map.of(io.neuromail.delivery.api.SenderProperties.NAME, name));
            DeliveryEngine engine = new DeliveryEngine(ledger, new RateSlots(jdbc), store, registry,
                    new MessageBuilder(() -> "https://mail.example.com", "", new UnsubscribeTokens(new byte[32])),
                    a -> new AccountSettings(name, false), (a, emails) -> java.util.Optional.of(Set.of()),
                    ALL_VERIFIED, new Backoff(10, 100, Math::random), n == 0 ? base : pausing,
                    new DeliveryEngine.Settings(20, 32, 30_000, 300_000, 100, 20, 3),
                    "paused-node-" + n + ":run");
            engine.start(2);
            nodes.add(engine);
        }
        try {
            long deadline = System.currentTimeMillis() + 60_000;
            while (!SendState.FINISHED.equals(store.find(account, created.sendId(), System.currentTimeMillis())
                    .orElseThrow().state())) {
                assertTrue(System.currentTimeMillis() < deadline, "the send finishes");
                Thread.sleep(50);
            }
        } finally {
            for (DeliveryEngine engine : nodes) {
                engine.stop();
            }
        }
        assertTrue(reopenAt.get() > 0, "node 2 was held up");
        assertEquals(400, times.size(), "each recipient handed to a sender once");
        List<Long> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        int busiest = 0;
        for (int i = 0, j = 0; i < sorted.size(); i++) {
            while (sorted.get(i) - sorted.get(j) >= 1000) {
                j++;
            }
            busiest = Math.max(busiest, i - j + 1);
        }
        // As above: a few milliseconds of commit latency jitter may add a few calls to a window, never a burst.
        assertTrue(busiest <= RecordingSender.RATE * 1.05, "at most " + RecordingSender.RATE + " (+5 %) calls "
                + "within any second across both nodes, busiest: " + busiest);
    }

    @Test
    void suppressedRecipientsEndAsSuppressedAtCreationOrWhenTheirTurnComesAndNoSenderSeesThem() throws Exception {
        String account = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        List<SendStore.NewRecipient> list = new ArrayList<>();
        for (String r : List.of("kept@example.org", "left@example.org", "later@example.org")) {
            list.add(new SendStore.NewRecipient(r, null));
        }
        SendStore.Created created = store.create(account, new SendStore.NewSendContent(SendKind.CAMPAIGN,
                "news@example.com", null, null, "Hello", "Hi", null, "PASS", null), list, Set.of("left@example.org"), now);
        assertEquals(DeliveryState.SUPPRESSED, state(created.deliveryIds().get(1)));

        RecordingSender sender = new RecordingSender();
        SenderRegistry registry = new SenderRegistry();
        String name = "recording-" + UUID.randomUUID();
        registry.add(sender, java.util.Map.of(io.neuromail.delivery.api.SenderProperties.NAME, name));
        // "later@" goes on the suppression list after the send was created.
        DeliveryEngine engine = new DeliveryEngine(ledger, new RateSlots(jdbc), store, registry,
                new MessageBuilder(() -> "https://mail.example.com", "", new UnsubscribeTokens(new byte[32])),
                a -> new AccountSettings(name, false), (a, emails) -> java.util.Optional.of(
                        emails.contains("later@example.org") ? Set.of("later@example.org") : Set.of()),
                ALL_VERIFIED, new Backoff(10, 100, Math::random), java.time.Clock.systemUTC(),
                new DeliveryEngine.Settings(10, 4, 30_000, 300_000, 100, 20, 3),
                "node-s:run");
        runUntilFinished(engine, account, created.sendId());
        engine.stop();
        assertEquals(List.of("kept@example.org"), sender.recipients());
        assertEquals(DeliveryState.SUPPRESSED, state(created.deliveryIds().get(2)));
        assertEquals(2L, store.find(account, created.sendId(), now).orElseThrow().counts().get(DeliveryState.SUPPRESSED));
    }

    @Test
    void aSendWhoseFromIsNoLongerVerifiedIsPausedBeforeItsNextMessageAndWaitsWhileIdentitiesCannotTell()
            throws Exception {
        String account = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        SendStore.Created created = send(account, 3, now);
        RecordingSender sender = new RecordingSender();
        SenderRegistry registry = new SenderRegistry();
        String name = "recording-" + UUID.randomUUID();
        registry.add(sender, java.util.Map.of(io.neuromail.delivery.api.SenderProperties.NAME, name));
        java.util.concurrent.atomic.AtomicReference<java.util.Optional<Boolean>> verified =
                new java.util.concurrent.atomic.AtomicReference<>(java.util.Optional.empty());
        List<String> asked = java.util.Collections.synchronizedList(new ArrayList<>());
        DeliveryEngine engine = new DeliveryEngine(ledger, new RateSlots(jdbc), store, registry,
                new MessageBuilder(() -> "https://mail.example.com", "", new UnsubscribeTokens(new byte[32])),
                a -> new AccountSettings(name, false), (a, emails) -> java.util.Optional.of(Set.of()),
                (a, from) -> {
                    asked.add(a + " " + from);
                    return verified.get();
                },
                new Backoff(10, 100, Math::random), java.time.Clock.systemUTC(),
                new DeliveryEngine.Settings(10, 4, 30_000, 300_000, 60_000, 20, 3), "node-v:run");
        try {
            // The identities cannot tell: the rows wait in the queue with the reason, nothing is sent.
            engine.runOnce();
            assertTrue(asked.contains(account + " news@example.com"), "asked " + asked);
            assertEquals(List.of(), sender.recipients());
            assertEquals(3L, store.find(account, created.sendId(), now).orElseThrow().counts().get(DeliveryState.QUEUED));
            assertEquals("running", store.find(account, created.sendId(), now).orElseThrow().state());

            // No longer verified: the send pauses with the reason; its rows stay queued and unseen.
            verified.set(java.util.Optional.of(false));
            jdbc.update("UPDATE nm_delivery SET next_attempt_at = 0 WHERE send_id = ?", created.sendId());
            engine.runOnce();
            Views.SendView paused = store.find(account, created.sendId(), now).orElseThrow();
            assertEquals(SendState.AUTO_PAUSED, paused.state());
            assertEquals(DeliveryEngine.notVerified("news@example.com"), paused.stateReason());
            assertEquals(3L, paused.counts().get(DeliveryState.QUEUED));
            assertEquals(0, engine.runOnce(), "a paused send's rows are not claimed");
            assertEquals(List.of(), sender.recipients());

            // Verified again and resumed: the messages go out.
            verified.set(java.util.Optional.of(true));
            assertTrue(store.transition(account, created.sendId(), List.of(SendState.AUTO_PAUSED), SendState.RUNNING,
                    null, now));
            runUntilFinished(engine, account, created.sendId());
            assertEquals(Set.of("r0@example.org", "r1@example.org", "r2@example.org"), Set.copyOf(sender.recipients()));
        } finally {
            engine.stop();
        }
    }

    @Test
    void resendFailedNeverQueuesRejectedBouncedComplainedOrNowSuppressedRows() {
        String account = UUID.randomUUID().toString();
        long now = 7_000_000L;
        SendStore.Created created = send(account, 4, now);
        List<Claim> rows = mine(ledger.claim("a", 10, now, now + 1000), account);
        assertEquals(4, ledger.handOff(rows, "a", "outbox", now, now + 10_000).size());
        java.util.Map<String, Claim> byRecipient = new java.util.HashMap<>();
        rows.forEach(r -> byRecipient.put(r.recipient(), r));
        assertTrue(ledger.failed(byRecipient.get("r0@example.org").id(), "a", "gave up after 8 attempts: 421", now));
        assertTrue(ledger.failed(byRecipient.get("r1@example.org").id(), "a", SendStore.REJECTED + "550 no such user", now));
        assertTrue(ledger.failed(byRecipient.get("r2@example.org").id(), "a", "gave up after 8 attempts: 421", now));
        assertTrue(ledger.failed(byRecipient.get("r3@example.org").id(), "a", "gave up after 8 attempts: 421", now));
        Claim complained = byRecipient.get("r2@example.org");
        jdbc.update("INSERT INTO nm_delivery_feedback (id, account_id, delivery_id, send_id, recipient, kind, detail, "
                + "received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", UUID.randomUUID().toString(), account, complained.id(),
                created.sendId(), complained.recipient(), io.neuromail.delivery.internal.feedback.FeedbackLedger.COMPLAINT, "abuse", now);

        assertEquals(1, store.requeue(account, created.sendId(), DeliveryState.FAILED, now + 1,
                emails -> emails.contains("r3@example.org") ? Set.of("r3@example.org") : Set.of()));
        assertEquals(DeliveryState.QUEUED, state(byRecipient.get("r0@example.org").id()));
        assertEquals(DeliveryState.FAILED, state(byRecipient.get("r1@example.org").id()));
        assertEquals(DeliveryState.FAILED, state(complained.id()));
        assertEquals(DeliveryState.SUPPRESSED, state(byRecipient.get("r3@example.org").id()));
        assertEquals(0, store.requeue(UUID.randomUUID().toString(), created.sendId(), DeliveryState.FAILED, now + 2,
                NONE_SUPPRESSED), "another account's send is not touched");
    }

    /** Runs the engine's rounds on this thread until the send is finished (polled, with a deadline). */
    private void runUntilFinished(DeliveryEngine engine, String account, String sendId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!SendState.FINISHED.equals(store.find(account, sendId, System.currentTimeMillis()).orElseThrow().state())) {
            assertTrue(System.currentTimeMillis() < deadline, "the send finishes");
            if (engine.runOnce() == 0) {
                engine.maintain();
                Thread.sleep(20);
            }
        }
    }

    private static Claim only(List<Claim> claims, String account) {
        List<Claim> mine = mine(claims, account);
        assertEquals(1, mine.size(), "claimed " + mine);
        return mine.get(0);
    }

    @Test
    void emailsAreCountedPerMonthAndASendPastThePlanIsRefusedWhole() {
        String account = UUID.randomUUID().toString();
        long december = Instant.parse("2026-12-31T23:00:00Z").toEpochMilli();
        long january = Instant.parse("2027-01-01T01:00:00Z").toEpochMilli();
        AccountLimits fivePerMonth = (a, limit) -> limit == Limit.EMAILS_PER_MONTH
                ? OptionalLong.of(5) : OptionalLong.empty();
        store.limits(fivePerMonth);
        try {
            send(account, 3, december);
            long sendsBefore = jdbc.system(c -> Jdbc.count(c,
                    "SELECT COUNT(*) FROM nm_delivery_send WHERE account_id = ?", account));
            ApiException refused = assertThrows(
                    ApiException.class, () -> send(account, 3, december));
            assertEquals(402, refused.status());
            assertEquals(sendsBefore, (long) jdbc.system(c -> Jdbc
                    .count(c, "SELECT COUNT(*) FROM nm_delivery_send WHERE account_id = ?", account)), "nothing of it was made");
            assertEquals(3, store.emailsInMonth(account, december));
            send(account, 2, december);
            assertEquals(5, store.emailsInMonth(account, december));
            // A new month starts from nothing.
            send(account, 5, january);
            assertEquals(5, store.emailsInMonth(account, january));
            assertEquals(5, store.emailsInMonth(account, december));
        } finally {
            store.limitsGone(fivePerMonth);
        }
        // Without limits, sends are still counted.
        send(account, 4, january);
        assertEquals(9, store.emailsInMonth(account, january));
    }

    private static List<Claim> mine(List<Claim> claims, String account) {
        Set<String> seen = new HashSet<>();
        return claims.stream().filter(c -> c.accountId().equals(account) && seen.add(c.id())).toList();
    }
}
