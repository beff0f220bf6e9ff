package io.neuromail.itests.campaigns;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

import com.fasterxml.jackson.databind.JsonNode;

import io.neuromail.itests.support.Api;
import io.neuromail.itests.support.Database;
import io.neuromail.itests.support.NeuroMailTestSupport;
import io.neuromail.itests.support.Poll;
import io.neuromail.itests.support.Response;

/**
 * A campaign as a marketer makes one through the API: written with merge tags, sent to lists minus
 * an excluded list, tested, scheduled in a time zone, delivered with each contact's values, the
 * footer and an unsubscribe header, shown on its public web version and archive; and every refusal
 * on the way, each a 422 naming the field or a 409 for a move the campaign's state does not allow.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class CampaignsIT extends NeuroMailTestSupport {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(120);
    /** The sign-up addresses of Api.signedUp() are at example.com, which the test container pre-verifies. */
    private static final String FROM = "news@example.com";
    /** A time a campaign can be scheduled at whenever the test runs. */
    private static final String NEXT_MONTH = LocalDateTime.now().plusMonths(1).withHour(9).withMinute(0).withSecond(0)
            .withNano(0).toString();

    private static String contact(Api api, String email, String firstName, Map<String, Object> attributes,
                                  String status) {
        Map<String, Object> body = new HashMap<>();
        body.put("email", email);
        if (firstName != null) {
            body.put("firstName", firstName);
        }
        if (attributes != null) {
            body.put("attributes", attributes);
        }
        if (status != null) {
            body.put("status", status);
        }
        return api.post("/api/v1/contacts", body).expect(201).json().get("id").asText();
    }

    private static String list(Api api, String name, List<String> contactIds) {
        String id = api.post("/api/v1/lists", Map.of("name", name)).expect(201).json().get("id").asText();
        if (contactIds.isEmpty()) {
            return id;
        }
        api.post("/api/v1/contacts/bulk", Map.of("action", "add_to_list", "listId", id, "contactIds", contactIds))
                .expect(200);
        return id;
    }

    private static JsonNode create(Api api, String name) {
        return api.post("/api/v1/campaigns", Map.of("name", name)).expect(201).json();
    }

    private static Map<String, Object> content(JsonNode campaign, String subject, String html, Map<String, Object> audience) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", campaign.get("name").asText());
        body.put("subject", subject);
        body.put("from", FROM);
        body.put("fromName", "Tea Shop");
        body.put("html", html);
        body.put("textFromHtml", true);
        body.put("audience", audience);
        body.put("version", campaign.get("version").asInt());
        return body;
    }

    private static void postalAddress(Api api) {
        api.put("/api/v1/campaigns/settings", Map.of("organisationName", "Tea Shop",
                "postalAddress", "1 Leaf Lane, Brighton BN1 1AA", "archiveEnabled", true)).expect(200);
    }

    private static Map<String, String> errors(JsonNode problem) {
        Map<String, String> out = new HashMap<>();
        problem.path("errors").forEach(e -> out.put(e.get("field").asText(), e.get("message").asText()));
        return out;
    }

    /** The outbox messages to addresses ending in {@code suffix}, opened, by recipient. */
    private static Map<String, List<JsonNode>> outbox(Api api, String suffix) {
        Map<String, List<JsonNode>> out = new HashMap<>();
        for (int p = 0; ; p++) {
            JsonNode page = api.get("/api/v1/outbox?size=500&page=" + p).expect(200).json();
            for (JsonNode item : page.get("items")) {
                if (item.get("to").asText().endsWith(suffix)) {
                    out.computeIfAbsent(item.get("to").asText(), k -> new ArrayList<>())
                            .add(api.get("/api/v1/outbox/" + item.get("id").asText()).expect(200).json());
                }
            }
            if (page.get("items").size() == 0 || (p + 1) * 500 >= page.get("total").asInt()) {
                return out;
            }
        }
    }

    private static String header(JsonNode message, String name) {
        for (JsonNode h : message.get("headers")) {
            if (h.get("name").asText().equalsIgnoreCase(name)) {
                return h.get("value").asText();
            }
        }
        return null;
    }

    @Test
    public void aScheduledCampaignReachesItsAudienceWithEachContactsValuesTheFooterAndAnUnsubscribeHeader() {
        Api api = Api.signedUp();
        postalAddress(api);
        String domain = "@flow-" + UUID.randomUUID().toString().substring(0, 8) + ".example.org";
        String ann = contact(api, "ann" + domain, "Ann", Map.of("city", "Lyon"), null);
        String bob = contact(api, "bob" + domain, null, null, null);
        String cat = contact(api, "cat" + domain, "Cat", null, null);
        String dan = contact(api, "dan" + domain, "Dan", null, "unsubscribed");
        contact(api, "eve" + domain, "Eve", null, null);
        String customers = list(api, "Customers", List.of(ann, bob, cat, dan));
        String staff = list(api, "Staff", List.of(cat));
        Map<String, Object> audience = Map.of("lists", List.of(customers), "excludeLists", List.of(staff));

        JsonNode campaign = create(api, "Autumn tea");
        assertEquals("draft", campaign.get("status").asText());
        Map<String, Object> body = content(campaign, "{{ first_name | default: \"Friend\" }}, autumn tea is here",
                "<html><body><p>Hello {{ first_name | default: \"there\" }} from {{ city | default: \"your town\" }}!</p>"
                        + "<script>alert(1)</script><p><a href=\"{{webview_url}}\">View it in your browser</a></p>"
                        + "<p>{{ account_name }}, {{ postal_address }}</p></body></html>", audience);
        body.put("tags", List.of("Autumn", "tea"));
        body.put("archive", true);
        JsonNode saved = api.put("/api/v1/campaigns/" + campaign.get("id").asText(), body).expect(200).json();
        String id = saved.get("id").asText();
        assertFalse("sanitised on save: " + saved.get("html"), saved.get("html").asText().contains("<script"));
        assertTrue(saved.toString(), saved.get("sanitiserNotes").size() > 0);
        assertTrue(saved.get("text").asText(), saved.get("text").asText().contains("Hello"));
        assertEquals(0, saved.get("problems").size());
        assertEquals(List.of("autumn", "tea"), List.of(saved.get("tags").get(0).asText(), saved.get("tags").get(1).asText()));

        assertEquals(2, api.post("/api/v1/campaigns/audience/count", audience).expect(200).json().get("recipients").asInt());
        JsonNode asAnn = api.post("/api/v1/campaigns/" + id + "/preview", Map.of("contactId", ann)).expect(200).json();
        assertEquals("Ann, autumn tea is here", asAnn.get("subject").asText());
        assertTrue(asAnn.get("html").asText(), asAnn.get("html").asText().contains("Hello Ann from Lyon!"));
        JsonNode anyone = api.post("/api/v1/campaigns/" + id + "/preview", Map.of()).expect(200).json();
        assertTrue(anyone.get("html").asText(), anyone.get("html").asText().contains("Hello there from your town!"));
        Response frame = api.send("GET", "/api/v1/campaigns/" + id + "/preview.html?contact=" + ann, null,
                Map.of("Accept", "text/html")).expect(200);
        assertTrue(frame.header("Content-Security-Policy").orElse(""), frame.header("Content-Security-Policy").orElse("")
                .contains("sandbox"));
        assertTrue(frame.body().contains("Hello Ann from Lyon!"));

        // A test as Ann goes to the tester only, and is not the campaign's send.
        // This short offer is near the spam classifier's warning line; the flow is about delivery, so the
        // marketer accepts a warning (the refusals test covers what a warning without acceptance does).
        api.post("/api/v1/campaigns/" + id + "/test", Map.of("emails", List.of("qa" + domain), "contactId", ann,
                "acknowledgeWarnings", true)).expect(202);
        JsonNode test = Poll.until("the test arrives", SEND_TIMEOUT, () -> outbox(api, domain),
                m -> m.containsKey("qa" + domain)).get("qa" + domain).get(0);
        assertTrue(test.get("subject").asText(), test.get("subject").asText().contains("Ann, autumn tea is here"));

        String at = LocalDateTime.now(ZoneId.of("Pacific/Auckland")).plusSeconds(6).withNano(0).toString();
        JsonNode scheduled = api.post("/api/v1/campaigns/" + id + "/schedule",
                Map.of("at", at, "timeZone", "Pacific/Auckland", "acknowledgeWarnings", true)).expect(200).json();
        assertEquals("scheduled", scheduled.get("status").asText());
        assertEquals("Pacific/Auckland", scheduled.get("schedule").get("timeZone").asText());
        assertEquals(at, scheduled.get("schedule").get("local").asText());
        assertEquals("a scheduled campaign cannot be deleted", 409, api.delete("/api/v1/campaigns/" + id).status());

        JsonNode sent = Poll.until("the campaign is sent", SEND_TIMEOUT,
                () -> api.get("/api/v1/campaigns/" + id).expect(200).json(), c -> "sent".equals(c.get("status").asText()));
        assertEquals(sent.toString(), 2, sent.get("progress").get("total").asInt());
        assertEquals(sent.toString(), 2, sent.get("progress").get("sent").asInt());
        assertNotNull(sent.get("sentAt").asText());

        Map<String, List<JsonNode>> got = outbox(api, domain);
        assertEquals(got.keySet().toString(), java.util.Set.of("qa" + domain, "ann" + domain, "bob" + domain), got.keySet());
        assertEquals(1, got.get("ann" + domain).size());
        assertEquals(1, got.get("bob" + domain).size());
        JsonNode toAnn = got.get("ann" + domain).get(0);
        assertEquals("Ann, autumn tea is here", toAnn.get("subject").asText());
        assertTrue(toAnn.get("html").asText(), toAnn.get("html").asText().contains("Hello Ann from Lyon!"));
        assertTrue(toAnn.get("html").asText(), toAnn.get("html").asText().contains("Tea Shop, 1 Leaf Lane, Brighton BN1 1AA"));
        assertTrue(toAnn.get("text").asText(), toAnn.get("text").asText().contains("Hello Ann from Lyon!"));
        String unsubscribe = header(toAnn, "List-Unsubscribe");
        assertTrue(String.valueOf(unsubscribe), unsubscribe != null && unsubscribe.contains("/unsubscribe/"));
        JsonNode toBob = got.get("bob" + domain).get(0);
        assertEquals("Friend, autumn tea is here", toBob.get("subject").asText());
        assertTrue(toBob.get("html").asText(), toBob.get("html").asText().contains("Hello there from your town!"));

        // The sent campaign: no more edits or moves but duplicating; its web version and archive are public.
        assertEquals(409, api.post("/api/v1/campaigns/" + id + "/pause", Map.of()).status());
        body.put("version", sent.get("version").asInt());
        assertEquals(409, api.put("/api/v1/campaigns/" + id, body).status());
        Api anonymous = Api.anonymous();
        Response web = anonymous.get(URI.create(sent.get("webview").get("url").asText()).getPath()).expect(200);
        assertTrue(web.body(), web.body().contains("Hello there from your town!"));
        assertFalse("no contact's data on the web version", web.body().contains("Ann"));
        String webPolicy = web.header("Content-Security-Policy").orElse("");
        assertTrue(webPolicy, webPolicy.contains("default-src 'none'") && !webPolicy.contains("script-src"));
        String archive = URI.create(api.get("/api/v1/campaigns/settings").expect(200).json().get("archiveUrl").asText())
                .getPath();
        assertTrue(anonymous.get(archive).expect(200).body().contains("Friend, autumn tea is here"));
        assertTrue(anonymous.get(archive + "/feed.atom").expect(200).body().contains("<entry>"));
        anonymous.get("/w/" + "A".repeat(32)).expect(404);

        JsonNode copy = api.post("/api/v1/campaigns/" + id + "/duplicate", null).expect(201).json();
        assertEquals("draft", copy.get("status").asText());
        assertEquals("Copy of Autumn tea", copy.get("name").asText());
        JsonNode listed = api.get("/api/v1/campaigns?tag=autumn&sort=name").expect(200).json();
        assertEquals(2, listed.get("total").asInt());
        assertEquals(1, api.get("/api/v1/campaigns?status=sent").expect(200).json().get("total").asInt());
    }

    @Test
    public void aCampaignThatIsNotReadyIsRefusedWithTheFieldAtFault() {
        Api api = Api.signedUp();
        String domain = "@refusals-" + UUID.randomUUID().toString().substring(0, 8) + ".example.org";
        String someone = contact(api, "someone" + domain, "Sam", null, null);
        String members = list(api, "Members", List.of(someone));
        String nobody = list(api, "Empty", List.of());
        JsonNode campaign = create(api, "Not ready");
        String id = campaign.get("id").asText();
        JsonNode saved = api.put("/api/v1/campaigns/" + id, content(campaign, "Hello",
                "<p>Hello {{ first_name | default: \"there\" }}</p>", Map.of("lists", List.of(members)))).expect(200).json();

        // No postal address yet.
        assertTrue(errors(api.post("/api/v1/campaigns/" + id + "/send", Map.of()).expect(422).json())
                .containsKey("postalAddress"));
        postalAddress(api);

        // An unknown merge tag: saved as a draft, listed with its line and column, refused on every path that sends.
        Map<String, Object> body = content(saved, "Hello", "<p>Hello</p>\n<p>{{ frist_name }}</p>",
                Map.of("lists", List.of(members)));
        saved = api.put("/api/v1/campaigns/" + id, body).expect(200).json();
        JsonNode problem = saved.get("problems").get(0);
        assertEquals(saved.toString(), "html", problem.get("part").asText());
        assertEquals(saved.toString(), 2, problem.get("line").asInt());
        assertTrue(saved.toString(), problem.get("message").asText().contains("frist_name"));
        for (String path : List.of("/send", "/test", "/schedule")) {
            Map<String, Object> request = path.equals("/test") ? Map.of("emails", List.of("qa" + domain))
                    : path.equals("/schedule") ? Map.of("at", NEXT_MONTH, "timeZone", "Europe/Berlin") : Map.of();
            JsonNode refused = api.post("/api/v1/campaigns/" + id + path, request).expect(422).json();
            assertTrue(path + " " + refused, errors(refused).getOrDefault("html", "").contains("line 2"));
        }

        // A template cannot read files or reach Java objects.
        body = content(saved, "Hello", "<p>{% include '/etc/passwd' %}</p><p>{{ email.class.name }}</p>",
                Map.of("lists", List.of(members)));
        saved = api.put("/api/v1/campaigns/" + id, body).expect(200).json();
        JsonNode preview = api.post("/api/v1/campaigns/" + id + "/preview", Map.of("contactId", someone)).expect(200).json();
        assertFalse(preview.toString(), preview.toString().contains("root:"));
        assertFalse(preview.toString(), preview.toString().contains("java.lang"));

        // An address the account has not verified, then an audience with nobody in it.
        body = content(saved, "Hello", "<p>Hello</p>", Map.of("lists", List.of(members)));
        body.put("from", "alerts@bank.test");
        saved = api.put("/api/v1/campaigns/" + id, body).expect(200).json();
        assertTrue(errors(api.post("/api/v1/campaigns/" + id + "/send", Map.of()).expect(422).json()).containsKey("from"));
        body = content(saved, "Hello", "<p>Hello</p>", Map.of("lists", List.of(nobody)));
        saved = api.put("/api/v1/campaigns/" + id, body).expect(200).json();
        assertTrue(errors(api.post("/api/v1/campaigns/" + id + "/send", Map.of()).expect(422).json()).containsKey("audience"));
        body = content(saved, "Hello", "<p>Hello</p>", Map.of());
        saved = api.put("/api/v1/campaigns/" + id, body).expect(200).json();
        assertTrue(errors(api.post("/api/v1/campaigns/" + id + "/schedule",
                Map.of("at", NEXT_MONTH, "timeZone", "Europe/Berlin")).expect(422).json()).containsKey("audience"));

        // Phishing blocks; warnings need an acknowledgement.
        body = content(saved, "Account notice", "<p>Your account has been suspended. Verify your account now at "
                + "<a href=\"https://login.malware.test/paypal\">https://www.paypal.com/signin</a>.</p>",
                Map.of("lists", List.of(members)));
        saved = api.put("/api/v1/campaigns/" + id, body).expect(200).json();
        assertTrue(errors(api.post("/api/v1/campaigns/" + id + "/send", Map.of("acknowledgeWarnings", true))
                .expect(422).json()).containsKey("content"));
        body = content(saved, "BIGGEST SALE OF THE YEAR", "<p>Get free money now. Act now.</p>",
                Map.of("lists", List.of(members)));
        saved = api.put("/api/v1/campaigns/" + id, body).expect(200).json();
        assertTrue(errors(api.post("/api/v1/campaigns/" + id + "/schedule",
                Map.of("at", NEXT_MONTH, "timeZone", "Europe/Berlin")).expect(422).json())
                .containsKey("acknowledgeWarnings"));
        // Bad schedules.
        assertTrue(errors(api.post("/api/v1/campaigns/" + id + "/schedule", Map.of("at", "2001-01-01T09:00",
                "timeZone", "Europe/Berlin", "acknowledgeWarnings", true)).expect(422).json()).containsKey("at"));
        assertTrue(errors(api.post("/api/v1/campaigns/" + id + "/schedule", Map.of("at", NEXT_MONTH,
                "timeZone", "Mars/Olympus", "acknowledgeWarnings", true)).expect(422).json()).containsKey("timeZone"));
        assertEquals("draft", api.get("/api/v1/campaigns/" + id).expect(200).json().get("status").asText());
        assertEquals(0, api.get("/api/v1/sends").expect(200).json().get("total").asInt());
        // A test of warned content needs the acknowledgement as well, and goes out once it is given; the
        // campaign stays a draft.
        assertTrue(errors(api.post("/api/v1/campaigns/" + id + "/test", Map.of("emails", List.of("qa@example.org")))
                .expect(422).json()).containsKey("acknowledgeWarnings"));
        api.post("/api/v1/campaigns/" + id + "/test", Map.of("emails", List.of("qa@example.org"),
                "acknowledgeWarnings", true)).expect(202);
        assertEquals("draft", api.get("/api/v1/campaigns/" + id).expect(200).json().get("status").asText());

        // A stale version does not overwrite a newer save.
        body.put("version", saved.get("version").asInt() - 1);
        assertEquals(409, api.put("/api/v1/campaigns/" + id, body).status());
    }

    @Test
    public void aCampaignMovesOnlyByTheAllowedTransitions() {
        Api api = Api.signedUp();
        postalAddress(api);
        String domain = "@moves-" + UUID.randomUUID().toString().substring(0, 8) + ".example.org";
        String members = list(api, "Members", List.of(contact(api, "m" + domain, "Mo", null, null)));
        JsonNode campaign = create(api, "Moves");
        String id = campaign.get("id").asText();
        api.put("/api/v1/campaigns/" + id, content(campaign, "Hello", "<p>Hello</p>", Map.of("lists", List.of(members))))
                .expect(200);
        for (String action : List.of("unschedule", "pause", "resume", "cancel", "resend-failed", "resend-uncertain")) {
            assertEquals("a draft cannot " + action, 409, api.post("/api/v1/campaigns/" + id + "/" + action, Map.of())
                    .status());
        }
        String far = LocalDateTime.now(ZoneId.of("Europe/Berlin")).plusDays(30).withNano(0).withSecond(0).toString();
        Map<String, Object> schedule = Map.of("at", far, "timeZone", "Europe/Berlin");
        assertEquals("scheduled", api.post("/api/v1/campaigns/" + id + "/schedule", schedule).expect(200).json()
                .get("status").asText());
        // Rescheduling is allowed; unscheduling returns to draft; a scheduled campaign can be cancelled.
        api.post("/api/v1/campaigns/" + id + "/schedule", schedule).expect(200);
        assertEquals("draft", api.post("/api/v1/campaigns/" + id + "/unschedule", Map.of()).expect(200).json()
                .get("status").asText());
        api.post("/api/v1/campaigns/" + id + "/schedule", schedule).expect(200);
        assertEquals(409, api.post("/api/v1/campaigns/" + id + "/pause", Map.of()).status());
        assertEquals("cancelled", api.post("/api/v1/campaigns/" + id + "/cancel", Map.of()).expect(200).json()
                .get("status").asText());
        for (String action : List.of("send", "unschedule", "pause", "resume", "cancel")) {
            assertEquals("a cancelled campaign cannot " + action, 409,
                    api.post("/api/v1/campaigns/" + id + "/" + action, Map.of()).status());
        }
        assertEquals(0, api.get("/api/v1/sends").expect(200).json().get("total").asInt());
        api.delete("/api/v1/campaigns/" + id).expect(204);
        api.get("/api/v1/campaigns/" + id).expect(404);
    }

    /** Who got which subject: the outbox messages to addresses ending in {@code suffix}, subject by recipient. */
    private static Map<String, List<String>> subjects(Api api, String suffix) {
        Map<String, List<String>> out = new HashMap<>();
        outbox(api, suffix).forEach((to, messages) -> messages.forEach(m ->
                out.computeIfAbsent(to, k -> new ArrayList<>()).add(m.get("subject").asText())));
        return out;
    }

    private static long count(Map<String, List<String>> subjects, String subject) {
        return subjects.values().stream().flatMap(List::stream).filter(subject::equals).count();
    }

    @Test
    public void anABTestSendsEachVariantToItsShareAndTheWinnerToEveryoneElseOnce() {
        Api api = Api.signedUp();
        postalAddress(api);
        String domain = "@ab-" + UUID.randomUUID().toString().substring(0, 8) + ".example.org";
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(contact(api, "reader" + i + domain, "Reader " + i, null, null));
        }
        String list = list(api, "Readers", ids);
        // One reader's address is suppressed: neither a version nor the winner reaches it.
        api.post("/api/v1/suppressions", Map.of("email", "reader0" + domain)).expect(201);
        JsonNode campaign = create(api, "Autumn tea");
        String id = campaign.get("id").asText();
        api.put("/api/v1/campaigns/" + id, content(campaign, "Autumn tea is here", "<p>Hello {{ first_name }}, autumn tea is in.</p>",
                Map.of("lists", List.of(list)))).expect(200);
        String test = "/api/v1/campaigns/" + id + "/ab-test";
        api.get(test).expect(404);

        // What is wrong is named.
        Map<String, String> wrong = errors(api.put(test, Map.of("variants", List.of(Map.of()), "testShare", 1,
                "winnerBy", "luck", "waitHours", 500)).expect(422).json());
        assertEquals(wrong.toString(), java.util.Set.of("variants", "testShare", "winnerBy", "waitHours"), wrong.keySet());
        assertTrue(errors(api.put(test, Map.of("variants", List.of(Map.of("subject", "Same"), Map.of("subject", "Same"))))
                .expect(422).json()).get("variants").contains("the same"));

        // Half of the readers test two subjects; the winner is chosen by hand.
        JsonNode saved = api.put(test, Map.of("variants", List.of(Map.of(), Map.of("subject", "Your autumn tea, {{ first_name }}")),
                "testShare", 50, "winnerBy", "hand")).expect(200).json();
        assertEquals("ready", saved.get("state").asText());
        assertEquals(2, saved.get("variants").size());
        api.post("/api/v1/campaigns/" + id + "/send", Map.of("acknowledgeWarnings", true)).expect(200);
        Poll.until("the campaign tests its variants", SEND_TIMEOUT, () -> api.get("/api/v1/campaigns/" + id).expect(200).json(),
                c -> "testing".equals(c.get("status").asText()));
        api.put(test, Map.of("variants", List.of(Map.of(), Map.of("subject", "Other")))).expect(409);
        JsonNode testing = Poll.until("both variants are sent", SEND_TIMEOUT, () -> api.get(test).expect(200).json(),
                t -> "finished".equals(t.get("variants").get(0).get("results").get("state").asText())
                        && "finished".equals(t.get("variants").get(1).get("results").get("state").asText()));
        assertEquals("testing", testing.get("state").asText());
        Map<String, List<String>> tested = subjects(api, domain);
        long sentA = testing.get("variants").get(0).get("results").get("sent").asLong();
        long sentB = testing.get("variants").get(1).get("results").get("sent").asLong();
        assertEquals(sentA, count(tested, "Autumn tea is here"));
        assertEquals(sentB, tested.values().stream().flatMap(List::stream).filter(x -> x.startsWith("Your autumn tea, Reader")).count());
        assertTrue("both variants reach someone, about a quarter each: " + sentA + " and " + sentB, sentA > 0 && sentB > 0
                && sentA + sentB < 39);

        assertEquals("variant", errors(api.post(test + "/winner", Map.of("variant", "Z")).expect(422).json()).keySet()
                .iterator().next());
        Api.signedUp().post(test + "/winner", Map.of("variant", "B")).expect(404);
        api.post(test + "/winner", Map.of("variant", "B")).expect(200);
        api.post(test + "/winner", Map.of("variant", "A")).expect(409);
        Poll.until("the winner reaches the rest", SEND_TIMEOUT, () -> api.get("/api/v1/campaigns/" + id).expect(200).json(),
                c -> "sent".equals(c.get("status").asText()));
        Map<String, List<String>> all = subjects(api, domain);
        assertEquals("every reader but the suppressed one got one message", 39, all.size());
        assertFalse(all.containsKey("reader0" + domain));
        all.forEach((to, got) -> assertEquals(to + " got " + got, 1, got.size()));
        assertEquals("the readers outside the test got the winner", 39 - sentA,
                all.values().stream().flatMap(List::stream).filter(x -> x.startsWith("Your autumn tea, Reader")).count());
        // A reader who got version A (never the winner, so in the test) has the campaign in their history.
        String tester = all.entrySet().stream().filter(e -> e.getValue().get(0).equals("Autumn tea is here")).findFirst()
                .orElseThrow().getKey();
        String testerId = ids.get(Integer.parseInt(tester.substring("reader".length(), tester.indexOf('@'))));
        JsonNode history = api.get("/api/v1/campaigns/contact-history?contactId=" + testerId).expect(200).json().get("items");
        assertEquals(history.toString(), 1, history.size());
        assertEquals(id, history.get(0).get("campaignId").asText());
        JsonNode decided = api.get(test).expect(200).json();
        assertEquals("decided", decided.get("state").asText());
        assertEquals("B", decided.get("winner").asText());
        assertEquals("hand", decided.get("decidedBy").asText());
        assertTrue(decided.get("variants").get(1).get("winner").asBoolean());
        Api.signedUp().get(test).expect(404);

        // A test decided by opens when its time comes: one person opened a message of version B, so B wins.
        String domain2 = "@ab2-" + UUID.randomUUID().toString().substring(0, 8) + ".example.org";
        List<String> more = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            more.add(contact(api, "guest" + i + domain2, "Guest " + i, null, null));
        }
        JsonNode second = create(api, "Winter tea");
        String secondId = second.get("id").asText();
        api.put("/api/v1/campaigns/" + secondId, content(second, "Winter tea", "<p>Winter tea for {{ first_name }}.</p>",
                Map.of("lists", List.of(list(api, "Guests", more))))).expect(200);
        String secondTest = "/api/v1/campaigns/" + secondId + "/ab-test";
        api.put(secondTest, Map.of("variants", List.of(Map.of(), Map.of("fromName", "The Tea Shop team")), "testShare", 100,
                "winnerBy", "opens", "waitHours", 1)).expect(200);
        api.post("/api/v1/campaigns/" + secondId + "/send", Map.of("acknowledgeWarnings", true)).expect(200);
        JsonNode waiting = Poll.until("the second campaign's versions are sent", SEND_TIMEOUT,
                () -> api.get(secondTest).expect(200).json(), t -> "testing".equals(t.get("state").asText())
                        && "finished".equals(t.get("variants").get(0).get("results").get("state").asText())
                        && "finished".equals(t.get("variants").get(1).get("results").get("state").asText()));
        assertFalse(waiting.get("decideAt").isNull());
        // The messages went out an hour ago, as far as the open-too-soon rule can tell; a guest who got B opens it.
        Database.update(bundleContext, "UPDATE nm_delivery SET updated_at = updated_at - 3600000 WHERE send_id IN "
                + "(SELECT send_id FROM nm_campaign_ab_send WHERE campaign_id = ?)", secondId);
        JsonNode versionB = outbox(api, domain2).values().stream().flatMap(List::stream)
                .filter(m -> String.valueOf(header(m, "From")).contains("The Tea Shop team")).findFirst().orElseThrow();
        java.util.regex.Matcher pixel = java.util.regex.Pattern.compile("https://[^\"\\s<>]+/t/o/[A-Za-z0-9_-]{68}")
                .matcher(versionB.get("html").asText());
        assertTrue(versionB.get("html").asText(), pixel.find());
        assertEquals(200, new io.neuromail.itests.tracking.Unsubscribing.Client("198.51.100.40", "Mozilla/5.0 (Windows NT 10.0; "
                + "Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36").get(pixel.group()).statusCode());
        Poll.until("B's open is counted", SEND_TIMEOUT, () -> api.get(secondTest).expect(200).json(),
                t -> t.get("variants").get(1).get("results").get("uniqueHumanOpens").asInt() == 1);
        Database.update(bundleContext, "UPDATE nm_campaign_ab_test SET decide_at = decide_at - INTERVAL '2' HOUR WHERE campaign_id = ?",
                secondId);
        JsonNode byOpens = Poll.until("the schedule chooses the winner", SEND_TIMEOUT, () -> api.get(secondTest).expect(200).json(),
                t -> "decided".equals(t.get("state").asText()));
        assertEquals("B", byOpens.get("winner").asText());
        assertEquals("opens", byOpens.get("decidedBy").asText());
        Poll.until("the whole audience was in the test, so the campaign is sent", SEND_TIMEOUT,
                () -> api.get("/api/v1/campaigns/" + secondId).expect(200).json(), c -> "sent".equals(c.get("status").asText()));
        Map<String, List<String>> guests = subjects(api, domain2);
        assertEquals(12, guests.size());
        guests.forEach((to, got) -> assertEquals(to + " got " + got, 1, got.size()));
    }
}
