package io.neuromail.itests.identity;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

import javax.inject.Inject;

import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import com.fasterxml.jackson.databind.JsonNode;

import io.neuromail.itests.support.Api;
import io.neuromail.itests.support.Console;
import io.neuromail.itests.support.Database;
import io.neuromail.itests.support.Mailbox;
import io.neuromail.itests.support.NeuroMailTestSupport;
import io.neuromail.itests.support.Poll;
import io.neuromail.itests.support.Response;
import io.neuromail.itests.support.Settings;

/**
 * The Security page's server side over HTTP: a user's sessions (listed with a public id, ended one at a
 * time or all but this one, never another user's), the recent sign-ins, {@code /.well-known/security.txt}
 * from its configuration, and the operator's breach notice through the console. Each user poses as its
 * own client address (the container trusts 127.0.0.1 as a proxy), so the suite's login limits stay apart.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class SessionsIT extends NeuroMailTestSupport {

    private static final AtomicInteger ADDRESSES = new AtomicInteger();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SECURITY_TXT = "/.well-known/security.txt";
    private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
    private static final String SAFARI_IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) "
            + "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private SessionFactory shell;

    /** A user of a fresh account, from its own client address, with a first signed-in browser. */
    private final class User {
        final String email = Api.uniqueEmail();
        final String address = "198.51.100." + (ADDRESSES.incrementAndGet() % 250 + 1);
        final Api browser = Api.anonymous();

        User() {
            browser.signup(email, Api.PASSWORD).expect(202);
            login(browser, FIREFOX).expect(200);
        }

        Response login(Api client, String userAgent) {
            return login(client, Api.PASSWORD, userAgent);
        }

        Response login(Api client, String password, String userAgent) {
            return client.send("POST", "/api/v1/auth/login", Map.of("email", email, "password", password),
                    Map.of("X-Forwarded-For", address, "User-Agent", userAgent));
        }

        /** Another browser signed in as this user. */
        Api another(String userAgent) {
            Api other = Api.anonymous();
            login(other, userAgent).expect(200);
            return other;
        }

        String accountId() {
            return browser.get("/api/v1/auth/session").expect(200).json().get("account").get("id").asText();
        }
    }

    private static List<JsonNode> sessions(Api api) {
        List<JsonNode> out = new ArrayList<>();
        api.get("/api/v1/auth/sessions").expect(200).json().forEach(out::add);
        return out;
    }

    private static JsonNode current(List<JsonNode> sessions) {
        return sessions.stream().filter(s -> s.get("current").asBoolean()).findFirst().orElseThrow();
    }

    private static JsonNode other(List<JsonNode> sessions) {
        return sessions.stream().filter(s -> !s.get("current").asBoolean()).findFirst().orElseThrow();
    }

    // ------------------------------------------------------------------ sessions

    @Test
    public void theListShowsEverySessionOfTheUserWithAPublicIdAndMarksThisOne() {
        User u = new User();
        Api phone = u.another(SAFARI_IPHONE);

        List<JsonNode> fromLaptop = sessions(u.browser);
        assertEquals(fromLaptop.toString(), 2, fromLaptop.size());
        JsonNode laptop = current(fromLaptop);
        JsonNode iphone = other(fromLaptop);
        assertEquals("Firefox on Linux", laptop.get("device").asText());
        assertEquals("Safari on iPhone", iphone.get("device").asText());
        assertEquals(u.address, iphone.get("ip").asText());
        assertEquals(SAFARI_IPHONE, iphone.get("userAgent").asText());
        assertNotNull(iphone.get("createdAt").asText(null));
        assertNotNull(iphone.get("lastSeenAt").asText(null));
        // The phone sees the same two, itself as the current one.
        assertEquals(iphone.get("id").asText(), current(sessions(phone)).get("id").asText());

        List<String> hashes = Database.column(bundleContext, "SELECT s.id FROM nm_session s JOIN nm_user u ON u.id = s.user_id "
                + "WHERE u.email_key = ?", u.email);
        assertEquals(2, hashes.size());
        for (JsonNode s : fromLaptop) {
            assertFalse("the cookie's hash is never shown", hashes.contains(s.get("id").asText()));
            assertFalse(s.toString(), s.toString().contains(hashes.get(0)) || s.toString().contains(hashes.get(1)));
        }
    }

    @Test
    public void aSessionOpenedBeforePublicIdsGetsOneWhenListed() {
        User u = new User();
        Api other = u.another(SAFARI_IPHONE);
        String otherId = other(sessions(u.browser)).get("id").asText();
        assertEquals(1, Database.update(bundleContext, "UPDATE nm_session SET public_id = NULL WHERE public_id = ?", otherId));

        String given = other(sessions(u.browser)).get("id").asText();
        assertFalse(given.isEmpty() || given.equals(otherId));
        assertEquals(List.of(given), Database.column(bundleContext, "SELECT public_id FROM nm_session WHERE public_id = ?", given));
        u.browser.delete("/api/v1/auth/sessions/" + given).expect(204);
        other.get("/api/v1/auth/session").expect(401);
    }

    @Test
    public void endingAnotherSessionLogsItOutAndIsRecorded() {
        User u = new User();
        Api phone = u.another(SAFARI_IPHONE);
        String phoneId = other(sessions(u.browser)).get("id").asText();

        u.browser.delete("/api/v1/auth/sessions/" + phoneId).expect(204);

        phone.get("/api/v1/auth/session").expect(401);
        u.browser.get("/api/v1/auth/session").expect(200);
        List<JsonNode> left = sessions(u.browser);
        assertEquals(1, left.size());
        assertTrue(left.get(0).get("current").asBoolean());
        u.browser.delete("/api/v1/auth/sessions/" + phoneId).expect(404);
        JsonNode entry = IdentityIT.firstOfType(u.browser, "auth.session.ended");
        assertEquals(phoneId, entry.get("details").get("session").asText());
        assertEquals("Safari on iPhone", entry.get("details").get("device").asText());
        assertEquals("false", entry.get("details").get("current").asText());
    }

    @Test
    public void endingThisSessionIsALogout() {
        User u = new User();
        String mine = current(sessions(u.browser)).get("id").asText();

        Response ended = u.browser.delete("/api/v1/auth/sessions/" + mine).expect(204);

        assertTrue(ended.header("Set-Cookie").orElse(""), ended.header("Set-Cookie").orElse("").contains("Max-Age=0"));
        u.browser.get("/api/v1/auth/session").expect(401);
        Api again = u.another(FIREFOX);
        assertEquals("true", IdentityIT.firstOfType(again, "auth.session.ended").get("details").get("current").asText());
    }

    @Test
    public void logOutEverywhereElseKeepsOnlyThisSession() {
        User u = new User();
        Api phone = u.another(SAFARI_IPHONE);
        Api tablet = u.another(FIREFOX);
        assertEquals(3, sessions(u.browser).size());

        Response answer = u.browser.post("/api/v1/auth/sessions/end-others", null).expect(200);

        assertEquals(2, answer.json().get("ended").asInt());
        phone.get("/api/v1/auth/session").expect(401);
        tablet.get("/api/v1/auth/session").expect(401);
        u.browser.get("/api/v1/auth/session").expect(200);
        assertEquals(1, sessions(u.browser).size());
        assertEquals("2", IdentityIT.firstOfType(u.browser, "auth.session.ended-others").get("details").get("ended").asText());
        assertEquals(0, u.browser.post("/api/v1/auth/sessions/end-others", null).expect(200).json().get("ended").asInt());
    }

    @Test
    public void anotherUsersSessionIsNotFoundAndStaysSignedIn() {
        User a = new User();
        User b = new User();
        String theirs = current(sessions(b.browser)).get("id").asText();

        a.browser.delete("/api/v1/auth/sessions/" + theirs).expect(404);
        a.browser.delete("/api/v1/auth/sessions/no-such-session").expect(404);
        a.browser.delete("/api/v1/auth/sessions/" + "x".repeat(100)).expect(404);

        b.browser.get("/api/v1/auth/session").expect(200);
        assertEquals(1, sessions(a.browser).size());
        assertTrue(sessions(a.browser).stream().noneMatch(s -> s.get("id").asText().equals(theirs)));
        a.browser.post("/api/v1/auth/sessions/end-others", null).expect(200);
        b.browser.get("/api/v1/auth/session").expect(200);
    }

    @Test
    public void anApiKeyHasNoSessionsAndIsRefused() {
        User u = new User();
        Api key = u.browser.createApiKeyClient("sessions");
        String mine = current(sessions(u.browser)).get("id").asText();

        key.get("/api/v1/auth/sessions").expect(403);
        key.delete("/api/v1/auth/sessions/" + mine).expect(403);
        key.post("/api/v1/auth/sessions/end-others", null).expect(403);
        key.get("/api/v1/auth/sign-ins").expect(403);
        u.browser.get("/api/v1/auth/session").expect(200);
    }

    @Test
    public void endingSessionsNeedsTheCsrfToken() {
        User u = new User();
        Api phone = u.another(SAFARI_IPHONE);
        String phoneId = other(sessions(u.browser)).get("id").asText();

        u.browser.withoutCsrf();
        u.browser.delete("/api/v1/auth/sessions/" + phoneId).expect(403);
        u.browser.post("/api/v1/auth/sessions/end-others", null).expect(403);
        u.browser.withCsrf();

        phone.get("/api/v1/auth/session").expect(200);
    }

    // ------------------------------------------------------------------ sign-ins

    @Test
    public void recentSignInsShowSuccessesAndFailuresNewestFirst() {
        User u = new User();
        u.login(Api.anonymous(), "Wrong-password-123", SAFARI_IPHONE).expect(401);
        u.another(SAFARI_IPHONE);

        JsonNode signIns = u.browser.get("/api/v1/auth/sign-ins").expect(200).json();

        assertEquals(signIns.toString(), 3, signIns.size());
        assertEquals("succeeded", signIns.get(0).get("result").asText());
        assertEquals("Safari on iPhone", signIns.get(0).get("device").asText());
        assertEquals("failed", signIns.get(1).get("result").asText());
        assertEquals(u.address, signIns.get(1).get("ip").asText());
        assertEquals(SAFARI_IPHONE, signIns.get(1).get("userAgent").asText());
        assertEquals("wrong password", signIns.get(1).get("reason").asText());
        assertEquals("succeeded", signIns.get(2).get("result").asText());
        assertEquals("Firefox on Linux", signIns.get(2).get("device").asText());
        assertTrue(signIns.get(2).get("secondFactor").isNull());
        assertEquals(1, u.browser.get("/api/v1/auth/sign-ins?limit=1").expect(200).json().size());
    }

    @Test
    public void signInsAreTheUsersOwnAndTheLimitIsChecked() {
        User a = new User();
        User b = new User();
        b.login(Api.anonymous(), "Wrong-password-123", FIREFOX).expect(401);

        assertEquals(1, a.browser.get("/api/v1/auth/sign-ins").expect(200).json().size());
        for (String limit : List.of("0", "101", "many")) {
            Response bad = a.browser.get("/api/v1/auth/sign-ins?limit=" + limit).expect(422);
            assertEquals("limit", bad.json().get("errors").get(0).get("field").asText());
        }
    }

    // ------------------------------------------------------------------ security.txt

    @Test
    public void securityTxtIsServedFromItsConfigurationAndIsAbsentWithoutAContact() throws Exception {
        Configuration config = securityTxtConfiguration();
        Poll.until("no security.txt without a contact", WAIT, () -> Api.anonymous().get(SECURITY_TXT).status() == 404);
        Dictionary<String, Object> properties = config.getProperties();
        properties.put("contact", "mailto:security@example.com, https://example.com/report");
        properties.put("policy", "https://example.com/security-policy");
        properties.put("preferredLanguages", "en, de");
        properties.put("expiresDays", "30");
        config.update(properties);
        try {
            Response served = Poll.until("security.txt with the contact", WAIT, () -> Api.anonymous().get(SECURITY_TXT),
                    r -> r.status() == 200);
            assertEquals("text/plain;charset=utf-8", served.header("Content-Type").orElse("").replace(" ", "").toLowerCase());
            String text = served.body();
            assertTrue(text, text.startsWith("Contact: mailto:security@example.com\nContact: https://example.com/report\n"));
            assertTrue(text, text.contains("\nPolicy: https://example.com/security-policy\n"));
            assertTrue(text, text.contains("\nPreferred-Languages: en, de\n"));
            assertTrue(text, text.contains("\nCanonical: https://localhost:" + Settings.httpsPort() + SECURITY_TXT + "\n"));
            String expires = text.lines().filter(l -> l.startsWith("Expires: ")).findFirst().orElseThrow();
            java.time.Instant expiry = java.time.Instant.parse(expires.substring("Expires: ".length()));
            assertTrue(expires, expiry.isAfter(java.time.Instant.now().plus(Duration.ofDays(28)))
                    && expiry.isBefore(java.time.Instant.now().plus(Duration.ofDays(31))));
        } finally {
            Dictionary<String, Object> back = config.getProperties();
            for (String key : List.of("contact", "policy", "preferredLanguages", "expiresDays")) {
                back.remove(key);
            }
            config.update(back);
        }
        Response gone = Poll.until("security.txt gone with the contact", WAIT, () -> Api.anonymous().get(SECURITY_TXT),
                r -> r.status() == 404);
        assertFalse(gone.body().contains("Contact"));
    }

    /** The container's etc/io.neuromail.securitytxt.cfg once Karaf's file watcher has read it (or it would overwrite us). */
    private Configuration securityTxtConfiguration() {
        return Poll.until("etc/io.neuromail.securitytxt.cfg is read", WAIT, () -> {
            try {
                Configuration c = configurationAdmin.getConfiguration("io.neuromail.securitytxt", "?");
                Dictionary<String, Object> p = c.getProperties();
                return p != null && p.get("felix.fileinstall.filename") != null ? c : null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, Objects::nonNull);
    }

    // ------------------------------------------------------------------ breach notice

    @Test
    public void theBreachCommandMailsTheOwnersOfTheAccountsNamedAndRecordsIt() throws Exception {
        User notified = new User();
        User bystander = new User();
        String subject = "Security notice " + System.nanoTime();
        Path text = Files.writeString(Files.createTempFile("breach", ".txt"),
                "Hello,\n\non 1 December someone read the contact lists of some accounts. Yours was one of them.\n",
                StandardCharsets.UTF_8);
        String unknown = "00000000-0000-0000-0000-000000000000";

        String output = Console.run(shell, "neuromail:breach-notify --subject \"" + subject + "\" --text " + text
                + " " + notified.accountId() + " " + unknown);

        assertTrue(output, output.contains(notified.accountId() + "  notified (1 address)"));
        assertTrue(output, output.contains(unknown + "  unknown account: nothing sent"));
        assertTrue(output, output.contains("Total: notified 1, failed 0, unknown 1; mails queued 1."));
        JsonNode mail = Mailbox.mailTo(notified.browser, notified.email, subject);
        String body = Mailbox.text(notified.browser, mail);
        assertTrue(body, body.contains("Yours was one of them."));
        JsonNode entry = IdentityIT.firstOfType(notified.browser, "security.breach-notified");
        assertEquals(subject, entry.get("details").get("subject").asText());
        assertEquals("1", entry.get("details").get("recipients").asText());
        assertFalse("the text is not in the log", entry.toString().contains("Yours was one of them"));
        assertTrue(IdentityIT.types(bystander.browser, "security.").isEmpty());
        for (JsonNode item : bystander.browser.get("/api/v1/outbox?size=50").expect(200).json().get("items")) {
            assertFalse(item.get("subject").asText().equals(subject));
        }
    }

    @Test
    public void theBreachCommandRefusesWithoutRecipientsOrAUsableText() throws Exception {
        User u = new User();
        Path empty = Files.writeString(Files.createTempFile("breach-empty", ".txt"), "  \n", StandardCharsets.UTF_8);
        Path big = Files.write(Files.createTempFile("breach-big", ".txt"), new byte[64 * 1024 + 1]);
        Path fine = Files.writeString(Files.createTempFile("breach", ".txt"), "Notice", StandardCharsets.UTF_8);

        assertTrue(Console.run(shell, "neuromail:breach-notify --subject Notice --text " + fine).contains("--all"));
        assertTrue(Console.run(shell, "neuromail:breach-notify --text " + fine + " --all").contains("--subject"));
        assertTrue(Console.run(shell, "neuromail:breach-notify --subject Notice --text " + fine + " --all " + u.accountId())
                .contains("not both"));
        assertTrue(Console.run(shell, "neuromail:breach-notify --subject Notice " + u.accountId()).contains("--text"));
        assertTrue(Console.run(shell, "neuromail:breach-notify --subject Notice --text " + fine + ".missing " + u.accountId())
                .contains("no file"));
        assertTrue(Console.run(shell, "neuromail:breach-notify --subject Notice --text " + empty + " " + u.accountId())
                .contains("empty"));
        assertTrue(Console.run(shell, "neuromail:breach-notify --subject Notice --text " + big + " " + u.accountId())
                .contains("64 KB"));
        assertTrue(Console.run(shell, "neuromail:breach-notify --help").contains("--all"));

        assertTrue(IdentityIT.types(u.browser, "security.").isEmpty());
        assertNull(Database.column(bundleContext, "SELECT id FROM nm_activity WHERE account_id = ? AND type = ?",
                u.accountId(), "security.breach-notified").stream().findFirst().orElse(null));
    }
}
