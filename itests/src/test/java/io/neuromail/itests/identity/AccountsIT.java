package io.neuromail.itests.identity;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.apache.karaf.shell.api.console.Session;
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
import io.neuromail.itests.support.Database;
import io.neuromail.itests.support.NeuroMailTestSupport;
import io.neuromail.itests.support.Poll;
import io.neuromail.itests.support.Response;

/**
 * Accounts and keys as a client sees them: sign-up that never tells whether an address has an account,
 * address confirmation in verify-email mode, invitations, password reset by mail, API key scopes over
 * every bundle's resources, and login locks per (account, client address). Mails are read from the
 * account's outbox, where the default sender keeps them. The container runs signup.mode=open; tests of
 * the other modes switch it through ConfigurationAdmin and put it back.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class AccountsIT extends NeuroMailTestSupport {

    private static final Duration MAIL = Duration.ofSeconds(60);
    private static final Duration RESTART = Duration.ofSeconds(60);
    private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_-]{40,64})");

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private SessionFactory shell;

    // ------------------------------------------------------------------ sign-up

    @Test
    public void signupAnswersAKnownAddressLikeANewOneAndMailsItsOwner() {
        String email = Api.uniqueEmail();
        Api owner = Api.anonymous();
        Response first = owner.signupAndLogin(email, Api.PASSWORD).expect(200);
        assertTrue(first.json().get("account").get("maySend").asBoolean());

        Response fresh = Api.anonymous().signup(Api.uniqueEmail(), "Another-garden-lantern-77").expect(202);
        Response again = Api.anonymous().signup(email.toUpperCase(), "Another-garden-lantern-77").expect(202);

        assertEquals(fresh.body(), again.body());
        assertEquals(fresh.header("Content-Type"), again.header("Content-Type"));
        assertFalse("no session for the known address", again.header("Set-Cookie").isPresent());
        assertFalse("no session for a new address either", fresh.header("Set-Cookie").isPresent());
        JsonNode notice = mailTo(owner, email, "tried to sign up");
        assertTrue(notice.toString(), text(owner, notice).contains("already has one"));
        assertEquals(1, Database.column(bundleContext, "SELECT id FROM nm_user WHERE email_key = ?", email).size());
        assertTrue(types(owner).contains("account.signup.attempted"));
        // The other password did not become the owner's.
        Api.anonymous().login(email, "Another-garden-lantern-77").expect(401);
    }

    @Test
    public void inVerifyEmailModeAnAccountSignsInButSendsNothingUntilTheOwnerConfirms() throws Exception {
        withSignupMode("verify-email", () -> {
            String email = Api.uniqueEmail();
            Api owner = Api.anonymous();
            Response fresh = owner.signup(email, Api.PASSWORD).expect(202);
            Response known = Api.anonymous().signup(email, Api.PASSWORD).expect(202);
            assertEquals("the same answer for a new and a known address", fresh.body(), known.body());
            assertEquals("verify-email", fresh.json().get("mode").asText());

            Response session = owner.login(email, Api.PASSWORD).expect(200);
            assertFalse(session.json().get("account").get("maySend").asBoolean());
            // From a pre-verified domain, so that only the unconfirmed owner address stands in the way.
            Map<String, String> message = Map.of("from", "news@example.com", "to", "someone@example.org",
                    "subject", "Hello", "text", "Hello there");
            Response blocked = owner.post("/api/v1/messages", message).expect(403);
            assertTrue(blocked.body(), blocked.json().get("detail").asText().contains("confirms"));
            JsonNode mail = mailTo(owner, email, "Confirm your address");
            String body = text(owner, mail);
            assertTrue(body, body.contains("https://localhost:" + io.neuromail.itests.support.Settings.httpsPort()
                    + "/#/verify-email?token="));
            String token = token(body);

            // Opening the link (a GET, as a mail scanner does) changes nothing: only the page's POST confirms.
            Api.anonymous().get("/").expect(200);
            assertFalse(owner.get("/api/v1/auth/session").expect(200).json().get("account").get("maySend").asBoolean());
            Api.anonymous().post("/api/v1/auth/verify-email", Map.of("token", token)).expect(204);

            assertTrue(owner.get("/api/v1/auth/session").expect(200).json().get("account").get("maySend").asBoolean());
            owner.post("/api/v1/messages", message).expect(202);
            Response reused = Api.anonymous().post("/api/v1/auth/verify-email", Map.of("token", token)).expect(422);
            assertEquals("token", reused.json().get("errors").get(0).get("field").asText());
            assertTrue(types(owner).containsAll(List.of("account.created", "account.verification.sent", "account.verified")));
        });
    }

    @Test
    public void inInviteModeOnlyTheOperatorsInvitationMakesAnAccount() throws Exception {
        withSignupMode("invite", () -> {
            String email = Api.uniqueEmail();
            Response refused = Api.anonymous().signup(email, Api.PASSWORD).expect(403);
            assertEquals(refused.body(), Api.anonymous().signup(Api.uniqueEmail(), Api.PASSWORD).expect(403).body());
            assertEquals("invite", Api.anonymous().get("/api/v1/auth/signup").expect(200).json().get("mode").asText());

            String output = Poll.until("the account-create command", RESTART, () -> run("neuromail:account-create " + email
                    + " Invited Company"), o -> o.contains("token="));
            String token = token(output);
            Api invitee = Api.anonymous();
            Response signedIn = invitee.post("/api/v1/auth/invitation", Map.of("token", token, "password", Api.PASSWORD))
                    .expect(201);
            assertEquals("Invited Company", signedIn.json().get("account").get("name").asText());
            assertTrue(signedIn.json().get("account").get("maySend").asBoolean());
            invitee.get("/api/v1/auth/session").expect(200);
            Api.anonymous().post("/api/v1/auth/invitation", Map.of("token", token, "password", Api.PASSWORD)).expect(422);
            assertTrue(run("neuromail:account-create " + email), run("neuromail:account-create " + email)
                    .contains("already has an account"));
        });
    }

    @Test
    public void aClosedServerTakesNoSignups() throws Exception {
        withSignupMode("closed", () -> {
            Api.anonymous().signup(Api.uniqueEmail(), Api.PASSWORD).expect(403);
            assertEquals("closed", Api.anonymous().get("/api/v1/auth/signup").expect(200).json().get("mode").asText());
        });
    }

    // ------------------------------------------------------------------ password reset

    @Test
    public void aMailedResetLinkSetsANewPasswordOnceAndEndsEverySession() {
        String email = Api.uniqueEmail();
        Api browser = Api.anonymous();
        browser.signupAndLogin(email, Api.PASSWORD).expect(200);
        Api phone = Api.anonymous();
        phone.login(email, Api.PASSWORD).expect(200);

        Response known = Api.anonymous().post("/api/v1/auth/password-reset", Map.of("email", email)).expect(202);
        Response unknown = Api.anonymous().post("/api/v1/auth/password-reset", Map.of("email", Api.uniqueEmail()))
                .expect(202);
        assertEquals("no account enumeration", known.body(), unknown.body());
        String token = token(text(browser, mailTo(browser, email, "Reset your NeuroMail password")));

        String next = "Quartz-harbour-window-58";
        Api anyone = Api.anonymous();
        Response weak = anyone.post("/api/v1/auth/password-reset/confirm", Map.of("token", token, "password", "password1234"))
                .expect(422);
        assertEquals("password", weak.json().get("errors").get(0).get("field").asText());
        anyone.post("/api/v1/auth/password-reset/confirm", Map.of("token", token, "password", next)).expect(204);

        browser.get("/api/v1/auth/session").expect(401);
        phone.get("/api/v1/auth/session").expect(401);
        Api.anonymous().login(email, Api.PASSWORD).expect(401);
        Api after = Api.anonymous();
        after.login(email, next).expect(200);
        Response reused = anyone.post("/api/v1/auth/password-reset/confirm",
                Map.of("token", token, "password", "Another-quartz-lantern-12")).expect(422);
        assertEquals("token", reused.json().get("errors").get(0).get("field").asText());
        after.login(email, next).expect(200);
        List<String> types = types(after);
        assertTrue(types.toString(), types.containsAll(List.of("auth.password.reset.requested", "auth.password.reset")));
    }

    @Test
    public void anExpiredResetLinkIsRefused() {
        String email = Api.uniqueEmail();
        Api owner = Api.anonymous();
        owner.signupAndLogin(email, Api.PASSWORD).expect(200);
        Api.anonymous().post("/api/v1/auth/password-reset", Map.of("email", email)).expect(202);
        String token = token(text(owner, mailTo(owner, email, "Reset your NeuroMail password")));
        // Thirty minutes cannot be waited for here: move the link's expiry into the past instead.
        Database.update(bundleContext, "UPDATE nm_user_token SET expires_at = created_at WHERE purpose = 'password-reset'"
                + " AND email = ?", email);

        Response expired = Api.anonymous().post("/api/v1/auth/password-reset/confirm",
                Map.of("token", token, "password", "Quartz-harbour-window-58")).expect(422);

        assertEquals("token", expired.json().get("errors").get(0).get("field").asText());
        owner.get("/api/v1/auth/session").expect(200);
        Api.anonymous().login(email, Api.PASSWORD).expect(200);
    }

    // ------------------------------------------------------------------ API key scopes

    @Test
    public void eachKeyReachesOnlyWhatItsScopesAllowAndARefusalChangesNothing() {
        Api owner = Api.signedUp();
        Api read = owner.createApiKeyClient("read", "read");
        Api contacts = owner.createApiKeyClient("contacts", "contacts");
        Api send = owner.createApiKeyClient("send", "send");
        Api admin = owner.createApiKeyClient("admin", "admin");
        String contentBefore = owner.get("/api/v1/content/settings").expect(200).body();
        String deliveryBefore = owner.get("/api/v1/delivery/settings").expect(200).json().get("sender").toString();
        int keysBefore = owner.get("/api/v1/api-keys").expect(200).json().size();
        String identitiesBefore = owner.get("/api/v1/sender-identities").expect(200).body();

        for (Api key : List.of(read, send)) {
            refused(key.post("/api/v1/contacts", Map.of("email", Api.uniqueEmail())), "contacts");
        }
        for (Api key : List.of(read, contacts)) {
            refused(key.post("/api/v1/messages", Map.of("from", "news@example.com", "to", "someone@example.org",
                    "subject", "Hello", "text", "Hello there")), "send");
            refused(key.post("/api/v1/delivery/test-message", Map.of("to", "someone@example.org")), "send");
        }
        for (Api key : List.of(read, contacts, send)) {
            refused(key.put("/api/v1/content/settings", Map.of("warnThreshold", 3)), "admin");
            refused(key.put("/api/v1/delivery/settings", Map.of("sender", "outbox", "fallback", false)), "admin");
            refused(key.post("/api/v1/api-keys", Map.of("name", "escalated", "scopes", List.of("admin"))), "admin");
            refused(key.get("/api/v1/api-keys"), "admin");
            refused(key.post("/api/v1/sender-identities", Map.of("type", "address", "value", "news@example.net")), "admin");
        }
        for (Api key : List.of(contacts, send)) {
            refused(key.get("/api/v1/contacts"), "read");
            refused(key.get("/api/v1/sender-identities"), "read");
        }

        assertEquals(0, owner.get("/api/v1/contacts").expect(200).json().get("total").asInt());
        assertEquals(0, owner.get("/api/v1/sends").expect(200).json().get("items").size());
        assertEquals(0, owner.get("/api/v1/outbox").expect(200).json().get("total").asInt());
        assertEquals(contentBefore, owner.get("/api/v1/content/settings").expect(200).body());
        assertEquals(deliveryBefore, owner.get("/api/v1/delivery/settings").expect(200).json().get("sender").toString());
        assertEquals(keysBefore, owner.get("/api/v1/api-keys").expect(200).json().size());
        assertEquals(identitiesBefore, owner.get("/api/v1/sender-identities").expect(200).body());

        // What each scope allows goes through (here the send gate may still refuse the message itself).
        read.get("/api/v1/contacts").expect(200);
        read.get("/api/v1/outbox").expect(200);
        read.get("/api/v1/sender-identities").expect(200);
        read.post("/api/v1/content/check", Map.of("subject", "Hello", "text", "Hello there")).expect(200);
        contacts.post("/api/v1/contacts", Map.of("email", Api.uniqueEmail())).expect(201);
        assertNotEquals(403, send.post("/api/v1/messages", Map.of("from", "news@example.com", "to", "someone@example.org",
                "subject", "Hello", "text", "Hello there")).status());
        admin.put("/api/v1/content/settings", Map.of("warnThreshold", 3)).expect(200);
        admin.post("/api/v1/api-keys", Map.of("name", "made by admin", "scopes", List.of("read"))).expect(201);
        JsonNode listed = owner.get("/api/v1/api-keys").expect(200).json();
        assertEquals(List.of("read"), List.of(listed.get(0).get("scopes").get(0).asText()));
        Response noScopes = owner.post("/api/v1/api-keys", Map.of("name", "none", "scopes", List.of())).expect(422);
        assertEquals("scopes", noScopes.json().get("errors").get(0).get("field").asText());
    }

    // ------------------------------------------------------------------ login locks

    @Test
    public void aStrangerLockedOutOfAnAccountDoesNotLockTheOwnerOut() {
        String email = Api.uniqueEmail();
        Api.anonymous().signupAndLogin(email, Api.PASSWORD).expect(200);
        Map<String, String> stranger = Map.of("X-Forwarded-For", "203.0.113.77");
        for (int i = 0; i < LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS; i++) {
            Api.anonymous().send("POST", "/api/v1/auth/login", Map.of("email", email, "password", "Wrong-" + i + "-guess-x"),
                    stranger).expect(401);
        }
        Api.anonymous().send("POST", "/api/v1/auth/login", Map.of("email", email, "password", Api.PASSWORD), stranger)
                .expect(429);
        Api.anonymous().send("POST", "/api/v1/auth/login", Map.of("email", email, "password", Api.PASSWORD),
                Map.of("X-Forwarded-For", "203.0.113.78")).expect(200);
    }

    // ------------------------------------------------------------------ helpers

    private static void refused(Response r, String scope) {
        r.expect(403);
        assertEquals(r.body(), scope, r.json().get("requiredScope").asText());
    }

    /** The newest mail to {@code email} whose subject contains {@code subject}, as the outbox lists it. */
    /** The account's first mail in its outbox to {@code email} whose subject contains {@code subject}, once there. */
    static JsonNode mailTo(Api account, String email, String subject) {
        return Poll.until("a mail '" + subject + "' to " + email, MAIL, () -> {
            for (JsonNode item : account.get("/api/v1/outbox?size=50").expect(200).json().get("items")) {
                if (item.get("to").asText().toLowerCase().contains(email.toLowerCase())
                        && item.get("subject").asText().contains(subject)) {
                    return item;
                }
            }
            return null;
        }, found -> found != null);
    }

    /** The plain text of a mail of the account's outbox. */
    static String text(Api account, JsonNode item) {
        return account.get("/api/v1/outbox/" + item.get("id").asText()).expect(200).json().get("text").asText();
    }

    private static String token(String text) {
        Matcher m = TOKEN.matcher(text);
        assertTrue("no link token in: " + text, m.find());
        return m.group(1);
    }

    private static List<String> types(Api account) {
        return Api.JSON.convertValue(account.get("/api/v1/activity/types").expect(200).json(),
                Api.JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    }

    private String run(String command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = shell.create(new ByteArrayInputStream(new byte[0]), out, out);
        try {
            Object result = session.execute(command);
            if (result != null) {
                out.println(result);
            }
        } catch (Exception e) {
            out.println("failed: " + e);
        } finally {
            session.close();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Runs {@code body} with the identity component restarted in another sign-up mode, then puts "open" back. */
    private void withSignupMode(String mode, Runnable body) throws Exception {
        switchSignupMode(mode);
        try {
            body.run();
        } finally {
            switchSignupMode("open");
        }
    }

    private void switchSignupMode(String mode) throws Exception {
        // The container's etc/io.neuromail.identity.cfg (its rate limits among them) is read by Karaf's
        // file watcher, which may still be at work when the first test runs: changing the configuration
        // before it is there would replace what the file says with the sign-up mode alone.
        Configuration config = Poll.until("etc/io.neuromail.identity.cfg is read", RESTART, () -> {
            try {
                Configuration c = configurationAdmin.getConfiguration("io.neuromail.identity", "?");
                Dictionary<String, Object> p = c.getProperties();
                return p != null && p.get("rateLimit.signupsPerAddressPerHour") != null ? c : null;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, java.util.Objects::nonNull);
        Dictionary<String, Object> properties = config.getProperties();
        properties.put("signup.mode", mode);
        config.update(properties);
        Poll.until("signup.mode " + mode, RESTART, () -> {
            Response r = Api.anonymous().get("/api/v1/auth/signup");
            return r.status() == 200 && r.isJson() && mode.equals(r.json().get("mode").asText());
        });
        Api.anonymous().awaitHealthy(RESTART);
    }
}
