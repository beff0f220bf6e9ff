package io.neuromail.itests.delivery;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import com.fasterxml.jackson.databind.JsonNode;

import io.neuromail.itests.support.Api;
import io.neuromail.itests.support.NeuroMailTestSupport;
import io.neuromail.itests.support.Poll;
import io.neuromail.itests.support.SenderIdentityLinks;

/**
 * The gate every send passes, as a client meets it on each path that sends (transactional message,
 * send, test message, resume, resend): only from a verified sender identity (still verified when each
 * message is handed to the sender), never past a blocking verdict
 * or unacknowledged warnings, never to a suppressed address, and marketing mail only while the
 * public address for its unsubscribe links is set.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class SafeSendingIT extends NeuroMailTestSupport {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(180);
    /** Not among the pre-verified domains of the test container: no account owns it. */
    private static final String BANK = "alerts@bank.test";
    private static final String WARN_SUBJECT = "BIGGEST SALE OF THE YEAR";
    private static final String WARN_HTML = "<p>Get free money now. Act now.</p>";
    private static final String PHISHING_HTML = "<p>Your account has been suspended. Verify your account now at "
            + "<a href=\"https://login.malware.test/paypal\">https://www.paypal.com/signin</a>.</p>";

    @Inject
    private ConfigurationAdmin configurationAdmin;

    private static Map<String, String> errors(JsonNode problem) {
        Map<String, String> out = new HashMap<>();
        problem.path("errors").forEach(e -> out.put(e.get("field").asText(), e.get("message").asText()));
        return out;
    }

    private static Map<String, Object> send(String from, String subject, String html, List<String> to) {
        List<Map<String, Object>> recipients = new ArrayList<>();
        to.forEach(r -> recipients.add(Map.of("email", r)));
        Map<String, Object> body = new HashMap<>();
        body.put("from", from);
        body.put("subject", subject);
        body.put("html", html);
        body.put("text", "Plain-text version of the message.");
        body.put("recipients", recipients);
        return body;
    }

    private static Map<String, Object> message(String from, String subject, String html, String to) {
        Map<String, Object> body = new HashMap<>();
        body.put("from", from);
        body.put("to", to);
        body.put("subject", subject);
        body.put("html", html);
        body.put("text", "Plain-text version of the message.");
        return body;
    }

    @Test
    public void noPathSendsFromAnAddressTheAccountHasNotVerified() {
        Api api = Api.signedUp();
        JsonNode problem = api.post("/api/v1/messages", message(BANK, "Your statement", "<p>Hello</p>",
                "customer@example.org")).expect(422).json();
        assertTrue(problem.toString(), errors(problem).get("from").contains("sender-identities"));
        problem = api.post("/api/v1/sends", send(BANK, "News", "<p>Hello</p>", List.of("a@example.org")))
                .expect(422).json();
        assertTrue(problem.toString(), errors(problem).get("from").contains("not a verified sender identity"));
        problem = api.post("/api/v1/delivery/test-message", Map.of("to", "me@example.org", "from", BANK))
                .expect(422).json();
        assertTrue(problem.toString(), errors(problem).containsKey("from"));
        // The test message without a From uses the user's own login address: verified only when its
        // domain is; the sign-up address of Api.signedUp() is at example.com, pre-verified here.
        api.post("/api/v1/delivery/test-message", Map.of("to", "me@example.org")).expect(202);
        // Reply-To may be any valid address.
        Map<String, Object> withReplyTo = message("shop@example.com", "Receipt", "<p>Thanks</p>", "c@example.org");
        withReplyTo.put("replyTo", "help@elsewhere.test");
        api.post("/api/v1/messages", withReplyTo).expect(202);
        withReplyTo.put("replyTo", "not an address");
        assertTrue(errors(api.post("/api/v1/messages", withReplyTo).expect(422).json()).containsKey("replyTo"));
        assertEquals(0, api.get("/api/v1/sends").expect(200).json().get("items").size());
    }

    @Test
    public void aSendWhoseSenderIdentityIsRemovedStopsBeforeItsNextMessageAndGoesOnOnlyOnceItIsVerifiedAgain() {
        Api api = Api.signedUp();
        String address = "promo-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@identity.test";
        String identity = SenderIdentityLinks.verifiedAddress(api, address);
        // 500 messages at the outbox's shipped 50 a second take ten seconds: the identity goes long before.
        List<String> to = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            to.add(String.format("r%03d@identity-send.example.org", i));
        }
        String sendId = api.post("/api/v1/sends", send(address, "Spring news", "<p>Hello</p>", to)).expect(201).json()
                .get("id").asText();
        api.delete("/api/v1/sender-identities/" + identity).expect(204);

        JsonNode paused = Poll.until("the send stops", Duration.ofSeconds(60),
                () -> api.get("/api/v1/sends/" + sendId).expect(200).json(),
                s -> "auto-paused".equals(s.get("state").asText()) && s.get("counts").get("handed_off").asInt() == 0);
        assertTrue(paused.toString(), paused.get("stateReason").asText().contains(address + " is no longer a verified"));
        JsonNode counts = paused.get("counts");
        int sent = counts.get("sent").asInt();
        assertTrue(counts.toString(), counts.get("queued").asInt() > 0);
        assertEquals(counts.toString(), 500, sent + counts.get("queued").asInt());
        assertEquals("no message went out after the stop", sent, sentTo(api, "@identity-send.example.org"));

        // Resuming or resending is refused while the address is not verified.
        for (String action : List.of("resume", "resend-failed", "resend-uncertain")) {
            JsonNode problem = api.post("/api/v1/sends/" + sendId + "/" + action, null).expect(422).json();
            assertTrue(problem.toString(), errors(problem).get("from").contains("not a verified sender identity"));
        }
        assertEquals("auto-paused", api.get("/api/v1/sends/" + sendId).expect(200).json().get("state").asText());

        SenderIdentityLinks.verifiedAddress(api, address);
        api.post("/api/v1/sends/" + sendId + "/resume", null).expect(200);
        Poll.until("the send finishes", SEND_TIMEOUT, () -> api.get("/api/v1/sends/" + sendId).expect(200).json(),
                s -> "finished".equals(s.get("state").asText()));
        assertEquals(500, DeliveryIT.counts(api, sendId).get("sent").asInt());
        assertEquals(500, sentTo(api, "@identity-send.example.org"));
    }

    /** How many messages in the account's outbox went to addresses ending in {@code suffix}. */
    private static int sentTo(Api api, String suffix) {
        return Outboxes.perRecipient(api).entrySet().stream().filter(e -> e.getKey().endsWith(suffix))
                .mapToInt(Map.Entry::getValue).sum();
    }

    @Test
    public void blockedContentIsRefusedAndWarningsNeedAnAcknowledgementThatIsKeptWithTheSend() {
        Api api = Api.signedUp();
        JsonNode blocked = api.post("/api/v1/sends", send("news@example.com", "URGENT: verify your account",
                PHISHING_HTML, List.of("a@example.org"))).expect(422).json();
        assertEquals(blocked.toString(), "BLOCK", blocked.get("verdict").get("decision").asText());
        assertTrue(blocked.toString(), blocked.get("verdict").get("findings").size() > 0);
        assertTrue(blocked.toString(), errors(blocked).containsKey("content"));
        // Acknowledging warnings never lets a blocked message through, on any path.
        Map<String, Object> acknowledged = message("shop@example.com", "URGENT: verify your account", PHISHING_HTML,
                "a@example.org");
        acknowledged.put("acknowledgeWarnings", true);
        assertEquals("BLOCK", api.post("/api/v1/messages", acknowledged).expect(422).json().get("verdict")
                .get("decision").asText());

        Map<String, Object> warned = send("news@example.com", WARN_SUBJECT, WARN_HTML, List.of("b@example.org"));
        JsonNode warning = api.post("/api/v1/sends", warned).expect(422).json();
        assertEquals(warning.toString(), "WARN", warning.get("verdict").get("decision").asText());
        assertTrue(warning.toString(), errors(warning).get("acknowledgeWarnings").contains("acknowledgeWarnings"));
        assertEquals("nothing was queued", 0, api.get("/api/v1/sends").expect(200).json().get("items").size());

        warned.put("acknowledgeWarnings", true);
        JsonNode created = api.post("/api/v1/sends", warned).expect(201).json();
        assertEquals("WARN", created.get("verdict").get("decision").asText());
        assertTrue(created.get("verdict").get("acknowledged").asBoolean());
        JsonNode shown = api.get("/api/v1/sends/" + created.get("id").asText()).expect(200).json();
        assertEquals("WARN", shown.get("verdict").get("decision").asText());
        assertTrue(shown.get("verdict").get("findings").toString().contains("spam"));
    }

    @Test
    public void anAccountCannotSwitchOffTheLockedFiltersNorRaiseTheBlockingThresholdPastTheOperatorsLimit() {
        Api api = Api.signedUp();
        JsonNode problem = api.put("/api/v1/content/settings", Map.of("filters", Map.of("phishing", false)))
                .expect(422).json();
        assertTrue(problem.toString(), errors(problem).containsKey("filters.phishing"));
        problem = api.put("/api/v1/content/settings", Map.of("blockThreshold", 99.0)).expect(422).json();
        assertTrue(problem.toString(), errors(problem).get("blockThreshold").contains("at most"));
        JsonNode settings = api.get("/api/v1/content/settings").expect(200).json();
        assertEquals("[\"links\",\"phishing\"]", settings.get("defaults").get("lockedFilters").toString());
        api.put("/api/v1/content/settings", Map.of("filters", Map.of("spam", false))).expect(200);
        assertEquals("BLOCK", api.post("/api/v1/sends", send("news@example.com", "Account notice", PHISHING_HTML,
                List.of("a@example.org"))).expect(422).json().get("verdict").get("decision").asText());
    }

    @Test
    public void suppressedAddressesOfALargeSendGetNothingWhenTheSendIsCreatedOrWhenTheirTurnComes() throws Exception {
        Api api = Api.signedUp();
        // The outbox declares 50 messages a second as shipped; this send of 10,000 may go faster. The
        // outbox restarts with the new rate (its resources too): wait until the account sees it.
        Configuration outbox = configurationAdmin.getConfiguration("io.neuromail.sender.outbox", null);
        Dictionary<String, Object> shipped = outbox.getProperties();
        Dictionary<String, Object> faster = new Hashtable<>();
        if (shipped != null) {
            java.util.Collections.list(shipped.keys()).forEach(k -> faster.put(k, shipped.get(k)));
        }
        faster.put("maxPerSecond", "2000");
        outbox.update(faster);
        try {
            Poll.until("the outbox takes 2000 messages a second", Duration.ofSeconds(60),
                    () -> api.get("/api/v1/delivery/senders"), r -> r.status() == 200
                            && r.json().toString().contains("\"maxPerSecond\":2000"));
            tenThousandRecipients(api);
        } finally {
            outbox.update(shipped == null ? new Hashtable<>() : shipped);
            Poll.until("the outbox is back at its shipped rate", Duration.ofSeconds(60),
                    () -> api.get("/api/v1/delivery/senders"), r -> r.status() == 200
                            && !r.json().toString().contains("\"maxPerSecond\":2000"));
        }
    }

    private void tenThousandRecipients(Api api) throws Exception {
        api.post("/api/v1/contacts", Map.of("email", "unsubscribed@example.net", "status", "unsubscribed")).expect(201);
        api.post("/api/v1/contacts", Map.of("email", "bounced@example.net", "status", "bounced")).expect(201);
        api.post("/api/v1/contacts", Map.of("email", "complained@example.net", "status", "complained")).expect(201);
        api.post("/api/v1/suppressions", Map.of("email", "manual@example.net")).expect(201);
        String erased = api.post("/api/v1/contacts", Map.of("email", "erased@example.net")).expect(201).json()
                .get("id").asText();
        api.post("/api/v1/contacts/" + erased + "/erase", null).expect(204);
        Set<String> suppressed = Set.of("unsubscribed@example.net", "bounced@example.net", "complained@example.net",
                "manual@example.net", "Erased@Example.net");
        // "zz-late@" sorts last: it is still queued when it goes on the suppression list below.
        String late = "zz-late@example.net";
        List<String> to = new ArrayList<>(suppressed);
        for (int i = 0; to.size() < 9_999; i++) {
            to.add(String.format("r%05d@example.org", i));
        }
        to.add(late);
        String sendId = api.post("/api/v1/sends", send("news@example.com", "Autumn news", "<p>Hello</p>", to))
                .expect(201).json().get("id").asText();
        assertEquals("paused", api.post("/api/v1/sends/" + sendId + "/pause", null).expect(200).json()
                .get("state").asText());
        JsonNode counts = DeliveryIT.counts(api, sendId);
        assertEquals(counts.toString(), 5, counts.get("suppressed").asInt());
        assertEquals("still queued", "queued", api.get("/api/v1/sends/" + sendId + "/recipients?q=zz-late")
                .expect(200).json().get("items").get(0).get("state").asText());
        api.post("/api/v1/suppressions", Map.of("email", late)).expect(201);
        api.post("/api/v1/sends/" + sendId + "/resume", null).expect(200);
        Poll.until("the send finishes", SEND_TIMEOUT, () -> api.get("/api/v1/sends/" + sendId).expect(200).json(),
                s -> "finished".equals(s.get("state").asText()));

        counts = DeliveryIT.counts(api, sendId);
        assertEquals(counts.toString(), 6, counts.get("suppressed").asInt());
        assertEquals(counts.toString(), 9_994, counts.get("sent").asInt());
        Set<String> rows = new TreeSet<>();
        api.get("/api/v1/sends/" + sendId + "/recipients?state=suppressed&limit=50").expect(200).json().get("items")
                .forEach(r -> rows.add(r.get("recipient").asText().toLowerCase()));
        assertEquals(Set.of("unsubscribed@example.net", "bounced@example.net", "complained@example.net",
                "manual@example.net", "erased@example.net", late), rows);
        Map<String, Integer> outbox = Outboxes.perRecipient(api);
        assertEquals(9_994, outbox.size());
        for (String address : rows) {
            assertFalse(address + " got nothing", outbox.containsKey(address));
        }
        // Resending the send's failures never reaches them either; a transactional message to one is refused.
        api.post("/api/v1/sends/" + sendId + "/resend-failed", null).expect(200);
        assertEquals(6, DeliveryIT.counts(api, sendId).get("suppressed").asInt());
        assertTrue(errors(api.post("/api/v1/messages", message("shop@example.com", "Receipt", "<p>Thanks</p>",
                "bounced@example.net")).expect(422).json()).containsKey("to"));
    }

    @Test
    public void marketingSendsWaitForThePublicAddressWhileTransactionalMailGoesOn() throws Exception {
        Api api = Api.signedUp();
        Configuration config = configurationAdmin.getConfiguration("io.neuromail.public", null);
        Dictionary<String, Object> before = config.getProperties();
        Dictionary<String, Object> unset = new Hashtable<>();
        unset.put("baseUrl", "");
        config.update(unset);
        try {
            JsonNode problem = Poll.until("marketing sends are refused", Duration.ofSeconds(20),
                    () -> api.post("/api/v1/sends", send("news@example.com", "News", "<p>Hello</p>",
                            List.of("a@example.org"))).json(), p -> p.path("status").asInt() == 503);
            assertTrue(problem.toString(), problem.get("detail").asText().contains("io.neuromail.public"));
            api.post("/api/v1/messages", message("shop@example.com", "Receipt", "<p>Thanks</p>", "c@example.org"))
                    .expect(202);
        } finally {
            config.update(before);
        }
        Poll.until("marketing sends are taken again", Duration.ofSeconds(20), () -> api.post("/api/v1/sends",
                send("news@example.com", "News", "<p>Hello</p>", List.of("a@example.org"))).status(), s -> s == 201);
    }

    @Test
    public void anAccountUsesOnlyTheSendersTheOperatorAllowsIt() throws Exception {
        Api alice = Api.signedUp();
        Api bob = Api.signedUp();
        String aliceId = alice.get("/api/v1/auth/session").expect(200).json().get("account").get("id").asText();
        Configuration config = configurationAdmin.getConfiguration("io.neuromail.delivery.senders", null);
        Dictionary<String, Object> before = config.getProperties();
        Dictionary<String, Object> narrow = new Hashtable<>();
        narrow.put("allowed", "relay-eu:" + aliceId);
        config.update(narrow);
        try {
            Poll.until("the narrower allow-list applies", Duration.ofSeconds(20),
                    () -> bob.put("/api/v1/delivery/settings", Map.of("sender", "relay-eu")).json(),
                    // Until the new list applies, the answer is the 422 for a sender that is not installed.
                    p -> p.path("status").asInt() == 422
                            && errors(p).getOrDefault("sender", "").contains("may not use"));
            assertTrue(errors(bob.post("/api/v1/delivery/test-connection", Map.of("sender", "relay-eu")).expect(422)
                    .json()).containsKey("sender"));
            // relay-eu is allowed for alice but not installed here: she chooses it ahead of its bundle.
            alice.put("/api/v1/delivery/settings", Map.of("sender", "relay-eu", "senderExpectedLater", true)).expect(200);
            // The default sender stays open to every account.
            bob.put("/api/v1/delivery/settings", Map.of("sender", "outbox")).expect(200);
            assertEquals(List.of("outbox"), names(bob.get("/api/v1/delivery/senders").expect(200).json()));
        } finally {
            config.update(before == null ? new Hashtable<>() : before);
        }
    }

    private static List<String> names(JsonNode senders) {
        List<String> names = new ArrayList<>();
        senders.forEach(s -> names.add(s.get("name").asText()));
        return names;
    }
}
