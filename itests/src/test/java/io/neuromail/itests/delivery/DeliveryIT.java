package io.neuromail.itests.delivery;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.framework.Bundle;

import com.fasterxml.jackson.databind.JsonNode;

import io.neuromail.itests.support.Api;
import io.neuromail.itests.support.NeuroMailTestSupport;
import io.neuromail.itests.support.Poll;
import io.neuromail.itests.support.Response;

/**
 * Delivery as a client sees it: transactional messages and sends through the ledger to the outbox
 * sender, validation, header injection, pause/resume/cancel and a sender that leaves mid-send,
 * with every recipient counted at the sink.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class DeliveryIT extends NeuroMailTestSupport {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(120);

    @Test
    public void aTransactionalMessageGoesOutThroughTheOutbox() {
        Api api = Api.signedUp();
        Response queued = api.post("/api/v1/messages", Map.of("from", "shop@example.com", "fromName", "Shöp",
                "to", "customer@example.org", "subject", "Your order № 42", "text", "Thank you.",
                "html", "<p>Thank you.</p>")).expect(202);
        String id = queued.json().get("id").asText();
        JsonNode sent = Poll.until("the message is sent", SEND_TIMEOUT, () -> api.get("/api/v1/messages/" + id)
                .expect(200).json(), m -> "sent".equals(m.get("state").asText()));
        assertEquals("outbox", sent.get("senderName").asText());
        assertEquals(1, sent.get("attempts").asInt());
        String file = sent.get("providerId").asText();

        JsonNode opened = api.get("/api/v1/outbox/" + file).expect(200).json();
        assertEquals("Your order № 42", opened.get("subject").asText());
        assertEquals("customer@example.org", opened.get("to").asText());
        assertTrue(opened.get("from").asText().contains("Shöp"));
        assertEquals("Thank you.", opened.get("text").asText().trim());
        String source = source(api, file);
        assertTrue(source, source.contains("Message-ID: <" + id + "@example.com>"));
        assertTrue(source, source.contains("multipart/alternative"));
        assertFalse("transactional mail has no List-Unsubscribe", source.contains("List-Unsubscribe"));
        assertEquals(Map.of("customer@example.org", 1), Outboxes.perRecipient(api));
    }

    /**
     * One address rule: what the address book takes, delivery sends to, and what either refuses, the
     * other refuses too (an internationalised local part, an over-long part, a number as top-level
     * domain). An internationalised domain is stored and sent to in its ASCII form.
     */
    @Test
    public void contactsAndDeliveryAcceptTheSameAddresses() {
        Api api = Api.signedUp();
        Map<String, Boolean> expected = new LinkedHashMap<>();
        expected.put("plain@example.org", true);
        expected.put("O'Neil+news@example.org", true);
        expected.put("anna@bücher.example", true);
        expected.put("jörg@example.org", false);
        expected.put("josé@bücher.example", false);
        expected.put("a".repeat(65) + "@example.org", false);
        expected.put("x@" + "b".repeat(64) + ".example", false);
        expected.put("user@example.c0m", false);
        List<String> addresses = new ArrayList<>(expected.keySet());

        Map<String, Boolean> byContacts = new LinkedHashMap<>();
        for (String address : addresses) {
            Response created = api.post("/api/v1/contacts", Map.of("email", address));
            if (created.status() == 422) {
                assertTrue(created.toString(), errors(created.json()).containsKey("email"));
            } else {
                created.expect(201);
            }
            byContacts.put(address, created.status() == 201);
        }
        List<Map<String, Object>> recipients = new ArrayList<>();
        addresses.forEach(a -> recipients.add(Map.of("email", a)));
        // No subject: the send is refused, and the refusal names every recipient delivery would not send to.
        Map<String, String> errors = errors(api.post("/api/v1/sends", Map.of("from", "news@example.com",
                "text", "Hello", "recipients", recipients)).expect(422).json());
        assertTrue(errors.toString(), errors.containsKey("subject"));
        Map<String, Boolean> byDelivery = new LinkedHashMap<>();
        for (int i = 0; i < addresses.size(); i++) {
            byDelivery.put(addresses.get(i), !errors.containsKey("recipients[" + i + "].email"));
        }
        assertEquals(expected, byContacts);
        assertEquals(byContacts, byDelivery);

        List<String> stored = new ArrayList<>();
        api.get("/api/v1/contacts?q=bcher").expect(200).json().get("items").forEach(c -> stored.add(c.get("email").asText()));
        assertEquals(List.of("anna@xn--bcher-kva.example"), stored);
        String id = api.post("/api/v1/messages", Map.of("from", "shop@example.com", "to", "anna@bücher.example",
                "subject", "Hello", "text", "Hello")).expect(202).json().get("id").asText();
        Poll.until("the message is sent", SEND_TIMEOUT, () -> api.get("/api/v1/messages/" + id).expect(200).json(),
                m -> "sent".equals(m.get("state").asText()));
        assertEquals(Map.of("anna@xn--bcher-kva.example", 1), Outboxes.perRecipient(api));
    }

    @Test
    public void invalidMessagesAreRefusedFieldByField() {
        Api api = Api.signedUp();
        JsonNode problem = api.post("/api/v1/messages", Map.of("from", "not an address", "to", "",
                "subject", " ")).expect(422).json();
        Map<String, String> errors = errors(problem);
        assertTrue(errors.toString(), errors.get("from").contains("valid email"));
        assertTrue(errors.toString(), errors.get("to").contains("required"));
        assertTrue(errors.toString(), errors.get("subject").contains("required"));
        assertTrue(errors.toString(), errors.get("text").contains("text or html"));
        api.sendRaw("POST", "/api/v1/messages", "{\"from\":\"a@example.com\",\"bcc\":\"x@example.org\"}",
                "application/json").expect(400);
        assertEquals(0, Outboxes.perRecipient(api).size());
    }

    @Test
    public void headerInjectionIsRefused() {
        Api api = Api.signedUp();
        Map<String, String> body = new HashMap<>(Map.of("from", "shop@example.com", "to", "customer@example.org",
                "subject", "Hello\r\nBcc: victim@example.net", "text", "x"));
        assertTrue(errors(api.post("/api/v1/messages", body).expect(422).json()).get("subject").contains("line breaks"));
        body.put("subject", "Hello");
        body.put("fromName", "Shop\nBcc: victim@example.net");
        assertTrue(errors(api.post("/api/v1/messages", body).expect(422).json()).get("fromName").contains("line breaks"));
        body.remove("fromName");
        body.put("to", "customer@example.org\r\nBcc: victim@example.net");
        assertTrue(errors(api.post("/api/v1/messages", body).expect(422).json()).containsKey("to"));
        assertEquals(0, Outboxes.perRecipient(api).size());
    }

    @Test
    public void aCampaignCarriesPersonalisationAndOneClickUnsubscribe() {
        Api api = Api.signedUp();
        List<Map<String, Object>> recipients = List.of(
                Map.of("email", "ann@example.org", "fields", Map.of("name", "Ann <b>", "order.total", "12.50")),
                Map.of("email", "bob@example.org", "fields", Map.of("name", "Bob")));
        // Liquid, as in campaigns: filters, defaults, and a dotted field name as an object's property.
        String text = "Dear {{ name | default: 'friend' }}, your total: {{ order.total | default: 'none' }}.";
        String sendId = api.post("/api/v1/sends", Map.of("from", "news@example.com", "subject", "Hi {{name}}",
                "text", text, "html", "<p>Dear {{name}}</p>", "recipients", recipients)).expect(201)
                .json().get("id").asText();
        awaitState(api, sendId, "finished");
        JsonNode page = api.get("/api/v1/sends/" + sendId + "/recipients?q=ann").expect(200).json();
        assertEquals(1, page.get("total").asInt());
        String file = page.get("items").get(0).get("providerId").asText();
        JsonNode opened = api.get("/api/v1/outbox/" + file).expect(200).json();
        assertEquals("Hi Ann <b>", opened.get("subject").asText());
        assertTrue(opened.get("html").asText(), opened.get("html").asText().contains("Dear Ann &lt;b&gt;"));
        assertTrue(opened.get("text").asText(), opened.get("text").asText().contains("Dear Ann <b>, your total: 12.50."));
        JsonNode toBob = api.get("/api/v1/outbox/" + api.get("/api/v1/sends/" + sendId + "/recipients?q=bob").expect(200)
                .json().get("items").get(0).get("providerId").asText()).expect(200).json();
        assertTrue(toBob.get("text").asText(), toBob.get("text").asText().contains("Dear Bob, your total: none."));
        // A broken template or a name no recipient has is refused before anything is queued.
        Map<String, String> broken = errors(api.post("/api/v1/sends", Map.of("from", "news@example.com", "subject", "Hi",
                "text", "Dear {% if %}", "recipients", recipients)).expect(422).json());
        assertTrue(broken.toString(), broken.containsKey("text"));
        Map<String, String> unknown = errors(api.post("/api/v1/sends", Map.of("from", "news@example.com",
                "subject", "Hi {{ nmae }}", "text", "Hello", "recipients", recipients)).expect(422).json());
        assertTrue(unknown.toString(), unknown.getOrDefault("subject", "").contains("nmae"));
        String source = source(api, file);
        assertTrue(source, source.contains("List-Unsubscribe: <https://"));
        assertTrue(source, source.contains("/unsubscribe/"));
        assertTrue(source, source.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
        assertEquals(Map.of("ann@example.org", 1, "bob@example.org", 1), Outboxes.perRecipient(api));
    }

    @Test
    public void pauseResumeAndCancelLoseAndDoubleNobody() {
        Api api = Api.signedUp();
        String sendId = startSend(api, 250);
        Poll.until("some messages are sent", SEND_TIMEOUT, () -> counts(api, sendId).get("sent").asInt() > 0);
        assertEquals("paused", api.post("/api/v1/sends/" + sendId + "/pause", null).expect(200).json()
                .get("state").asText());
        api.post("/api/v1/sends/" + sendId + "/pause", null).expect(409);
        JsonNode settled = Poll.until("nothing is in flight", SEND_TIMEOUT, () -> counts(api, sendId),
                c -> c.get("handed_off").asInt() == 0);
        int sentWhilePaused = settled.get("sent").asInt();
        assertTrue("paused before the end: " + settled, settled.get("queued").asInt() > 0);
        assertEquals(sentWhilePaused, total(Outboxes.perRecipient(api)));
        assertEquals(sentWhilePaused, counts(api, sendId).get("sent").asInt());

        api.post("/api/v1/sends/" + sendId + "/resume", null).expect(200);
        awaitState(api, sendId, "finished");
        assertExactlyOnce(api, sendId, 250);

        String cancelled = startSend(api, 250, "c");
        Poll.until("some messages are sent", SEND_TIMEOUT, () -> counts(api, cancelled).get("sent").asInt() > 0);
        assertEquals("cancelled", api.post("/api/v1/sends/" + cancelled + "/cancel", null).expect(200).json()
                .get("state").asText());
        JsonNode after = Poll.until("nothing is in flight", SEND_TIMEOUT, () -> counts(api, cancelled),
                c -> c.get("handed_off").asInt() == 0);
        assertEquals(250, after.get("sent").asInt() + after.get("cancelled").asInt());
        assertTrue(after.toString(), after.get("cancelled").asInt() > 0);
        api.post("/api/v1/sends/" + cancelled + "/resume", null).expect(409);
        Map<String, Integer> outbox = Outboxes.perRecipient(api);
        assertEquals(250 + after.get("sent").asInt(), total(outbox));
        outbox.values().forEach(n -> assertEquals(Integer.valueOf(1), n));
        assertOutboxPages(api, total(outbox));
    }

    /** The outbox list answers the platform's page envelope, and the limit/offset it was published with. */
    private static void assertOutboxPages(Api api, int kept) {
        JsonNode second = api.get("/api/v1/outbox?page=1&size=100").expect(200).json();
        assertEquals(kept, second.get("total").asInt());
        assertEquals(1, second.get("page").asInt());
        assertEquals(100, second.get("size").asInt());
        assertEquals(100, second.get("items").size());
        assertFalse(second.has("limit") || second.has("offset"));
        JsonNode tail = api.get("/api/v1/outbox?limit=100&offset=" + (kept - 30)).expect(200).json();
        assertEquals(30, tail.get("items").size());
        assertEquals((kept - 30) / 100, tail.get("page").asInt());
        assertEquals(100, tail.get("size").asInt());
        JsonNode newest = api.get("/api/v1/outbox?size=1").expect(200).json();
        assertEquals(newest.get("items").get(0).get("id").asText(),
                api.get("/api/v1/outbox?limit=1&offset=0").expect(200).json().get("items").get(0).get("id").asText());
        api.get("/api/v1/outbox?size=501").expect(422);
        api.get("/api/v1/outbox?size=10&limit=10").expect(422);
    }

    @Test
    public void aSenderStoppedMidSendLosesNothing() throws Exception {
        Api api = Api.signedUp();
        Bundle outbox = bundle("io.neuromail.sender.outbox");
        String sendId = startSend(api, 200);
        Poll.until("some messages are sent", SEND_TIMEOUT, () -> counts(api, sendId).get("sent").asInt() > 0);
        outbox.stop();
        try {
            JsonNode waiting = Poll.until("the rest waits for the sender", SEND_TIMEOUT, () -> counts(api, sendId),
                    c -> c.get("handed_off").asInt() == 0);
            assertTrue(waiting.toString(), waiting.get("queued").asInt() > 0);
            assertFalse(api.get("/api/v1/delivery/settings").expect(200).json().get("senderAvailable").asBoolean());
            JsonNode queued = api.get("/api/v1/sends/" + sendId + "/recipients?state=queued&limit=1").expect(200)
                    .json().get("items").get(0);
            Poll.until("the wait is reported", SEND_TIMEOUT, () -> api.get("/api/v1/sends/" + sendId
                    + "/recipients?state=queued&limit=1").expect(200).json().get("items").get(0).path("lastError")
                    .asText().contains("waiting for sender 'outbox'"));
            assertNotNull(queued);
            assertEquals("running", api.get("/api/v1/sends/" + sendId).json().get("state").asText());
        } finally {
            outbox.start();
        }
        awaitState(api, sendId, "finished");
        assertExactlyOnce(api, sendId, 200);
    }

    @Test
    public void sendActionsValidateTheirInput() {
        Api api = Api.signedUp();
        Map<String, String> errors = errors(api.post("/api/v1/sends", Map.of("from", "news@example.com",
                "subject", "x", "text", "y", "recipients", List.of(Map.of("email", "a@example.org"),
                        Map.of("email", "A@example.org"), Map.of("email", "broken")))).expect(422).json());
        assertTrue(errors.toString(), errors.get("recipients[1].email").contains("already"));
        assertTrue(errors.toString(), errors.get("recipients[2].email").contains("valid"));
        assertTrue(errors(api.get("/api/v1/sends?limit=0").expect(422).json()).containsKey("limit"));
        JsonNode settings = api.get("/api/v1/delivery/settings").expect(200).json();
        assertEquals("outbox", settings.get("sender").asText());
        assertTrue(settings.get("senderAvailable").asBoolean());
        JsonNode test = api.post("/api/v1/delivery/test-connection", Map.of("sender", "outbox")).expect(200).json();
        assertTrue(test.get("ok").asBoolean());
        assertTrue(errors(api.post("/api/v1/delivery/test-connection", Map.of("sender", "nowhere")).expect(422)
                .json()).containsKey("sender"));
        assertTrue(errors(api.put("/api/v1/delivery/settings", Map.of("sender", "bad name\n")).expect(422).json())
                .containsKey("sender"));
    }

    static String startSend(Api api, int recipients) {
        return startSend(api, recipients, "r");
    }

    static String startSend(Api api, int recipients, String prefix) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 0; i < recipients; i++) {
            list.add(Map.of("email", prefix + i + "@example.org"));
        }
        return api.post("/api/v1/sends", Map.of("from", "news@example.com", "subject", "News", "text", "Hello",
                "recipients", list)).expect(201).json().get("id").asText();
    }

    static JsonNode counts(Api api, String sendId) {
        return api.get("/api/v1/sends/" + sendId).expect(200).json().get("counts");
    }

    static void awaitState(Api api, String sendId, String state) {
        Poll.until("send " + sendId + " is " + state, SEND_TIMEOUT, () -> api.get("/api/v1/sends/" + sendId).expect(200)
                .json(), s -> state.equals(s.get("state").asText()));
    }

    /** Every recipient is sent and reached the sink exactly once. */
    static void assertExactlyOnce(Api api, String sendId, int recipients) {
        JsonNode counts = counts(api, sendId);
        assertEquals(counts.toString(), recipients, counts.get("sent").asInt());
        Map<String, Integer> outbox = Outboxes.perRecipient(api);
        assertEquals(recipients, outbox.size());
        outbox.forEach((to, n) -> assertEquals(to, Integer.valueOf(1), n));
    }

    private static int total(Map<String, Integer> perRecipient) {
        return perRecipient.values().stream().mapToInt(Integer::intValue).sum();
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : bundleContext.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError(symbolicName + " is not installed");
    }

    /** The raw source of an outbox message, as the Outbox page's "view source" asks for it. */
    static String source(Api api, String file) {
        Response r = api.send("GET", "/api/v1/outbox/" + file + "/source", null, Map.of("Accept", "text/plain")).expect(200);
        assertTrue(r.header("Content-Type").orElse("").startsWith("text/plain"));
        return r.body();
    }

    static Map<String, String> errors(JsonNode problem) {
        Map<String, String> errors = new LinkedHashMap<>();
        problem.path("errors").forEach(e -> errors.put(e.get("field").asText(), e.get("message").asText()));
        return errors;
    }
}
