package io.neuromail.itests.tracking;

import static io.neuromail.itests.tracking.Unsubscribing.assertStatus;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
import io.neuromail.itests.support.Database;
import io.neuromail.itests.support.NeuroMailTestSupport;
import io.neuromail.itests.support.Poll;
import io.neuromail.itests.support.Response;

/**
 * Opens and clicks of a campaign as recipients and their mail systems make them: each message's open
 * pixel and click links are its own, a click goes to the address the campaign had (and a changed,
 * cut or made-up token goes nowhere), and what machines fetch is recorded apart from what people do.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class TrackingIT extends NeuroMailTestSupport {

    @Inject
    private ConfigurationAdmin configurationAdmin;

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String FROM = "news@example.com";
    private static final Pattern CLICK = Pattern.compile("https://[^\"\\s<>]+/t/c/[A-Za-z0-9_-]{68}");
    private static final Pattern OPEN = Pattern.compile("https://[^\"\\s<>]+/t/o/[A-Za-z0-9_-]{68}");
    private static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/124.0.0.0 Safari/537.36";
    private static final String GMAIL_PROXY = "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)";

    /** One message as received: its click links in the order of the HTML (the hidden one last) and its pixel. */
    private record Received(String contactId, List<String> clicks, String pixel, String html) {
    }

    private static String contact(Api api, String email, String firstName) {
        return api.post("/api/v1/contacts", Map.of("email", email, "firstName", firstName)).expect(201).json().get("id")
                .asText();
    }

    /** A campaign sent, and its messages by first name. */
    private record Sent(String campaignId, Map<String, Received> mail) {
    }

    /**
     * Sends a tracked campaign to two new contacts, at two domains ({@code north-…} and {@code south-…}),
     * and answers their messages by first name.
     */
    private Sent sendTrackedCampaign(Api api) {
        String domain = "-" + UUID.randomUUID().toString().substring(0, 8) + ".example.org";
        api.put("/api/v1/campaigns/settings", Map.of("organisationName", "Tea Shop",
                "postalAddress", "1 Leaf Lane, Brighton BN1 1AA")).expect(200);
        String ann = contact(api, "ann@north" + domain, "Ann");
        String bob = contact(api, "bob@south" + domain, "Bob");
        String list = api.post("/api/v1/lists", Map.of("name", "Tea lovers")).expect(201).json().get("id").asText();
        api.post("/api/v1/contacts/bulk", Map.of("action", "add_to_list", "listId", list, "contactIds", List.of(ann, bob)))
                .expect(200);
        JsonNode campaign = api.post("/api/v1/campaigns", Map.of("name", "Spring tea")).expect(201).json();
        String id = campaign.get("id").asText();
        Map<String, Object> body = new HashMap<>();
        body.put("name", "Spring tea");
        body.put("subject", "Spring tea for {{ first_name }}");
        body.put("from", FROM);
        body.put("html", "<html><body><p>Hello {{ first_name }}, spring tea is in.</p>"
                + "<p><a href=\"https://shop.example/spring?a=1&amp;b=2\">See the spring teas</a></p>"
                + "<p><a href=\"https://shop.example/blog\">Read the blog</a> or <a href=\"mailto:tea@example.com\">write to us</a>"
                + "</p></body></html>");
        body.put("textFromHtml", true);
        body.put("audience", Map.of("lists", List.of(list)));
        body.put("version", campaign.get("version").asInt());
        api.put("/api/v1/campaigns/" + id, body).expect(200);
        api.post("/api/v1/campaigns/" + id + "/send", Map.of("acknowledgeWarnings", true)).expect(200);
        Poll.until("the campaign is sent", TIMEOUT, () -> api.get("/api/v1/campaigns/" + id).expect(200).json(),
                c -> "sent".equals(c.get("status").asText()));
        Map<String, Received> got = new HashMap<>();
        JsonNode page = api.get("/api/v1/outbox?size=500").expect(200).json();
        for (JsonNode item : page.get("items")) {
            String to = item.get("to").asText();
            if (to.endsWith(domain)) {
                String html = api.get("/api/v1/outbox/" + item.get("id").asText()).expect(200).json().get("html").asText();
                List<String> clicks = new ArrayList<>();
                Matcher m = CLICK.matcher(html);
                while (m.find()) {
                    clicks.add(m.group());
                }
                Matcher o = OPEN.matcher(html);
                assertTrue(html, o.find());
                got.put(to.startsWith("ann") ? "Ann" : "Bob", new Received(to.startsWith("ann") ? ann : bob, clicks,
                        o.group(), html));
            }
        }
        assertEquals(got.toString(), 2, got.size());
        // The messages went out an hour ago, as far as the open-too-soon rule can tell.
        Database.update(bundleContext, "UPDATE nm_delivery SET updated_at = updated_at - 3600000 WHERE send_id = "
                + "(SELECT send_id FROM nm_campaign WHERE id = ?)", id);
        return new Sent(id, got);
    }

    private List<String> events(String contactId) {
        return Database.column(bundleContext, "SELECT kind || ':' || link || ':' || COALESCE(machine, 'human') "
                + "FROM nm_track_event WHERE contact_id = ? ORDER BY at, kind, link", contactId);
    }

    @Test
    public void eachMessageHasItsOwnLinksAndOpensAndClicksAreRecordedWithMachinesApart() {
        Api api = Api.signedUp();
        Sent sent = sendTrackedCampaign(api);
        Map<String, Received> mail = sent.mail();
        Received ann = mail.get("Ann");
        Received bob = mail.get("Bob");
        assertEquals(ann.html(), 3, ann.clicks().size());
        assertTrue("mailto links stay as they are (the sanitiser writes the @ as a character reference)",
                ann.html().contains("href=\"mailto:tea&#64;example.com\""));
        assertFalse("the shop's address is not in the message", ann.html().contains("shop.example"));
        assertFalse("no two messages share a link", bob.clicks().contains(ann.clicks().get(0)));

        Unsubscribing.Client person = new Unsubscribing.Client("198.51.100.7", CHROME);
        HttpResponse<String> pixel = person.get(ann.pixel());
        assertStatus(200, pixel);
        assertEquals("image/gif", pixel.headers().firstValue("Content-Type").orElse(""));
        assertTrue(pixel.headers().firstValue("Cache-Control").orElse("").contains("no-store"));
        assertTrue("no cookie", pixel.headers().firstValue("Set-Cookie").isEmpty());
        HttpResponse<String> click = person.get(ann.clicks().get(0));
        assertStatus(302, click);
        assertEquals("https://shop.example/spring?a=1&b=2", click.headers().firstValue("Location").orElse(""));

        // Changed, cut and made-up tokens lead nowhere and count nothing.
        String good = ann.clicks().get(1);
        String token = good.substring(good.lastIndexOf('/') + 1);
        String base = good.substring(0, good.lastIndexOf('/') + 1);
        String changed = base + token.substring(0, 10) + (token.charAt(10) == 'A' ? 'B' : 'A') + token.substring(11);
        for (String bad : List.of(changed, base + token.substring(0, 67), base + "A".repeat(68), base + token + "x",
                base + "..%2F..%2Fadmin")) {
            HttpResponse<String> refused = person.get(bad);
            assertStatus(404, refused);
            assertTrue("never a redirect", refused.headers().firstValue("Location").isEmpty());
        }

        // Machines: a HEAD on the pixel, a link scanner, Apple's privacy proxy; Gmail's image proxy is a person's open.
        assertStatus(200, new Unsubscribing.Client("198.51.100.8", CHROME).head(bob.pixel()));
        assertStatus(302, new Unsubscribing.Client("198.51.100.9", "python-requests/2.31.0").get(bob.clicks().get(1)));
        assertStatus(200, new Unsubscribing.Client("17.58.0.10", "Mozilla/5.0").get(bob.pixel()));
        assertStatus(200, new Unsubscribing.Client("66.249.80.1", GMAIL_PROXY).get(bob.pixel()));

        List<String> annEvents = Poll.until("Ann's open and click are stored", TIMEOUT, () -> events(ann.contactId()),
                e -> e.size() >= 2);
        assertTrue(annEvents.toString(), annEvents.contains("open:0:human"));
        assertTrue(annEvents.toString(), annEvents.contains("click:1:human"));
        assertEquals(annEvents.toString(), 2, annEvents.size());
        List<String> bobEvents = Poll.until("Bob's hits are stored", TIMEOUT, () -> events(bob.contactId()),
                e -> e.size() >= 4);
        assertEquals(bobEvents.toString(), 4, bobEvents.size());
        assertTrue(bobEvents.toString(), bobEvents.contains("open:0:head"));
        assertTrue(bobEvents.toString(), bobEvents.contains("click:2:bot"));
        assertTrue(bobEvents.toString(), bobEvents.contains("open:0:apple-mpp"));
        assertTrue(bobEvents.toString(), bobEvents.contains("open:0:human"));

        // The report counts the same hits: people and machines apart, rates of people over messages sent.
        JsonNode report = api.get("/api/v1/campaigns/" + sent.campaignId() + "/report").expect(200).json();
        assertTrue(report.toString(), report.get("tracked").asBoolean());
        assertEquals(report.toString(), 2, report.get("delivery").get("sent").asInt());
        JsonNode opens = report.get("opens");
        assertEquals(report.toString(), 2, opens.get("uniqueHuman").asInt());
        assertEquals(report.toString(), 2, opens.get("machine").asInt());
        JsonNode clicks = report.get("clicks");
        assertEquals(report.toString(), 2, clicks.get("total").asInt());
        assertEquals(report.toString(), 1, clicks.get("human").asInt());
        assertEquals(report.toString(), 1, clicks.get("uniqueHuman").asInt());
        assertEquals(report.toString(), 1, clicks.get("machine").asInt());
        assertEquals(report.toString(), 1.0, report.get("rates").get("open").asDouble(), 1e-9);
        assertEquals(report.toString(), 0.5, report.get("rates").get("click").asDouble(), 1e-9);
        assertEquals(report.toString(), 0.5, report.get("rates").get("clickToOpen").asDouble(), 1e-9);
        JsonNode links = report.get("links");
        assertEquals(report.toString(), 2, links.size());
        assertEquals("https://shop.example/spring?a=1&b=2", links.get(0).get("url").asText());
        assertEquals(1, links.get(0).get("humanClicks").asInt());
        assertEquals("https://shop.example/blog", links.get(1).get("url").asText());
        assertEquals(1, links.get(1).get("clicks").asInt());
        assertEquals(0, links.get(1).get("humanClicks").asInt());

        // The timeline: the hours add up to the totals (the hits of this test fall in one or two hours).
        JsonNode hours = report.get("timeline").get("hours");
        assertTrue(report.toString(), hours.size() >= 1 && hours.size() <= 48);
        assertEquals(report.toString(), 0, report.get("timeline").get("days").size());
        assertEquals(report.toString(), 2, sum(hours, "uniqueHumanOpens"));
        assertEquals(report.toString(), 2, sum(hours, "machineOpens"));
        assertEquals(report.toString(), 1, sum(hours, "humanClicks"));
        assertEquals(report.toString(), 1, sum(hours, "machineClicks"));
        assertEquals(report.toString(), 0, report.get("unsubscribes").asInt());

        // Ann unsubscribes with her message's link, twice (once counts); the report shows it.
        Matcher unsubscribe = Pattern.compile("https?://[^\\s\"'<>]+/unsubscribe/[A-Za-z0-9._-]+")
                .matcher(ann.html());
        assertTrue(ann.html(), unsubscribe.find());
        for (int i = 0; i < 2; i++) {
            assertStatus(200, person.post(unsubscribe.group(), Unsubscribing.FORM, "List-Unsubscribe=One-Click"));
        }
        JsonNode after = api.get("/api/v1/campaigns/" + sent.campaignId() + "/report").expect(200).json();
        assertEquals(after.toString(), 1, after.get("unsubscribes").asInt());
        assertEquals(after.toString(), 0.5, after.get("rates").get("unsubscribe").asDouble(), 1e-9);
        assertEquals(after.toString(), 1, sum(after.get("timeline").get("hours"), "unsubscribes"));
        assertEquals(after.toString(), 0, after.get("delivery").get("bounces").asInt());
        assertEquals(after.toString(), 2, after.get("delivery").get("delivered").asInt());
        // The comparison of the latest campaigns shows the report's figures; another account sees none of it.
        JsonNode compared = api.get("/api/v1/analytics/campaigns?size=5").expect(200).json().get("items");
        assertEquals(compared.toString(), 1, compared.size());
        JsonNode row = compared.get(0);
        assertEquals(sent.campaignId(), row.get("id").asText());
        assertEquals(2, row.get("sent").asInt());
        assertEquals(2, row.get("opens").asInt());
        assertEquals(1, row.get("clicks").asInt());
        assertEquals(1, row.get("unsubscribes").asInt());
        assertEquals(after.get("rates"), row.get("rates"));
        // The CSV files: the report, and the people who opened or clicked (machines left out).
        String campaign = "/api/v1/campaigns/" + sent.campaignId();
        Response reportCsv = csv(api, campaign + "/report.csv").expect(200);
        assertTrue(reportCsv.header("Content-Type").orElse("").startsWith("text/csv"));
        assertTrue(reportCsv.header("Content-Disposition").orElse("").startsWith("attachment"));
        List<String> reportLines = List.of(reportCsv.body().split("\r\n"));
        assertTrue(reportLines.toString(), reportLines.contains("unsubscribed,1"));
        assertTrue(reportLines.toString(), reportLines.contains("opened (people),2"));
        assertTrue(reportLines.toString(), reportLines.contains("unsubscribe rate,0.5"));
        assertTrue(reportLines.toString(), reportLines.contains("1,https://shop.example/spring?a=1&b=2,1,1,1"));
        assertTrue(reportLines.toString(), reportLines.stream().anyMatch(l -> l.startsWith("hour,")));
        String annEmail = Database.column(bundleContext, "SELECT email FROM nm_contact WHERE id = ?", ann.contactId()).get(0);
        String bobEmail = Database.column(bundleContext, "SELECT email FROM nm_contact WHERE id = ?", bob.contactId()).get(0);
        List<String> opened = List.of(csv(api, campaign + "/recipients.csv?activity=opened").expect(200).body().split("\r\n"));
        assertEquals(opened.toString(), "email,first opened,first clicked,contact id", opened.get(0));
        assertEquals(opened.toString(), 3, opened.size());
        assertTrue(opened.toString(), opened.stream().anyMatch(l -> l.startsWith(annEmail + ",") && l.endsWith("," + ann.contactId())));
        assertTrue(opened.toString(), opened.stream().anyMatch(l -> l.startsWith(bobEmail + ",")));
        List<String> clicked = List.of(csv(api, campaign + "/recipients.csv?activity=clicked").expect(200).body().split("\r\n"));
        assertEquals(clicked.toString(), 2, clicked.size());
        assertTrue(clicked.toString(), clicked.get(1).startsWith(annEmail + ","));
        assertEquals("activity", csv(api, campaign + "/recipients.csv?activity=bounced").expect(422).json()
                .get("errors").get(0).get("field").asText());
        // By email domain: Ann's opened and clicked; at Bob's, Gmail's proxy opened for him and only a scanner clicked.
        String annDomain = annEmail.substring(annEmail.indexOf('@') + 1);
        String bobDomain = bobEmail.substring(bobEmail.indexOf('@') + 1);
        JsonNode domains = api.get(campaign + "/report/domains").expect(200).json();
        assertTrue(domains.toString(), domains.get("other").isNull());
        Map<String, JsonNode> byDomain = new HashMap<>();
        domains.get("domains").forEach(d -> byDomain.put(d.get("domain").asText(), d));
        assertEquals(domains.toString(), Set.of(annDomain, bobDomain), byDomain.keySet());
        for (JsonNode d : byDomain.values()) {
            assertEquals(d.toString(), 1, d.get("recipients").asInt());
            assertEquals(d.toString(), 1, d.get("sent").asInt());
            assertEquals(d.toString(), 1, d.get("opened").asInt());
            assertEquals(d.toString(), 0.0, d.get("bounceRate").asDouble(), 1e-9);
        }
        assertEquals(domains.toString(), 1, byDomain.get(annDomain).get("clicked").asInt());
        assertEquals(domains.toString(), 1.0, byDomain.get(annDomain).get("clickRate").asDouble(), 1e-9);
        assertEquals(domains.toString(), 0, byDomain.get(bobDomain).get("clicked").asInt());
        assertTrue(reportLines.toString(), reportLines.contains("email domain,recipients,sent,bounced for good,bounced for now,"
                + "marked as spam,opened (people),clicked (people),open rate,click rate,bounce rate"));
        assertTrue(reportLines.toString(), reportLines.contains(annDomain + ",1,1,0,0,0,1,1,1.0,1.0,0.0"));
        assertTrue(reportLines.toString(), reportLines.contains(bobDomain + ",1,1,0,0,0,1,0,1.0,0.0,0.0"));
        assertEquals("both exports are in the account's activity log", 2, api.get(
                "/api/v1/activity?type=campaign.recipients.exported").expect(200).json().get("total").asInt());

        // Each contact's history: the campaign, when it was sent, and when the person first opened and clicked.
        JsonNode annHistory = api.get("/api/v1/campaigns/contact-history?contactId=" + ann.contactId()).expect(200).json()
                .get("items");
        assertEquals(annHistory.toString(), 1, annHistory.size());
        assertEquals(sent.campaignId(), annHistory.get(0).get("campaignId").asText());
        assertEquals("sent", annHistory.get(0).get("state").asText());
        assertFalse(annHistory.toString(), annHistory.get(0).get("opened").isNull());
        assertFalse(annHistory.toString(), annHistory.get(0).get("clicked").isNull());
        JsonNode bobHistory = api.get("/api/v1/campaigns/contact-history?contactId=" + bob.contactId()).expect(200).json()
                .get("items");
        assertFalse("Gmail's proxy fetched the image for Bob", bobHistory.get(0).get("opened").isNull());
        assertTrue("only a scanner clicked in Bob's message", bobHistory.get(0).get("clicked").isNull());
        assertEquals("contactId", api.get("/api/v1/campaigns/contact-history").expect(422).json()
                .get("errors").get(0).get("field").asText());

        Api other = Api.signedUp();
        assertEquals(0, other.get("/api/v1/campaigns/contact-history?contactId=" + ann.contactId()).expect(200).json()
                .get("items").size());
        other.get("/api/v1/campaigns/" + sent.campaignId() + "/report").expect(404);
        other.get("/api/v1/campaigns/" + sent.campaignId() + "/report/domains").expect(404);
        csv(other, campaign + "/report.csv").expect(404);
        csv(other, campaign + "/recipients.csv?activity=opened").expect(404);
        assertEquals(0, other.get("/api/v1/analytics/campaigns").expect(200).json().get("items").size());
    }

    /** A download as a client that takes CSV (and problems as JSON) asks for it. */
    private static Response csv(Api api, String path) {
        return api.send("GET", path, null, Map.of("Accept", "text/csv, application/problem+json"));
    }

    private static long sum(JsonNode points, String field) {
        long total = 0;
        for (JsonNode p : points) {
            total += p.get(field).asLong();
        }
        return total;
    }

    @Test
    public void anOpenFromAnAppleProxyNetworkTheOperatorListsIsAMachines() throws Exception {
        Path etc = Path.of(System.getProperty("karaf.etc"));
        Path file = etc.resolve("neuromail/tracking/apple-egress.csv");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "172.224.224.0/27,GB,GB-EN,London,\n203.0.113.0/24,US,US-CA,Test,\n");
        Configuration config = configurationAdmin.getConfiguration("io.neuromail.tracking", null);
        Dictionary<String, Object> before = config.getProperties();
        Dictionary<String, Object> reread = new Hashtable<>();
        if (before != null) {
            for (java.util.Enumeration<String> keys = before.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                reread.put(key, before.get(key));
            }
        }
        reread.put("appleEgressFile", file.toString());
        config.update(reread);
        try {
            Api api = Api.signedUp();
            Received ann = sendTrackedCampaign(api).mail().get("Ann");
            // Opened through a proxy address of the list, with a browser's user agent: Apple's prefetch.
            Unsubscribing.Client proxy = new Unsubscribing.Client("203.0.113.44", CHROME);
            List<String> stored = Poll.until("an open from the listed network is stored as Apple's", TIMEOUT, () -> {
                assertStatus(200, proxy.get(ann.pixel()));
                return events(ann.contactId());
            }, e -> e.contains("open:0:apple-mpp"));
            assertFalse(stored.toString(), stored.contains("open:0:human"));
        } finally {
            Files.deleteIfExists(file);
            config.update(before == null ? new Hashtable<>() : before);
        }
    }

    /** How many of the account's contacts a segment filter of one condition matches. */
    private static int count(Api api, Map<String, Object> condition) {
        return api.post("/api/v1/segments/count", Map.of("filter", condition)).expect(200).json().get("count").asInt();
    }

    private static Map<String, Object> activity(String op, Object... more) {
        Map<String, Object> condition = new HashMap<>(Map.of("field", "activity", "op", op));
        for (int i = 0; i < more.length; i += 2) {
            condition.put((String) more[i], more[i + 1]);
        }
        return condition;
    }

    @Test
    public void segmentsFindContactsByWhatTheyDidWithCampaignsAndACampaignCanGoToThem() {
        Api api = Api.signedUp();
        Sent sent = sendTrackedCampaign(api);
        String spring = sent.campaignId();
        Received ann = sent.mail().get("Ann");
        Received bob = sent.mail().get("Bob");
        contact(api, "cy@west-" + UUID.randomUUID().toString().substring(0, 8) + ".example.org", "Cy");
        // Ann opens and clicks; at Bob's, only Apple's proxy opened and a scanner clicked: machines.
        Unsubscribing.Client person = new Unsubscribing.Client("198.51.100.30", CHROME);
        assertStatus(200, person.get(ann.pixel()));
        assertStatus(302, person.get(ann.clicks().get(0)));
        assertStatus(200, new Unsubscribing.Client("17.58.0.11", "Mozilla/5.0").get(bob.pixel()));
        assertStatus(302, new Unsubscribing.Client("198.51.100.31", "python-requests/2.31.0").get(bob.clicks().get(1)));
        Poll.until("the hits are counted", TIMEOUT, () -> count(api, activity("clicked", "campaign", spring)), n -> n == 1);

        assertEquals("Ann opened the spring campaign", 1, count(api, activity("opened", "campaign", spring)));
        assertEquals("Bob (machines only) and Cy (never sent it) did not", 2,
                count(api, activity("not_opened", "campaign", spring)));
        assertEquals(1, count(api, activity("clicked", "days", 7)));
        assertEquals("a click counts as an open, any campaign, ever", 1, count(api, activity("opened")));
        assertEquals("Ann and Bob were sent it", 2, count(api, activity("was_sent", "campaign", spring)));
        assertEquals("Cy was sent nothing in the last 30 days", 1, count(api, activity("was_not_sent", "days", 30)));
        assertEquals("sent the campaign but never opened one: Bob", 1, count(api, Map.of("match", "all", "conditions",
                List.of(activity("was_sent", "campaign", spring), activity("not_opened")))));

        // What cannot be compiled is named, at its place in the filter.
        String draft = api.post("/api/v1/campaigns", Map.of("name", "Summer tea")).expect(201).json().get("id").asText();
        assertRefused(api, activity("opened", "campaign", draft), "filter.campaign", "has not been sent yet");
        assertRefused(api, activity("opened", "campaign", UUID.randomUUID().toString()), "filter.campaign", "no campaign");
        assertRefused(api, activity("opened", "days", 0), "filter.days", "1 to");
        assertRefused(api, activity("opened", "days", "a week"), "filter.days", "whole number");
        assertRefused(api, activity("bought"), "filter.op", "unknown operator");
        assertRefused(api, activity("opened", "link", 1), "filter.link", "unknown property");
        // Another account cannot name this account's campaign.
        assertRefused(Api.signedUp(), activity("opened", "campaign", spring), "filter.campaign", "no campaign");

        // A saved segment of the people who clicked is the audience of the next campaign: only Ann gets it.
        String segment = api.post("/api/v1/segments", Map.of("name", "Clicked spring tea",
                "filter", activity("clicked", "campaign", spring))).expect(201).json().get("id").asText();
        assertEquals(1, api.get("/api/v1/segments/" + segment + "/count").expect(200).json().get("count").asInt());
        JsonNode next = api.post("/api/v1/campaigns", Map.of("name", "Thanks")).expect(201).json();
        String nextId = next.get("id").asText();
        String subject = "Thanks for reading " + UUID.randomUUID();
        api.put("/api/v1/campaigns/" + nextId, Map.of("name", "Thanks", "subject", subject, "from", FROM,
                "html", "<html><body><p>Thank you for your visit, {{ first_name }}.</p></body></html>", "textFromHtml", true,
                "audience", Map.of("segments", List.of(segment)), "version", next.get("version").asInt())).expect(200);
        api.post("/api/v1/campaigns/" + nextId + "/send", Map.of("acknowledgeWarnings", true)).expect(200);
        Poll.until("the thanks are sent", TIMEOUT, () -> api.get("/api/v1/campaigns/" + nextId).expect(200).json(),
                c -> "sent".equals(c.get("status").asText()));
        List<String> to = new ArrayList<>();
        api.get("/api/v1/outbox?size=500").expect(200).json().get("items").forEach(item -> {
            if (subject.equals(item.get("subject").asText())) {
                to.add(item.get("to").asText());
            }
        });
        String annEmail = Database.column(bundleContext, "SELECT email FROM nm_contact WHERE id = ?", ann.contactId()).get(0);
        assertEquals(List.of(annEmail), to);
        assertEquals("the thanks count as sent to Ann", 1, count(api, activity("was_sent", "campaign", nextId)));
    }

    private static void assertRefused(Api api, Map<String, Object> condition, String field, String message) {
        JsonNode error = api.post("/api/v1/segments/count", Map.of("filter", condition)).expect(422).json()
                .get("errors").get(0);
        assertEquals(error.toString(), field, error.get("field").asText());
        assertTrue(error.toString(), error.get("message").asText().contains(message));
    }

    @Test
    public void erasingAContactErasesItsOpensAndClicks() {
        Api api = Api.signedUp();
        Received ann = sendTrackedCampaign(api).mail().get("Ann");
        Unsubscribing.Client person = new Unsubscribing.Client("198.51.100.20", CHROME);
        assertStatus(200, person.get(ann.pixel()));
        assertStatus(302, person.get(ann.clicks().get(0)));
        // A browser warming its cache says so: a machine's open, not Ann's.
        assertStatus(200, person.get(ann.pixel(), "Sec-Purpose", "prefetch"));
        List<String> stored = Poll.until("Ann's hits are stored", TIMEOUT, () -> events(ann.contactId()), e -> e.size() == 3);
        assertTrue(stored.toString(), stored.contains("open:0:prefetch"));
        api.post("/api/v1/contacts/" + ann.contactId() + "/erase", Map.of()).expect(204);
        assertEquals(List.of(), events(ann.contactId()));
    }
}
