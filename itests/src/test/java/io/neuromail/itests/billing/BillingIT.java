package io.neuromail.itests.billing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.inject.Inject;

import com.sun.net.httpserver.HttpServer;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import com.fasterxml.jackson.databind.JsonNode;

import io.neuromail.itests.support.Api;
import io.neuromail.itests.support.Database;
import io.neuromail.itests.support.Mailbox;
import io.neuromail.itests.support.NeuroMailTestSupport;
import io.neuromail.itests.support.Poll;
import io.neuromail.itests.support.Response;
import io.neuromail.itests.support.SenderIdentityLinks;

/**
 * Billing over HTTP against the running distribution, with billing switched on for the test (the
 * shipped default is off): Paddle's notifications signed as Paddle signs them (valid, wrong secret,
 * stale, replayed, out of order), the plan they give, the checkout opened against a local endpoint
 * that answers as Paddle's API does, and each limit refused with 402 where the work is accepted,
 * before anything of it is done.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class BillingIT extends NeuroMailTestSupport {

    private static final Duration RESTART = Duration.ofSeconds(60);
    private static final String SECRET = "pdl_ntfset_test_" + UUID.randomUUID();
    private static final String NEXT_SECRET = "pdl_ntfset_next_" + UUID.randomUUID();

    /** The bodies of the transactions NeuroMail asked the local Paddle endpoint for. */
    private static final List<String> TRANSACTIONS = new CopyOnWriteArrayList<>();

    @Inject
    private ConfigurationAdmin configurationAdmin;

    private Dictionary<String, Object> shipped;
    private static HttpServer paddle;

    /**
     * The local endpoint that answers as Paddle's API does (one per run, on a free loopback port): it
     * keeps what it was asked and answers a checkout, or 403 for a wrong key.
     */
    private static synchronized String paddleApi() throws IOException {
        if (paddle == null) {
            paddle = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            paddle.createContext("/transactions", exchange -> {
                byte[] answer;
                int status;
                if ("POST".equals(exchange.getRequestMethod())
                        && "Bearer test-api-key".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    TRANSACTIONS.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                    status = 201;
                    answer = ("{\"data\":{\"id\":\"txn_01test\",\"status\":\"ready\",\"checkout\":{\"url\":"
                            + "\"https://pay.example.com/checkout?_ptxn=txn_01test\"}},\"meta\":{\"request_id\":\"r1\"}}")
                            .getBytes(StandardCharsets.UTF_8);
                } else {
                    status = 403;
                    answer = "{\"error\":{\"type\":\"request_error\",\"code\":\"forbidden\",\"detail\":\"bad key\"}}"
                            .getBytes(StandardCharsets.UTF_8);
                }
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, answer.length);
                try (java.io.OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            });
            paddle.start();
        }
        return "http://127.0.0.1:" + paddle.getAddress().getPort();
    }

    @Before
    public void switchBillingOn() throws Exception {
        String paddleBase = paddleApi();
        Configuration config = Poll.until("etc/io.neuromail.billing.cfg is read", RESTART, () -> {
            try {
                Configuration c = configurationAdmin.getConfiguration("io.neuromail.billing", "?");
                Dictionary<String, Object> p = c.getProperties();
                return p != null && p.get("defaultPlan") != null ? c : null;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, Objects::nonNull);
        shipped = copy(config.getProperties());
        Dictionary<String, Object> on = copy(shipped);
        on.put("enabled", "true");
        on.put("defaultPlan", "free");
        on.put("plan.free.name", "Free");
        on.put("plan.free.contacts", "3");
        on.put("plan.free.emailsPerMonth", "2");
        on.put("plan.free.members", "2");
        on.put("plan.pro.name", "Pro");
        on.put("plan.pro.price", "29 USD a month");
        on.put("plan.pro.contacts", "100");
        on.put("plan.pro.emailsPerMonth", "100");
        on.put("plan.pro.members", "10");
        on.put("plan.pro.paddlePriceIds", "pri_test_pro");
        on.put("paddle.webhookSecrets", SECRET + "," + NEXT_SECRET);
        on.put("paddle.apiKey", "test-api-key");
        on.put("paddle.apiBase", paddleBase);
        config.update(on);
        Api probe = Api.signedUp();
        Poll.until("billing is on", RESTART, () -> {
            Response r = probe.get("/api/v1/billing");
            return r.status() == 200 && r.json().get("enabled").asBoolean()
                    && r.json().get("plans").size() == 2;
        });
    }

    @After
    public void switchBillingOff() throws Exception {
        if (shipped != null) {
            configurationAdmin.getConfiguration("io.neuromail.billing", "?").update(shipped);
            Api probe = Api.signedUp();
            Poll.until("billing is off again", RESTART, () -> !probe.get("/api/v1/billing").json().get("enabled").asBoolean());
        }
    }

    private static Dictionary<String, Object> copy(Dictionary<String, Object> from) {
        Hashtable<String, Object> to = new Hashtable<>();
        for (String key : Collections.list(from.keys())) {
            to.put(key, from.get(key));
        }
        return to;
    }

    // ------------------------------------------------------------------ Paddle's notifications

    private static String event(String id, String type, Instant at, String accountId, String status, String price) {
        return "{\"event_id\":\"" + id + "\",\"event_type\":\"" + type + "\",\"occurred_at\":\"" + at + "\","
                + "\"notification_id\":\"ntf_" + id + "\",\"data\":{\"id\":\"sub_" + accountId.substring(0, 8) + "\","
                + "\"status\":\"" + status + "\",\"customer_id\":\"ctm_1\",\"next_billed_at\":\"2027-01-03T10:00:00Z\","
                + "\"items\":[{\"price\":{\"id\":\"" + price + "\"},\"quantity\":1}],"
                + "\"custom_data\":{\"neuromail_account_id\":\"" + accountId + "\"}}}";
    }

    /** A Paddle-Signature header as Paddle makes it: HMAC-SHA256 of "ts:body" with the destination's secret. */
    private static String sign(String secret, long ts, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] h1 = mac.doFinal((ts + ":" + body).getBytes(StandardCharsets.UTF_8));
        return "ts=" + ts + ";h1=" + java.util.HexFormat.of().formatHex(h1);
    }

    private static Response deliver(String body, String signature) {
        return Api.anonymous().send("POST", "/api/v1/webhooks/paddle", body,
                Map.of("Content-Type", "application/json", "Paddle-Signature", signature));
    }

    private static JsonNode billing(Api api) {
        return api.get("/api/v1/billing").expect(200).json();
    }

    @Test
    public void signedNotificationsSetThePlanOnceAndInOrder() throws Exception {
        Api owner = Api.signedUp();
        String account = owner.get("/api/v1/auth/session").expect(200).json().get("account").get("id").asText();
        assertEquals("free", billing(owner).get("plan").get("id").asText());
        long now = Instant.now().getEpochSecond();
        Instant created = Instant.now().minusSeconds(60);
        String activated = event("evt_" + UUID.randomUUID(), "subscription.created", created, account, "active", "pri_test_pro");

        // Refused: no signature, another secret, a signature over another body, a stale one.
        deliver(activated, "").expect(403);
        deliver(activated, sign("pdl_ntfset_attacker", now, activated)).expect(403);
        deliver(activated, sign(SECRET, now, activated.replace("active", "trialing"))).expect(403);
        deliver(activated, sign(SECRET, now - 600, activated)).expect(403);
        assertEquals("free", billing(owner).get("plan").get("id").asText());

        // Accepted with either secret of a rotation; the second delivery of an event changes nothing.
        JsonNode applied = deliver(activated, sign(NEXT_SECRET, now, activated)).expect(200).json();
        assertTrue(applied.toString(), applied.get("status").asText().startsWith("applied"));
        JsonNode view = billing(owner);
        assertEquals("pro", view.get("plan").get("id").asText());
        assertEquals("active", view.get("status").asText());
        assertEquals("2027-01-03T10:00:00Z", view.get("renewsAt").asText());
        assertEquals("already processed", deliver(activated, sign(SECRET, now, activated)).expect(200).json()
                .get("status").asText());

        // Out of order: a cancellation that happened before the creation does not undo it.
        String olderCancel = event("evt_" + UUID.randomUUID(), "subscription.canceled", created.minusSeconds(30), account,
                "canceled", "pri_test_pro");
        assertTrue(deliver(olderCancel, sign(SECRET, now, olderCancel)).expect(200).json().get("status").asText()
                .startsWith("not applied"));
        assertEquals("pro", billing(owner).get("plan").get("id").asText());

        // Past due keeps the plan while Paddle retries; paused falls back to the free plan.
        String pastDue = event("evt_" + UUID.randomUUID(), "subscription.past_due", created.plusSeconds(10), account,
                "past_due", "pri_test_pro");
        deliver(pastDue, sign(SECRET, now, pastDue)).expect(200);
        assertEquals("pro", billing(owner).get("plan").get("id").asText());
        String paused = event("evt_" + UUID.randomUUID(), "subscription.paused", created.plusSeconds(20), account,
                "paused", "pri_test_pro");
        deliver(paused, sign(SECRET, now, paused)).expect(200);
        view = billing(owner);
        assertEquals("free", view.get("plan").get("id").asText());
        assertEquals("paused", view.get("status").asText());

        // What was received is recorded, and the account's log says what changed.
        assertEquals(List.of("3"), Database.column(bundleContext,
                "SELECT COUNT(*) FROM nm_billing_event WHERE account_id = ? AND outcome LIKE 'applied%'", account));
        JsonNode log = owner.get("/api/v1/activity?type=billing.&size=50").expect(200).json().get("items");
        assertEquals(3, log.size());
        deliver("not json", sign(SECRET, now, "not json")).expect(400);
    }

    @Test
    public void eachLimitIsRefusedWhereTheWorkIsAcceptedBeforeAnythingIsDone() throws Exception {
        Api owner = Api.signedUp();
        String account = owner.get("/api/v1/auth/session").expect(200).json().get("account").get("id").asText();

        // Contacts: 3 on the free plan.
        for (int i = 0; i < 3; i++) {
            owner.post("/api/v1/contacts", Map.of("email", Api.uniqueEmail())).expect(201);
        }
        JsonNode refused = owner.post("/api/v1/contacts", Map.of("email", Api.uniqueEmail())).expect(402).json();
        assertEquals("contacts", refused.get("limit").asText());
        assertEquals(3, refused.get("usage").asInt());
        assertEquals(3, refused.get("allowed").asInt());
        String upload = owner.sendRaw("POST", "/api/v1/contacts/imports", "email\n" + Api.uniqueEmail() + "\n", "text/csv")
                .expect(201).json().get("id").asText();
        assertEquals("contacts", owner.post("/api/v1/contacts/imports/" + upload + "/start", Map.of()).expect(402).json()
                .get("limit").asText());
        assertEquals("uploaded", owner.get("/api/v1/contacts/imports/" + upload).expect(200).json().get("state").asText());
        assertEquals(3, owner.get("/api/v1/contacts").expect(200).json().get("total").asInt());

        // E-mails: 2 a month on the free plan; a send that would pass it is refused whole.
        String from = "billing-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        SenderIdentityLinks.verifiedAddress(owner, from);
        for (int i = 0; i < 2; i++) {
            owner.post("/api/v1/messages", Map.of("from", from, "to", Api.uniqueEmail(), "subject", "Hello",
                    "text", "Your order has shipped.", "acknowledgeWarnings", true)).expect(202);
        }
        JsonNode emails = owner.post("/api/v1/messages", Map.of("from", from, "to", Api.uniqueEmail(), "subject", "Hello",
                "text", "Your order has shipped.", "acknowledgeWarnings", true)).expect(402).json();
        assertEquals("emailsPerMonth", emails.get("limit").asText());
        assertEquals(2, emails.get("usage").asInt());
        int sends = owner.get("/api/v1/sends").expect(200).json().get("items").size();
        owner.post("/api/v1/sends", Map.of("kind", "test", "from", from, "subject", "Hi", "text", "Hi there.", "acknowledgeWarnings", true,
                "recipients", List.of(Map.of("email", Api.uniqueEmail()), Map.of("email", Api.uniqueEmail()))))
                .expect(402);
        assertEquals(sends, owner.get("/api/v1/sends").expect(200).json().get("items").size());
        assertEquals(List.of("2"), Database.column(bundleContext,
                "SELECT emails FROM nm_delivery_usage WHERE account_id = ?", account));

        // Members: 2 on the free plan, open invitations included.
        owner.post("/api/v1/account/members/invitations", Map.of("email", Api.uniqueEmail(), "role", "viewer")).expect(201);
        assertEquals("members", owner.post("/api/v1/account/members/invitations",
                Map.of("email", Api.uniqueEmail(), "role", "viewer")).expect(402).json().get("limit").asText());

        // The Billing page's meters say the same.
        JsonNode usage = billing(owner).get("usage");
        Map<String, Integer> used = new java.util.HashMap<>();
        usage.forEach(m -> used.put(m.get("limit").asText(), m.get("used").asInt()));
        assertEquals(Map.of("contacts", 3, "emailsPerMonth", 2, "members", 2), used);
    }

    @Test
    public void onlyAnOwnerOpensACheckoutWhichCarriesTheAccount() {
        Api owner = Api.signedUp();
        String account = owner.get("/api/v1/auth/session").expect(200).json().get("account").get("id").asText();
        assertTrue(billing(owner).get("canChoose").asBoolean());
        JsonNode checkout = owner.post("/api/v1/billing/checkout", Map.of("plan", "pro")).expect(200).json();
        assertEquals("https://pay.example.com/checkout?_ptxn=txn_01test", checkout.get("url").asText());
        String asked = TRANSACTIONS.get(TRANSACTIONS.size() - 1);
        assertTrue(asked, asked.contains("\"price_id\":\"pri_test_pro\"") && asked.contains(account));
        owner.post("/api/v1/billing/checkout", Map.of("plan", "free")).expect(422);
        owner.post("/api/v1/billing/checkout", Map.of("plan", "gold")).expect(422);

        // An admin sees billing but does not choose; an editor does not see it.
        String adminEmail = Api.uniqueEmail();
        owner.post("/api/v1/account/members/invitations", Map.of("email", adminEmail, "role", "admin")).expect(201);
        String token = Mailbox.token(Mailbox.text(owner, Mailbox.mailTo(owner, adminEmail, "You are invited to join")));
        Api admin = Api.anonymous();
        admin.post("/api/v1/auth/join", Map.of("token", token, "password", Api.PASSWORD)).expect(201);
        assertFalse(billing(admin).get("canChoose").asBoolean());
        admin.post("/api/v1/billing/checkout", Map.of("plan", "pro")).expect(403);
        owner.createApiKeyClient("billing reader", "read").get("/api/v1/billing").expect(403);
    }
}
