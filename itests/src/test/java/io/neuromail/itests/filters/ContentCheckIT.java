package io.neuromail.itests.filters;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

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
import io.neuromail.itests.support.Response;

/**
 * {@code POST /api/v1/content/check} and the account's filter settings over HTTP, on the distribution
 * as shipped: the built-in filters, their rule files in {@code etc/} reloaded on change, their
 * configuration changed live, and settings that belong to one account only.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class ContentCheckIT extends NeuroMailTestSupport {

    private static final Duration LIVE = Duration.ofSeconds(20);

    @Inject
    private ConfigurationAdmin configurationAdmin;

    private static List<String> rules(JsonNode verdict) {
        List<String> rules = new ArrayList<>();
        verdict.get("findings").forEach(f -> rules.add(f.get("filter").asText() + ":" + f.get("ruleId").asText()));
        return rules;
    }

    @Test
    public void aNewsletterPassesAndPhishingIsBlockedWithReasons() {
        Api api = Api.signedUp();
        JsonNode pass = api.post("/api/v1/content/check", Messages.newsletter()).expect(200).json();
        assertEquals(pass.toString(), "PASS", pass.get("decision").asText());
        assertEquals(List.of("spam", "links", "phishing", "adult", "classifier"), Api.JSON.convertValue(pass.get("filters"), List.class));

        JsonNode blocked = api.post("/api/v1/content/check", Messages.phishing()).expect(200).json();
        assertEquals("BLOCK", blocked.get("decision").asText());
        List<String> rules = rules(blocked);
        for (String expected : List.of("spam:spam.phrase", "spam:spam.punctuation", "links:links.blocklisted",
                "phishing:phishing.deceptive-link", "phishing:phishing.credential-harvest")) {
            assertTrue(expected + " in " + rules, rules.contains(expected));
        }
        // obfuscated wording is matched on the decoded text, and shown as the reader sees it
        assertTrue(blocked.toString(), blocked.get("message").get("visibleText").asText().contains("Free money"));
        assertTrue(blocked.get("score").asDouble() >= blocked.get("blockThreshold").asDouble());
    }

    @Test
    public void checksAreValidatedAndAuthenticated() {
        Api api = Api.signedUp();
        Response invalid = api.post("/api/v1/content/check", Map.of("subject", "x".repeat(1000))).expect(422);
        assertEquals("application/problem+json", invalid.header("Content-Type").orElse("").split(";")[0]);
        List<String> fields = new ArrayList<>();
        invalid.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertEquals(List.of("html", "subject"), fields);
        api.post("/api/v1/content/check", Map.of("html", "<p>x</p>", "unknownField", 1)).expect(400);
        Api.anonymous().post("/api/v1/content/check", Messages.newsletter()).expect(401);
        api.withoutCsrf().post("/api/v1/content/check", Messages.newsletter()).expect(403);
        Api key = api.withCsrf().createApiKeyClient("checker");
        assertEquals("PASS", key.post("/api/v1/content/check", Messages.newsletter()).expect(200).json().get("decision").asText());
    }

    @Test
    public void anEditedBlocklistAppliesWithoutRestart() throws Exception {
        Api api = Api.signedUp();
        String domain = "fresh-" + System.nanoTime() + ".test";
        Map<String, Object> message = Messages.check("Our news", "<p>Read <a href=\"https://" + domain + "/a\">the article</a>.</p>" + Messages.UNSUBSCRIBE);
        assertFalse(rules(api.post("/api/v1/content/check", message).expect(200).json()).contains("links:links.blocklisted"));
        Path blocklist = Path.of(System.getProperty("karaf.etc"), "neuromail", "filters", "blocklist.txt");
        assertTrue("shipped in etc/: " + blocklist, Files.exists(blocklist));
        Files.writeString(blocklist, "\n0.0.0.0 " + domain + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        JsonNode verdict = Poll.until("the edited blocklist to apply", LIVE,
                () -> api.post("/api/v1/content/check", message).expect(200).json(),
                v -> rules(v).contains("links:links.blocklisted"));
        assertEquals("BLOCK", verdict.get("decision").asText());
    }

    @Test
    public void aBuiltInFilterTakesNewConfigurationLive() throws Exception {
        Api api = Api.signedUp();
        Map<String, Object> shouting = Messages.check("BIGGEST SALE OF THE YEAR", "<p>Shoes for everyone.</p>" + Messages.UNSUBSCRIBE);
        JsonNode before = api.post("/api/v1/content/check", shouting).expect(200).json();
        assertEquals(2.5, before.get("score").asDouble(), 0.001);
        Configuration config = configurationAdmin.getConfiguration("io.neuromail.filters.spam", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("allCapsSubjectScore", "12.0");
        config.update(props);
        try {
            JsonNode after = Poll.until("the new score", LIVE, () -> api.post("/api/v1/content/check", shouting).expect(200).json(),
                    v -> v.get("score").asDouble() == 12.0);
            // past the blocking threshold, but a spam signal only warns: only danger blocks
            assertEquals("WARN", after.get("decision").asText());
        } finally {
            config.delete();
        }
        Poll.until("the default score again", LIVE,
                () -> api.post("/api/v1/content/check", shouting).expect(200).json().get("score").asDouble() == 2.5);
    }

    @Test
    public void settingsBelongToOneAccount() {
        Api alice = Api.signedUp();
        Api bob = Api.signedUp();
        JsonNode defaults = alice.get("/api/v1/content/settings").expect(200).json();
        assertTrue(defaults.get("warnThreshold").isNull());
        assertEquals(5.0, defaults.get("effectiveWarnThreshold").asDouble(), 0);

        Map<String, Object> update = new HashMap<>();
        update.put("warnThreshold", 1.0);
        update.put("blockThreshold", 2.0);
        update.put("filters", Map.of("adult", false));
        JsonNode saved = alice.put("/api/v1/content/settings", update).expect(200).json();
        assertEquals(1.0, saved.get("effectiveWarnThreshold").asDouble(), 0);

        // a link to a bare IP address is a danger finding of 3: past Alice's blocking threshold, under Bob's warning threshold
        Map<String, Object> ipLink = Messages.check("Our shoe sale", "<p>Shoes at <a href=\"http://192.0.2.10/shoes\">our shop</a>.</p>"
                + Messages.UNSUBSCRIBE);
        JsonNode alicesVerdict = alice.post("/api/v1/content/check", ipLink).expect(200).json();
        assertEquals(alicesVerdict.toString(), "BLOCK", alicesVerdict.get("decision").asText());
        assertFalse(Api.JSON.convertValue(alicesVerdict.get("filters"), List.class).contains("adult"));
        JsonNode bobsVerdict = bob.post("/api/v1/content/check", ipLink).expect(200).json();
        assertEquals("PASS", bobsVerdict.get("decision").asText());
        assertTrue(Api.JSON.convertValue(bobsVerdict.get("filters"), List.class).contains("adult"));
        assertTrue(bob.get("/api/v1/content/settings").expect(200).json().get("warnThreshold").isNull());

        boolean adultOff = false;
        boolean classifierOn = false;
        for (JsonNode f : alice.get("/api/v1/content/filters").expect(200).json()) {
            if (f.get("name").asText().equals("adult")) {
                adultOff = !f.get("enabled").asBoolean();
                assertEquals("io.neuromail.filters", f.get("bundle").asText());
            }
            if (f.get("name").asText().equals("classifier")) {
                classifierOn = f.get("enabled").asBoolean();
                assertEquals("io.neuromail.filters", f.get("bundle").asText());
            }
        }
        assertTrue(adultOff);
        assertTrue("the spam classifier is listed and on by default", classifierOn);
        JsonNode activity = alice.get("/api/v1/activity?type=content.settings.updated").expect(200).json();
        assertTrue(activity.toString(), activity.toString().contains("content.settings.updated"));
    }

    @Test
    public void invalidSettingsAreRejectedFieldByField() {
        Api api = Api.signedUp();
        Map<String, Object> update = new HashMap<>();
        update.put("warnThreshold", -1);
        update.put("blockThreshold", 5000);
        update.put("filters", Map.of("no-such-filter", false));
        Response r = api.put("/api/v1/content/settings", update).expect(422);
        List<String> fields = new ArrayList<>();
        r.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertEquals(List.of("warnThreshold", "blockThreshold", "filters.no-such-filter"), fields);
        Map<String, Object> inverted = new HashMap<>();
        inverted.put("warnThreshold", 8);
        inverted.put("blockThreshold", 4);
        assertEquals("blockThreshold", api.put("/api/v1/content/settings", inverted).expect(422).json().get("errors").get(0).get("field").asText());
        assertTrue(api.get("/api/v1/content/settings").expect(200).json().get("warnThreshold").isNull());
    }

    @Test
    public void theDistributionShipsTheRuleFilesAndDefaults() {
        for (String name : List.of("spam-words.txt", "blocklist.txt", "brands.txt", "adult-words.txt", "adult-allow.txt", "classifier-model.txt")) {
            assertTrue(name, new File(System.getProperty("karaf.etc"), "neuromail/filters/" + name).isFile());
        }
        assertTrue(new File(System.getProperty("karaf.etc"), "io.neuromail.filters.cfg").isFile());
    }
}
