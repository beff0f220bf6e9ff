package io.neuromail.itests.identity;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

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
import io.neuromail.itests.support.TotpCodes;

/**
 * Two-factor authentication over HTTP against the running distribution: enrolment, the login's second
 * step, replays, recovery codes, turning it off, the limits, what is stored, and that one user's
 * second factor is nothing to another. Each test poses as its own client address (the container
 * trusts 127.0.0.1 as a proxy), so the per-address login limits of the suite stay apart.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class TwoFactorIT extends NeuroMailTestSupport {

    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    @Inject
    private SessionFactory shell;

    /** A signed-in user of a fresh account, from its own client address. */
    private final class User {
        final String email = Api.uniqueEmail();
        final String address = "203.0.113." + (ADDRESSES.incrementAndGet() % 250 + 1);
        final Api api = Api.anonymous();
        String secret;
        List<String> recoveryCodes;

        User() {
            api.signup(email, Api.PASSWORD).expect(202);
            login(api).expect(200);
        }

        Response login(Api client) {
            return post(client, "/api/v1/auth/login", Map.of("email", email, "password", Api.PASSWORD));
        }

        Response secondStep(Api client, String challenge, String code) {
            return post(client, "/api/v1/auth/login/2fa", Map.of("challenge", challenge, "code", code));
        }

        Response post(Api client, String path, Object body) {
            return client.send("POST", path, body, Map.of("X-Forwarded-For", address));
        }

        /** Enrols and confirms with the code of this step; answers that step. */
        long enable() {
            Response started = post(api, "/api/v1/auth/2fa/enrolment", null).expect(201);
            secret = started.json().get("secret").asText();
            long step = TotpCodes.stepNow();
            Response confirmed = post(api, "/api/v1/auth/2fa/enrolment/confirm",
                    Map.of("code", TotpCodes.code(secret, step))).expect(200);
            recoveryCodes = new ArrayList<>();
            confirmed.json().get("recoveryCodes").forEach(c -> recoveryCodes.add(c.asText()));
            return step;
        }

        String userId() {
            return Database.column(bundleContext, "SELECT id FROM nm_user WHERE email_key = ?", email).get(0);
        }
    }

    @Test
    public void enrolmentShowsTheSecretAsTextAndQrCodeAndIsOnOnlyAfterACode() {
        User u = new User();
        JsonNode off = u.api.get("/api/v1/auth/2fa").expect(200).json();
        assertFalse(off.get("enabled").asBoolean());

        Response started = u.post(u.api, "/api/v1/auth/2fa/enrolment", null).expect(201);
        String secret = started.json().get("secret").asText();
        assertTrue(secret, secret.matches("[A-Z2-7]{32}"));
        String uri = started.json().get("otpauthUri").asText();
        assertTrue(uri, uri.startsWith("otpauth://totp/NeuroMail:") && uri.contains("secret=" + secret));
        assertTrue(started.json().get("qrSvg").asText().startsWith("<svg"));
        Response qr = u.api.send("GET", "/api/v1/auth/2fa/enrolment/qr.svg", null, Map.of("Accept", "image/svg+xml,image/*,*/*;q=0.8"))
                .expect(200);
        assertTrue(qr.header("Content-Type").orElse(""), qr.header("Content-Type").orElse("").startsWith("image/svg+xml"));
        assertTrue(qr.body().startsWith("<svg"));
        assertTrue(u.api.get("/api/v1/auth/2fa").json().get("enrolmentPending").asBoolean());
        u.login(Api.anonymous()).expect(200);

        long step = TotpCodes.stepNow();
        Response wrong = u.post(u.api, "/api/v1/auth/2fa/enrolment/confirm",
                Map.of("code", TotpCodes.wrongCode(secret, step))).expect(422);
        assertEquals("code", wrong.json().get("errors").get(0).get("field").asText());
        assertFalse(u.api.get("/api/v1/auth/2fa").json().get("enabled").asBoolean());

        Response on = u.post(u.api, "/api/v1/auth/2fa/enrolment/confirm", Map.of("code", TotpCodes.code(secret, step)))
                .expect(200);
        assertEquals(10, on.json().get("recoveryCodes").size());
        JsonNode status = u.api.get("/api/v1/auth/2fa").expect(200).json();
        assertTrue(status.get("enabled").asBoolean());
        assertEquals(10, status.get("recoveryCodesLeft").asInt());
        assertFalse("codes are shown once", u.api.get("/api/v1/auth/2fa").body()
                .contains(on.json().get("recoveryCodes").get(0).asText()));
        u.post(u.api, "/api/v1/auth/2fa/enrolment", null).expect(409);

        String stored = Database.column(bundleContext, "SELECT secret FROM nm_user_two_factor WHERE user_id = ?",
                u.userId()).get(0);
        assertTrue(stored, stored.startsWith("v1."));
        assertFalse("the secret is stored sealed", stored.contains(secret));
        List<String> hashes = Database.column(bundleContext, "SELECT code_hash FROM nm_recovery_code WHERE user_id = ?",
                u.userId());
        assertEquals(10, hashes.size());
        on.json().get("recoveryCodes").forEach(c -> assertFalse(hashes.contains(c.asText())));
        assertEquals(List.of("auth.2fa.enabled", "auth.2fa.failed", "auth.2fa.enrolment.started"),
                IdentityIT.types(u.api, "auth.2fa."));
    }

    @Test
    public void aPasswordAloneIsNotASessionOnlyTheRightCodeMakesOneAndOnce() {
        User u = new User();
        long step = u.enable();
        Api browser = Api.anonymous();
        Response first = u.login(browser).expect(202);
        assertTrue(first.json().get("twoFactorRequired").asBoolean());
        assertTrue("no session cookie before the code", first.header("Set-Cookie").isEmpty());
        String challenge = first.json().get("challenge").asText();
        browser.get("/api/v1/auth/session").expect(401);

        Response wrong = u.secondStep(browser, challenge, TotpCodes.wrongCode(u.secret, step)).expect(422);
        assertEquals("code", wrong.json().get("errors").get(0).get("field").asText());
        browser.get("/api/v1/auth/session").expect(401);
        u.secondStep(browser, "not-a-challenge-" + "x".repeat(30), TotpCodes.code(u.secret, step + 1)).expect(401);

        // The code of the step used at enrolment is spent; the next step's is good (clocks drift ±1 step).
        u.secondStep(browser, challenge, TotpCodes.code(u.secret, step)).expect(422);
        String next = TotpCodes.code(u.secret, step + 1);
        Response in = u.secondStep(browser, challenge, next).expect(200);
        assertTrue(in.header("Set-Cookie").orElse("").startsWith("NM_SESSION="));
        assertEquals(u.email, browser.get("/api/v1/auth/session").expect(200).json().get("user").get("email").asText());

        Api replayer = Api.anonymous();
        String again = u.login(replayer).expect(202).json().get("challenge").asText();
        u.secondStep(replayer, again, next).expect(422);
        u.secondStep(replayer, challenge, TotpCodes.code(u.secret, step + 1)).expect(401);
        replayer.get("/api/v1/auth/session").expect(401);

        JsonNode succeeded = IdentityIT.firstOfType(u.api, "auth.login.succeeded");
        assertEquals("totp", succeeded.get("details").get("secondFactor").asText());
        assertTrue(IdentityIT.types(u.api, "auth.2fa.failed").size() >= 3);
    }

    @Test
    public void aRecoveryCodeLogsInOnce() {
        User u = new User();
        u.enable();
        String code = u.recoveryCodes.get(0);
        Api browser = Api.anonymous();
        String challenge = u.login(browser).expect(202).json().get("challenge").asText();
        u.secondStep(browser, challenge, code.toUpperCase()).expect(200);
        browser.get("/api/v1/auth/session").expect(200);
        assertEquals(9, u.api.get("/api/v1/auth/2fa").json().get("recoveryCodesLeft").asInt());
        assertEquals(1, IdentityIT.types(u.api, "auth.2fa.recovery-code.used").size());

        Api again = Api.anonymous();
        String second = u.login(again).expect(202).json().get("challenge").asText();
        u.secondStep(again, second, code).expect(422);
        again.get("/api/v1/auth/session").expect(401);
    }

    @Test
    public void turningItOffNeedsThePasswordAndACode() {
        User u = new User();
        long step = u.enable();
        String code = TotpCodes.code(u.secret, step + 1);
        assertEquals(List.of("password"), IdentityIT.fields(u.post(u.api, "/api/v1/auth/2fa/disable",
                Map.of("password", "Not-the-password-1", "code", code)).expect(422)));
        assertEquals(List.of("code"), IdentityIT.fields(u.post(u.api, "/api/v1/auth/2fa/disable",
                Map.of("password", Api.PASSWORD, "code", TotpCodes.wrongCode(u.secret, step))).expect(422)));
        assertEquals(List.of("password", "code"), IdentityIT.fields(u.post(u.api, "/api/v1/auth/2fa/disable",
                Map.of()).expect(422)));
        assertTrue(u.api.get("/api/v1/auth/2fa").json().get("enabled").asBoolean());
        u.api.withoutCsrf();
        assertEquals(403, u.post(u.api, "/api/v1/auth/2fa/disable", Map.of("password", Api.PASSWORD, "code", code)).status());
        u.api.withCsrf();
        assertTrue(u.api.get("/api/v1/auth/2fa").json().get("enabled").asBoolean());

        u.post(u.api, "/api/v1/auth/2fa/disable", Map.of("password", Api.PASSWORD, "code", code)).expect(204);
        assertFalse(u.api.get("/api/v1/auth/2fa").json().get("enabled").asBoolean());
        u.login(Api.anonymous()).expect(200);
        assertTrue(Database.column(bundleContext, "SELECT code_hash FROM nm_recovery_code WHERE user_id = ?", u.userId())
                .isEmpty());
        assertEquals(1, IdentityIT.types(u.api, "auth.2fa.disabled").size());
    }

    @Test
    public void newRecoveryCodesNeedTheAppsCodeAndReplaceTheOldOnes() {
        User u = new User();
        long step = u.enable();
        u.post(u.api, "/api/v1/auth/2fa/recovery-codes", Map.of("code", u.recoveryCodes.get(0))).expect(422);
        Response renewed = u.post(u.api, "/api/v1/auth/2fa/recovery-codes",
                Map.of("code", TotpCodes.code(u.secret, step + 1))).expect(200);
        assertEquals(10, renewed.json().get("recoveryCodes").size());
        assertNotEquals(u.recoveryCodes.get(0), renewed.json().get("recoveryCodes").get(0).asText());
        Api browser = Api.anonymous();
        String challenge = u.login(browser).expect(202).json().get("challenge").asText();
        u.secondStep(browser, challenge, u.recoveryCodes.get(1)).expect(422);
        u.secondStep(browser, challenge, renewed.json().get("recoveryCodes").get(1).asText()).expect(200);
        assertEquals(1, IdentityIT.types(u.api, "auth.2fa.recovery-codes.regenerated").size());
    }

    @Test
    public void wrongCodesAreLimitedLikeWrongPasswords() {
        User u = new User();
        long step = u.enable();
        Api browser = Api.anonymous();
        String challenge = u.login(browser).expect(202).json().get("challenge").asText();
        for (int i = 0; i < LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS; i++) {
            u.secondStep(browser, challenge, TotpCodes.wrongCode(u.secret, step)).expect(422);
        }
        Response limited = u.secondStep(browser, challenge, TotpCodes.code(u.secret, step + 1)).expect(429);
        assertTrue(limited.header("Retry-After").isPresent());
        browser.get("/api/v1/auth/session").expect(401);
        // The right password does not start the guessing of codes afresh.
        u.login(Api.anonymous()).expect(429);
    }

    @Test
    public void oneUsersSecondFactorIsNothingToAnother() {
        User a = new User();
        long step = a.enable();
        User b = new User();
        b.enable();
        assertFalse("b's status is b's", b.api.get("/api/v1/auth/2fa").body().contains(a.secret));

        Api browser = Api.anonymous();
        String bChallenge = b.login(browser).expect(202).json().get("challenge").asText();
        b.secondStep(browser, bChallenge, a.recoveryCodes.get(0)).expect(422);
        b.secondStep(browser, bChallenge, TotpCodes.code(a.secret, step + 1)).expect(422);
        browser.get("/api/v1/auth/session").expect(401);
        assertEquals("a's recovery code is untouched", 10, a.api.get("/api/v1/auth/2fa").json().get("recoveryCodesLeft").asInt());

        String aChallenge = a.login(browser).expect(202).json().get("challenge").asText();
        a.secondStep(browser, aChallenge, b.recoveryCodes.get(0)).expect(422);
        browser.get("/api/v1/auth/session").expect(401);
        assertEquals(10, b.api.get("/api/v1/auth/2fa").json().get("recoveryCodesLeft").asInt());
        // Each failure is in the activity of the account whose login it was, and only there.
        assertEquals(1, IdentityIT.types(a.api, "auth.2fa.failed").size());
        assertEquals(2, IdentityIT.types(b.api, "auth.2fa.failed").size());
    }

    @Test
    public void theDistributionMadeItsKeyInEtcOnTheFirstStartAndSaidSoWithoutTheKey() throws Exception {
        java.nio.file.Path key = java.nio.file.Path.of(System.getProperty("karaf.etc"), "neuromail", "two-factor.key");
        assertTrue(key + " exists", java.nio.file.Files.isRegularFile(key));
        String value = java.nio.file.Files.readString(key).strip();
        assertEquals("Base64 of 32 bytes", 32, java.util.Base64.getDecoder().decode(value).length);
        assertEquals("readable by its owner only", "rw-------",
                java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(key)));
        java.nio.file.Path log = java.nio.file.Path.of(System.getProperty("karaf.log"), "karaf.log");
        String text = java.nio.file.Files.readString(log);
        assertTrue("the log says a key was made", text.contains("No two-factor key was given, so a new one was made in " + key));
        assertFalse("the log never holds the key", text.contains(value));
        // And the secrets in the database are sealed with it: the key id of the file is in every value.
        new User().enable();
        String keyId = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(java.util.Base64.getDecoder().decode(value)), 0, 4);
        Database.column(bundleContext, "SELECT secret FROM nm_user_two_factor WHERE secret IS NOT NULL")
                .forEach(sealed -> assertTrue(sealed, sealed.startsWith("v1." + keyId + ".")));
    }

    @Test
    public void theOperatorTurnsItOffForAUserWhoLostAppAndCodes() throws Exception {
        User u = new User();
        u.enable();
        u.login(Api.anonymous()).expect(202);
        String output = Console.run(shell, "neuromail:two-factor-off " + u.email.toUpperCase());
        assertTrue(output, output.contains("Two-factor authentication is off for"));
        u.login(Api.anonymous()).expect(200);
        assertFalse(u.api.get("/api/v1/auth/2fa").json().get("enabled").asBoolean());
        assertEquals("operator", IdentityIT.firstOfType(u.api, "auth.2fa.disabled").get("details").get("by").asText());
        assertTrue(Console.run(shell, "neuromail:two-factor-off " + u.email).contains("was not on"));
        assertTrue(Console.run(shell, "neuromail:two-factor-off nobody-" + u.email).contains("no user has the address"));
    }

    @Test
    public void apiKeysNeitherNeedNorManageTheSecondFactor() {
        User u = new User();
        Api key = u.api.createApiKeyClient("sync");
        u.enable();
        key.get("/api/v1/api-keys").expect(200);
        key.get("/api/v1/auth/2fa").expect(403);
        key.post("/api/v1/auth/2fa/enrolment", null).expect(403);
        Api.anonymous().get("/api/v1/auth/2fa").expect(401);
    }
}
