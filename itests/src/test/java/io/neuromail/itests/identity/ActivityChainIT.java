package io.neuromail.itests.identity;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

import com.fasterxml.jackson.databind.JsonNode;

import io.neuromail.itests.support.Api;
import io.neuromail.itests.support.Console;
import io.neuromail.itests.support.Database;
import io.neuromail.itests.support.NeuroMailTestSupport;
import io.neuromail.itests.support.Response;

/**
 * The tamper-evident activity log against the running distribution: entries that real requests
 * write verify over {@code GET /api/v1/activity/verify} and {@code neuromail:activity-verify}; a row
 * edited, deleted or moved with SQL is reported at its position; concurrent requests leave one
 * unbroken chain; reading personal data or the API keys is itself recorded. Every test has its own
 * account.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class ActivityChainIT extends NeuroMailTestSupport {

    @Inject
    private SessionFactory shell;

    private static String accountId(Api api) {
        return api.get("/api/v1/auth/session").expect(200).json().get("account").get("id").asText();
    }

    /** A signed-up account with {@code lists} more entries in its log (one per list made). */
    private static Api accountWithLists(int lists) {
        Api api = Api.signedUp();
        for (int i = 0; i < lists; i++) {
            api.post("/api/v1/lists", Map.of("name", "List " + i)).expect(201);
        }
        return api;
    }

    private JsonNode verify(Api api) {
        return api.get("/api/v1/activity/verify").expect(200).json();
    }

    private long rows(String account) {
        return Long.parseLong(Database.column(bundleContext, "SELECT COUNT(*) FROM nm_activity WHERE account_id = ?",
                account).get(0));
    }

    private String idAt(String account, long position) {
        return Database.column(bundleContext, "SELECT id FROM nm_activity WHERE account_id = ? AND chain_position = ?",
                account, position).get(0);
    }

    private static void assertBroken(JsonNode report, long position, String entryId, String reason) {
        assertFalse(report.toString(), report.get("intact").asBoolean());
        JsonNode broken = report.get("firstBroken");
        assertEquals(report.toString(), position, broken.get("position").asLong());
        assertEquals(report.toString(), reason, broken.get("reason").asText());
        if (entryId == null) {
            assertTrue(report.toString(), broken.get("entryId").isNull());
        } else {
            assertEquals(report.toString(), entryId, broken.get("entryId").asText());
        }
    }

    @Test
    public void entriesOfRealRequestsVerifyOverTheApiAndTheShell() throws Exception {
        Api api = accountWithLists(3);
        String account = accountId(api);
        JsonNode report = verify(api);
        assertTrue(report.toString(), report.get("intact").asBoolean());
        assertTrue(report.get("firstBroken").isNull());
        assertTrue(report.get("checkpoint").isNull());
        // The verification's own answer changes nothing in the log, so the count is exact.
        assertEquals(rows(account), report.get("entries").asLong());
        assertEquals(List.of("1"), Database.column(bundleContext,
                "SELECT MIN(chain_position) FROM nm_activity WHERE account_id = ?", account));

        String one = Console.run(shell, "neuromail:activity-verify " + account);
        assertTrue(one, one.contains(account + " intact: " + rows(account) + " entries"));
        String all = Console.run(shell, "neuromail:activity-verify");
        assertTrue(all, all.contains(account + " intact:"));
    }

    @Test
    public void checksOfOneAccountAreLimited() {
        Api owner = Api.signedUp();
        for (int i = 0; i < 20; i++) {
            verify(owner);
        }
        Response refused = owner.get("/api/v1/activity/verify").expect(429);
        assertTrue(refused.toString(), Long.parseLong(refused.header("Retry-After").orElseThrow()) > 0);
        // Another account checks its own log as before.
        verify(Api.signedUp());
    }

    @Test
    public void onlyAnAdminKeyMayVerify() {
        Api owner = Api.signedUp();
        owner.createApiKeyClient("reader", "read").get("/api/v1/activity/verify").expect(403);
        JsonNode report = owner.createApiKeyClient("admin").get("/api/v1/activity/verify").expect(200).json();
        assertTrue(report.toString(), report.get("intact").asBoolean());
    }

    @Test
    public void anEditedEntryIsReportedAtItsPosition() throws Exception {
        Api api = accountWithLists(4);
        String account = accountId(api);
        long position = rows(account) - 1;
        assertEquals(1, Database.update(bundleContext, "UPDATE nm_activity SET details = ? WHERE account_id = ?"
                + " AND chain_position = ?", "{\"listId\":\"another\"}", account, position));
        assertBroken(verify(api), position, idAt(account, position), "edited");
        String line = Console.run(shell, "neuromail:activity-verify " + account);
        assertTrue(line, line.contains(account + " BROKEN at position " + position));
        assertTrue(line, line.contains(": edited"));
    }

    @Test
    public void aDeletedEntryIsReportedMissingAtItsPosition() {
        Api api = accountWithLists(4);
        String account = accountId(api);
        long position = rows(account) - 2;
        assertEquals(1, Database.update(bundleContext, "DELETE FROM nm_activity WHERE account_id = ? AND chain_position = ?",
                account, position));
        assertBroken(verify(api), position, null, "missing");
    }

    @Test
    public void swappedEntriesAreReportedOutOfOrder() {
        Api api = accountWithLists(4);
        String account = accountId(api);
        long first = rows(account) - 2;
        String a = idAt(account, first);
        String b = idAt(account, first + 1);
        Database.update(bundleContext, "UPDATE nm_activity SET chain_position = -1 WHERE account_id = ? AND id = ?", account, a);
        Database.update(bundleContext, "UPDATE nm_activity SET chain_position = ? WHERE account_id = ? AND id = ?", first, account, b);
        Database.update(bundleContext, "UPDATE nm_activity SET chain_position = ? WHERE account_id = ? AND id = ?", first + 1, account, a);
        assertBroken(verify(api), first, b, "out-of-order");
    }

    @Test
    public void concurrentRequestsLeaveOneUnbrokenChain() throws Exception {
        Api owner = Api.signedUp();
        Api key = owner.createApiKeyClient("load");
        String account = accountId(owner);
        int threads = 8;
        int each = 5;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Callable<Void> writer = () -> {
                    go.await();
                    for (int i = 0; i < each; i++) {
                        key.post("/api/v1/lists", Map.of("name", "T" + thread + "-" + i)).expect(201);
                    }
                    return null;
                };
                done.add(pool.submit(writer));
            }
            go.countDown();
            for (Future<Void> f : done) {
                f.get(3, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode report = verify(owner);
        assertTrue(report.toString(), report.get("intact").asBoolean());
        assertEquals(rows(account), report.get("entries").asLong());
        assertEquals(threads * each, Database.column(bundleContext, "SELECT id FROM nm_activity WHERE account_id = ?"
                + " AND type = 'contacts.list.created'", account).size());
        assertEquals(List.of(String.valueOf(rows(account))), Database.column(bundleContext,
                "SELECT COUNT(DISTINCT chain_position) FROM nm_activity WHERE account_id = ?", account));
        // The log names the key that acted, so the Activity page needs no look at the key list.
        JsonNode made = owner.get("/api/v1/activity?type=contacts.list.created&size=1").expect(200).json().get("items").get(0);
        assertEquals(made.toString(), "load", made.get("apiKeyName").asText());
    }

    @Test
    public void readingPersonalDataAndTheKeysIsRecorded() {
        Api api = Api.signedUp();
        String account = accountId(api);
        String contact = api.post("/api/v1/contacts", Map.of("email", "reader-" + account.substring(0, 8) + "@example.org"))
                .expect(201).json().get("id").asText();
        String csv = api.send("GET", "/api/v1/contacts/export", null, Map.of("Accept", "text/csv")).expect(200).body();
        assertTrue(csv, csv.contains("reader-"));
        api.get("/api/v1/contacts/" + contact + "/export").expect(200);
        api.get("/api/v1/api-keys").expect(200);
        List<String> types = Database.column(bundleContext, "SELECT type FROM nm_activity WHERE account_id = ?"
                + " ORDER BY chain_position", account);
        assertTrue(types.toString(), types.containsAll(List.of("contacts.exported", "contacts.contact.exported", "apikey.listed")));
        List<String> subject = Database.column(bundleContext, "SELECT details FROM nm_activity WHERE account_id = ?"
                + " AND type = 'contacts.contact.exported'", account);
        assertEquals(1, subject.size());
        assertTrue(subject.get(0), subject.get(0).contains(contact));
        JsonNode listed = api.get("/api/v1/activity?type=apikey.listed").expect(200).json();
        assertEquals(1, listed.get("total").asInt());
        assertTrue(verify(api).get("intact").asBoolean());
    }
}
