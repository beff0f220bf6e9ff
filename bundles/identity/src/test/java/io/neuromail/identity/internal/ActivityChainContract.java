package io.neuromail.identity.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.neuromail.api.activity.ActivityEvent;
import io.neuromail.api.persistence.Jdbc;
import io.neuromail.db.internal.PersistenceService;
import io.neuromail.identity.internal.ActivityChainService.Report;
import io.neuromail.identity.internal.chain.CheckpointSigner;

/**
 * The activity chain on a real database, run by an H2 and a PostgreSQL subclass: what is recorded
 * verifies; changed, deleted, moved and slipped-in rows are found at their place; two nodes (two
 * services on their own data sources) writing at once keep one chain; entries from before the chain
 * are sealed at start; pruning leaves a signed checkpoint that verification starts from.
 * Every test uses accounts of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ActivityChainContract {

    private final TestClock clock = new TestClock(Instant.parse("2030-01-07T09:00:00.123456Z"));
    private final CheckpointSigner signer = new CheckpointSigner(new byte[32]);
    private IdentityDatabase database;
    private Jdbc jdbc;
    private ActivityLogService log;
    private ActivityChainService chain;

    /** A data source on the test database; each call a new one, as a second node would have. */
    abstract DataSource dataSource() throws SQLException;

    abstract void dropDatabase() throws SQLException;

    @BeforeAll
    void start() throws SQLException {
        database = new IdentityDatabase(new PersistenceService(dataSource()));
        jdbc = database.jdbc();
        log = new ActivityLogService(database, clock);
        chain = new ActivityChainService(database, signer, 30, clock);
    }

    @AfterAll
    void stop() throws SQLException {
        try {
            if (database != null) {
                database.deactivate();
            }
        } finally {
            dropDatabase();
        }
    }

    private static String newAccount() {
        return UUID.randomUUID().toString();
    }

    private void record(ActivityLogService on, String account, int n) {
        for (int i = 0; i < n; i++) {
            on.record(ActivityEvent.in(account, "contacts.contact.created").client("192.0.2.1", "Firefox")
                    .detail("contactId", "c" + i).build());
            clock.advance(Duration.ofMillis(1));
        }
    }

    private String idAt(String account, long position) {
        return jdbc.system(c -> Jdbc.one(c, "SELECT id FROM nm_activity WHERE account_id = ? AND chain_position = ?",
                rs -> rs.getString(1), account, position)).orElseThrow();
    }

    private void assertBroken(Report report, Long position, String entryId, String reason) {
        assertFalse(report.intact(), () -> report.toString());
        assertEquals(new ActivityChainService.BrokenLink(position, entryId, reason), report.firstBroken());
    }

    @Test
    void recordedEntriesAreNumberedFromOneAndVerify() {
        String account = newAccount();
        record(log, account, 7);
        Report report = chain.verify(account);
        assertTrue(report.intact(), report::toString);
        assertEquals(7, report.entries());
        assertEquals(7, report.lastPosition());
        assertNull(report.firstBroken());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), jdbc.system(c -> Jdbc.list(c,
                "SELECT chain_position FROM nm_activity WHERE account_id = ? ORDER BY occurred_at, seq", rs -> rs.getLong(1), account)));
    }

    @Test
    void timesSurviveTheRoundTripToTheMicrosecond() {
        String account = newAccount();
        record(log, account, 1);
        Instant stored = jdbc.system(c -> Jdbc.one(c, "SELECT occurred_at FROM nm_activity WHERE account_id = ?",
                rs -> Jdbc.instant(rs, "occurred_at"), account)).orElseThrow();
        assertEquals(0, stored.getNano() % 1_000);
        assertTrue(chain.verify(account).intact());
    }

    @Test
    void anEditedEntryIsReportedAtItsPosition() {
        String account = newAccount();
        record(log, account, 5);
        jdbc.update("UPDATE nm_activity SET details = ? WHERE account_id = ? AND chain_position = 3", "{}", account);
        assertBroken(chain.verify(account), 3L, idAt(account, 3), "edited");
    }

    @Test
    void aDeletedEntryIsReportedMissingAtItsPosition() {
        String account = newAccount();
        record(log, account, 5);
        jdbc.update("DELETE FROM nm_activity WHERE account_id = ? AND chain_position = 2", account);
        assertBroken(chain.verify(account), 2L, null, "missing");
    }

    @Test
    void theNewestEntryDeletedIsMissingAgainstTheHead() {
        String account = newAccount();
        record(log, account, 4);
        jdbc.update("DELETE FROM nm_activity WHERE account_id = ? AND chain_position = 4", account);
        assertBroken(chain.verify(account), 4L, null, "missing");
    }

    @Test
    void swappedEntriesAreReportedOutOfOrder() {
        String account = newAccount();
        record(log, account, 5);
        String second = idAt(account, 2);
        String third = idAt(account, 3);
        jdbc.system(c -> {
            Jdbc.update(c, "UPDATE nm_activity SET chain_position = -1 WHERE account_id = ? AND id = ?", account, second);
            Jdbc.update(c, "UPDATE nm_activity SET chain_position = 2 WHERE account_id = ? AND id = ?", account, third);
            Jdbc.update(c, "UPDATE nm_activity SET chain_position = 3 WHERE account_id = ? AND id = ?", account, second);
            return null;
        });
        assertBroken(chain.verify(account), 2L, third, "out-of-order");
    }

    @Test
    void anEntrySlippedInOutsideTheChainIsReported() {
        String account = newAccount();
        record(log, account, 2);
        String forged = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO nm_activity (id, account_id, occurred_at, seq, type) VALUES (?, ?, ?, ?, ?)",
                forged, account, clock.instant(), 1L, "auth.login.succeeded");
        assertBroken(chain.verify(account), null, forged, "unchained");
    }

    @Test
    void aLostHeadRowIsMadeAgainAfterTheLastChainedEntry() {
        String account = newAccount();
        record(log, account, 3);
        assertEquals(1, jdbc.update("DELETE FROM nm_activity_head WHERE account_id = ?", account));
        record(log, account, 1);
        Report report = chain.verify(account);
        assertTrue(report.intact(), report::toString);
        assertEquals(4, report.entries());
        assertEquals(List.of("4"), jdbc.system(c -> Jdbc.list(c, "SELECT chain_position FROM nm_activity_head WHERE account_id = ?",
                rs -> rs.getString(1), account)));
    }

    @Test
    void twoNodesWritingAtOnceKeepOneChain() throws Exception {
        String account = newAccount();
        ActivityLogService otherNode = new ActivityLogService(database.unit(), new Jdbc(dataSource()), clock);
        int threads = 8;
        int each = 15;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                ActivityLogService node = t % 2 == 0 ? log : otherNode;
                Callable<Void> writer = () -> {
                    go.await();
                    for (int i = 0; i < each; i++) {
                        node.record(ActivityEvent.in(account, "contacts.list.created").detail("n", i).build());
                    }
                    return null;
                };
                done.add(pool.submit(writer));
            }
            go.countDown();
            for (Future<Void> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        Report report = chain.verify(account);
        assertTrue(report.intact(), report::toString);
        assertEquals(threads * each, report.entries());
        assertEquals((long) threads * each, (long) jdbc.system(c -> Jdbc.count(c,
                "SELECT COUNT(DISTINCT chain_position) FROM nm_activity WHERE account_id = ?", account)));
    }

    @Test
    void entriesFromBeforeTheChainAreSealedOldestFirstAtStart() {
        String account = newAccount();
        Instant t0 = Instant.parse("2029-05-01T10:00:00.654321Z");
        for (int i = 2; i >= 0; i--) {
            jdbc.update("INSERT INTO nm_activity (id, account_id, occurred_at, seq, type, details) VALUES (?, ?, ?, ?, ?, ?)",
                    "legacy-" + account.substring(0, 8) + "-" + i, account, t0.plusSeconds(i), (long) i, "auth.login.succeeded", "{}");
        }
        new ActivityLogService(database, clock);
        Report report = chain.verify(account);
        assertTrue(report.intact(), report::toString);
        assertEquals(3, report.entries());
        assertEquals("legacy-" + account.substring(0, 8) + "-0", idAt(account, 1));
        assertEquals("legacy-" + account.substring(0, 8) + "-2", idAt(account, 3));
        record(log, account, 1);
        assertTrue(chain.verify(account).intact());
        assertEquals(4, chain.verify(account).entries());
    }

    @Test
    void pruningLeavesASignedCheckpointThatVerificationStartsFrom() {
        String account = newAccount();
        record(log, account, 4);
        clock.advance(Duration.ofDays(20));
        record(log, account, 3);
        clock.advance(Duration.ofDays(15));
        assertEquals(4, chain.prune(account, clock.instant().minus(Duration.ofDays(30))));
        Report report = chain.verify(account);
        assertTrue(report.intact(), report::toString);
        assertEquals(3, report.entries());
        assertEquals(7, report.lastPosition());
        assertNotNull(report.checkpoint());
        assertEquals(4, report.checkpoint().position());
        assertTrue(report.checkpoint().signatureValid());
        assertEquals(3L, (long) jdbc.system(c -> Jdbc.count(c, "SELECT COUNT(*) FROM nm_activity WHERE account_id = ?", account)));
        record(log, account, 1);
        assertTrue(chain.verify(account).intact());
    }

    @Test
    void aCheckpointMovedWithoutTheKeyIsReported() {
        String account = newAccount();
        record(log, account, 5);
        clock.advance(Duration.ofDays(31));
        record(log, account, 1);
        assertEquals(5, chain.prune(account, clock.instant().minus(Duration.ofDays(30))));
        jdbc.update("DELETE FROM nm_activity WHERE account_id = ? AND chain_position = 6", account);
        jdbc.update("UPDATE nm_activity_checkpoint SET chain_position = 6 WHERE account_id = ?", account);
        assertBroken(chain.verify(account), 6L, null, "checkpoint");
    }

    @Test
    void pruningStopsAtABrokenLinkAndKeepsTheEvidence() {
        String account = newAccount();
        record(log, account, 4);
        clock.advance(Duration.ofDays(31));
        jdbc.update("UPDATE nm_activity SET type = 'auth.logout' WHERE account_id = ? AND chain_position = 2", account);
        assertEquals(0, chain.prune(account, clock.instant().minus(Duration.ofDays(30))));
        assertBroken(chain.verify(account), 2L, idAt(account, 2), "edited");
    }

    @Test
    void theCleanUpPrunesEveryAccountPastTheRetentionAndZeroKeepsEverything() {
        String account = newAccount();
        record(log, account, 3);
        clock.advance(Duration.ofDays(31));
        record(log, account, 1);
        assertEquals(0, new ActivityChainService(database, signer, 0, clock).prune());
        assertEquals(4, chain.verify(account).entries());
        assertTrue(chain.prune() >= 3);
        Report report = chain.verify(account);
        assertTrue(report.intact(), report::toString);
        assertEquals(1, report.entries());
        assertEquals(3, report.checkpoint().position());
    }

    @Test
    void verifyingEveryAccountReportsEachOfThem() {
        String a = newAccount();
        String b = newAccount();
        record(log, a, 2);
        record(log, b, 2);
        jdbc.update("DELETE FROM nm_activity WHERE account_id = ? AND chain_position = 1", b);
        List<Report> all = chain.verifyAll();
        assertTrue(all.stream().anyMatch(r -> r.accountId().equals(a) && r.intact()));
        assertTrue(all.stream().anyMatch(r -> r.accountId().equals(b) && !r.intact()));
    }
}
