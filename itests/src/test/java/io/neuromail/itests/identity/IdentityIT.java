package io.neuromail.itests.identity;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

import com.fasterxml.jackson.databind.JsonNode;

import io.neuromail.itests.support.Api;
import io.neuromail.itests.support.Database;
import io.neuromail.itests.support.NeuroMailTestSupport;
import io.neuromail.itests.support.Response;
import io.neuromail.itests.support.Settings;

/** Sign-up, login, sessions, CSRF, API keys, password change and the activity log, over HTTP. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class IdentityIT extends NeuroMailTestSupport {

    @Test
    public void runsOnTheConfiguredDatabase() {
        String expected = Settings.database().equals("postgresql") ? "PostgreSQL" : "H2";
        assertEquals(expected, Database.product(bundleContext));
    }

    @Test
    public void signupThenLoginSignsInWithAHardenedSessionCookie() {
        Api api = Api.anonymous();
        String email = Api.uniqueEmail();
        Response r = api.signupAndLogin(email, Api.PASSWORD).expect(200);
        String cookie = r.header("Set-Cookie").orElseThrow();
        assertTrue(cookie, cookie.startsWith("NM_SESSION="));
        assertTrue(cookie, cookie.contains("HttpOnly"));
        assertTrue(cookie, cookie.contains("SameSite=Strict"));
        assertFalse("Secure cookie over plain HTTP would be dropped: " + cookie, cookie.contains("Secure"));
        String token = cookie.substring("NM_SESSION=".length(), cookie.indexOf(';'));
        assertTrue("session id too short for 128 bits: " + token, token.length() >= 22);
        assertEquals(email, r.json().get("user").get("email").asText());
        assertFalse(r.json().get("csrfToken").asText().isEmpty());
        assertFalse("password echoed back", r.body().contains(Api.PASSWORD));

        Response session = api.get("/api/v1/auth/session").expect(200);
        assertEquals(email, session.json().get("user").get("email").asText());
        assertEquals(List.of("account.created"), types(api, "account."));
    }

    @Test
    public void signupRejectsBadInputFieldByFieldAndStoresNothing() {
        Api api = Api.anonymous();
        Response both = api.post("/api/v1/auth/signup", Map.of("email", "not-an-email", "password", "short")).expect(422);
        assertEquals("application/problem+json", both.header("Content-Type").orElse(""));
        assertEquals(List.of("email", "password"), fields(both));

        String email = Api.uniqueEmail();
        assertEquals(List.of("password"), fields(api.signup(email, "qwerty123456").expect(422)));
        assertEquals(List.of("password"), fields(api.signup(email, "a".repeat(129)).expect(422)));
        assertEquals(List.of("password"), fields(api.signup(email, "x".repeat(20)).expect(422)));
        assertTrue(Database.column(bundleContext, "SELECT id FROM nm_user WHERE email_key = ?", email).isEmpty());

        api.sendRaw("POST", "/api/v1/auth/signup", "", "application/json").expect(400);
        api.signupAndLogin(email, Api.PASSWORD).expect(200);
        // A taken address (in another case) is answered exactly like a new one, and nothing is created.
        Response duplicate = Api.anonymous().signup(email.toUpperCase(), Api.PASSWORD).expect(202);
        assertEquals(Api.anonymous().signup(Api.uniqueEmail(), Api.PASSWORD).expect(202).body(), duplicate.body());
        assertEquals(1, Database.column(bundleContext, "SELECT id FROM nm_user WHERE email_key = ?", email).size());
    }

    @Test
    public void passwordsAndKeysAreStoredOnlyAsHashes() {
        String email = Api.uniqueEmail();
        Api api = Api.anonymous();
        String cookie = api.signupAndLogin(email, Api.PASSWORD).expect(200).header("Set-Cookie").orElseThrow();
        String token = cookie.substring("NM_SESSION=".length(), cookie.indexOf(';'));
        String hash = Database.column(bundleContext, "SELECT password_hash FROM nm_user WHERE email_key = ?", email).get(0);
        assertTrue("not bcrypt with cost 12: " + hash, hash.matches("\\$2[aby]\\$1[2-9]\\$.{53}"));

        Response created = api.post("/api/v1/api-keys", Map.of("name", "ci", "scopes", java.util.List.of("admin"))).expect(201);
        String key = created.json().get("key").asText();
        String id = created.json().get("id").asText();
        String stored = Database.column(bundleContext, "SELECT key_hash FROM nm_api_key WHERE id = ?", id).get(0);
        assertNotEquals(key, stored);
        assertFalse(stored.contains(key.substring(12)));
        assertTrue("the session cookie itself is stored",
                Database.column(bundleContext, "SELECT id FROM nm_session WHERE id = ?", token).isEmpty());
        assertEquals(1, Database.column(bundleContext, "SELECT id FROM nm_session WHERE id = ?", sha256(token)).size());
    }

    @Test
    public void loginFailsWithOneMessageAndSucceedsWithANewSession() {
        String email = Api.uniqueEmail();
        Api first = Api.anonymous();
        String signupCookie = first.signupAndLogin(email, Api.PASSWORD).expect(200).header("Set-Cookie").orElseThrow();

        Api other = Api.anonymous();
        Response wrong = other.login(email, "Wrong-password-123").expect(401);
        Response unknown = other.login(Api.uniqueEmail(), "Wrong-password-123").expect(401);
        assertEquals("no user enumeration", wrong.json().get("detail"), unknown.json().get("detail"));

        Response ok = other.login(email.toUpperCase(), Api.PASSWORD).expect(200);
        String loginCookie = ok.header("Set-Cookie").orElseThrow();
        assertNotEquals("a login gets a new session id", signupCookie, loginCookie);
        other.get("/api/v1/auth/session").expect(200);

        List<String> auth = types(other, "auth.");
        assertTrue(auth.toString(), auth.contains("auth.login.failed"));
        assertTrue(auth.toString(), auth.contains("auth.login.succeeded"));
        JsonNode failed = firstOfType(other, "auth.login.failed");
        assertEquals("127.0.0.1", failed.get("ip").asText());
        assertTrue(failed.get("userAgent").asText().startsWith("Java-http-client"));

        other.post("/api/v1/auth/logout", null).expect(204);
        other.get("/api/v1/auth/session").expect(401);
        first.get("/api/v1/auth/session").expect(200);
        assertTrue(types(first, "auth.").contains("auth.logout"));
    }

    @Test
    public void stateChangesWithoutTheCsrfTokenAreRefusedAndChangeNothing() {
        Api api = Api.signedUp();
        String keyId = api.post("/api/v1/api-keys", Map.of("name", "kept", "scopes", java.util.List.of("admin"))).expect(201).json().get("id").asText();

        api.withoutCsrf();
        assertEquals(403, api.post("/api/v1/api-keys", Map.of("name", "forged", "scopes", java.util.List.of("admin"))).status());
        assertEquals(403, api.delete("/api/v1/api-keys/" + keyId).status());
        assertEquals(403, api.post("/api/v1/api-keys/" + keyId + "/regenerate", null).status());
        assertEquals(403, api.put("/api/v1/account/password",
                Map.of("currentPassword", Api.PASSWORD, "newPassword", "another-Secret-pass-99")).status());
        assertEquals(403, api.post("/api/v1/auth/logout", null).status());
        Response wrongToken = api.send("POST", "/api/v1/api-keys", Map.of("name", "forged", "scopes", java.util.List.of("admin")),
                Map.of("X-CSRF-Token", "not-the-token"));
        assertEquals(403, wrongToken.status());
        assertEquals("application/problem+json", wrongToken.header("Content-Type").orElse(""));

        api.withCsrf();
        JsonNode keys = api.get("/api/v1/api-keys").expect(200).json();
        assertEquals(1, keys.size());
        assertEquals("kept", keys.get(0).get("name").asText());
        assertTrue(keys.get(0).get("revokedAt").isNull());
        api.get("/api/v1/auth/session").expect(200);
    }

    @Test
    public void anApiKeyWorksUntilRevokedAndIsShownOnlyOnce() {
        Api owner = Api.signedUp();
        Response created = owner.post("/api/v1/api-keys", Map.of("name", "  billing sync  ", "scopes", java.util.List.of("admin"))).expect(201);
        String key = created.json().get("key").asText();
        String id = created.json().get("id").asText();
        String prefix = created.json().get("prefix").asText();
        assertEquals("billing sync", created.json().get("name").asText());
        assertTrue(key, key.startsWith(prefix + "_"));
        assertTrue("at least 256 bits of randomness", key.length() - prefix.length() - 1 >= 43);

        JsonNode listed = owner.get("/api/v1/api-keys").expect(200).json().get(0);
        assertTrue("the key is never listed", listed.get("key").isNull());
        assertFalse(owner.get("/api/v1/api-keys").body().contains(key));

        Api client = owner.withBearer(key);
        JsonNode seen = client.get("/api/v1/api-keys").expect(200).json().get(0);
        assertFalse("last use is recorded", seen.get("lastUsedAt").isNull());
        client.post("/api/v1/api-keys", Map.of("name", "made by a key, no CSRF token needed", "scopes", java.util.List.of("admin"))).expect(201);
        assertTrue(types(owner, "apikey.").contains("apikey.used"));

        owner.delete("/api/v1/api-keys/" + id).expect(204);
        Response refused = client.get("/api/v1/api-keys").expect(401);
        assertEquals("application/problem+json", refused.header("Content-Type").orElse(""));
        assertFalse(owner.get("/api/v1/api-keys").json().get(1).get("revokedAt").isNull());
        assertTrue(types(owner, "apikey.").containsAll(List.of("apikey.created", "apikey.revoked")));

        owner.withBearer("nm_garbage").get("/api/v1/api-keys").expect(401);
        owner.send("GET", "/api/v1/api-keys", null, Map.of("Authorization", "Basic Zm9vOmJhcg==")).expect(401);
    }

    @Test
    public void regeneratingAKeyRevokesTheOldOne() {
        Api owner = Api.signedUp();
        Response created = owner.post("/api/v1/api-keys", Map.of("name", "rotate me", "scopes", java.util.List.of("admin"))).expect(201);
        String oldKey = created.json().get("key").asText();
        String id = created.json().get("id").asText();
        Response fresh = owner.post("/api/v1/api-keys/" + id + "/regenerate", null).expect(201);
        String newKey = fresh.json().get("key").asText();
        assertNotEquals(oldKey, newKey);
        assertEquals("rotate me", fresh.json().get("name").asText());
        owner.withBearer(oldKey).get("/api/v1/api-keys").expect(401);
        owner.withBearer(newKey).get("/api/v1/api-keys").expect(200);
        owner.post("/api/v1/api-keys/" + id + "/regenerate", null).expect(409);
        assertTrue(types(owner, "apikey.").contains("apikey.regenerated"));
    }

    @Test
    public void keyNamesAreValidated() {
        Api owner = Api.signedUp();
        assertEquals(List.of("name"), fields(owner.post("/api/v1/api-keys", Map.of("name", "   ", "scopes", java.util.List.of("admin"))).expect(422)));
        assertEquals(List.of("name"), fields(owner.post("/api/v1/api-keys", Map.of("name", "n".repeat(101), "scopes", java.util.List.of("admin"))).expect(422)));
        assertEquals(List.of("name"), fields(owner.post("/api/v1/api-keys", Map.of("name", "tab\there", "scopes", java.util.List.of("admin"))).expect(422)));
        owner.post("/api/v1/api-keys", Map.of()).expect(422);
        assertEquals(0, owner.get("/api/v1/api-keys").json().size());
        String xss = "<img src=x onerror=alert(1)>";
        owner.post("/api/v1/api-keys", Map.of("name", xss, "scopes", java.util.List.of("admin"))).expect(201);
        assertEquals(xss, owner.get("/api/v1/api-keys").json().get(0).get("name").asText());
    }

    @Test
    public void changingThePasswordEndsEveryOtherSession() {
        String email = Api.uniqueEmail();
        Api here = Api.anonymous();
        here.signupAndLogin(email, Api.PASSWORD).expect(200);
        Api elsewhere = Api.anonymous();
        elsewhere.login(email, Api.PASSWORD).expect(200);

        String next = "Orchard-lantern-meadow-42";
        assertEquals(List.of("currentPassword"), fields(here.put("/api/v1/account/password",
                Map.of("currentPassword", "Not-my-password-1", "newPassword", next)).expect(422)));
        assertEquals(List.of("newPassword"), fields(here.put("/api/v1/account/password",
                Map.of("currentPassword", Api.PASSWORD, "newPassword", "short")).expect(422)));
        elsewhere.get("/api/v1/auth/session").expect(200);

        here.put("/api/v1/account/password", Map.of("currentPassword", Api.PASSWORD, "newPassword", next)).expect(204);
        here.get("/api/v1/auth/session").expect(200);
        elsewhere.get("/api/v1/auth/session").expect(401);
        Api.anonymous().login(email, Api.PASSWORD).expect(401);
        Api.anonymous().login(email, next).expect(200);
        assertTrue(types(here, "auth.").contains("auth.password.changed"));

        Api keyClient = here.createApiKeyClient("not a browser");
        keyClient.put("/api/v1/account/password", Map.of("currentPassword", next, "newPassword", Api.PASSWORD))
                .expect(403);
    }

    @Test
    public void theActivityLogIsNewestFirstPagedAndFilterable() {
        Api api = Api.signedUp();
        for (int i = 0; i < 3; i++) {
            api.post("/api/v1/api-keys", Map.of("name", "key " + i, "scopes", java.util.List.of("admin"))).expect(201);
        }
        JsonNode all = api.get("/api/v1/activity").expect(200).json();
        // account.created, auth.login.succeeded (sign-up, then log-in) and the three keys.
        assertEquals(5, all.get("total").asInt());
        List<Instant> times = new ArrayList<>();
        all.get("items").forEach(item -> times.add(Instant.parse(item.get("occurredAt").asText())));
        for (int i = 1; i < times.size(); i++) {
            assertFalse("newest first: " + times, times.get(i).isAfter(times.get(i - 1)));
        }
        assertEquals("apikey.created", all.get("items").get(0).get("type").asText());
        assertEquals("key 2", all.get("items").get(0).get("details").get("name").asText());

        JsonNode page = api.get("/api/v1/activity?size=2&page=1").expect(200).json();
        assertEquals(2, page.get("items").size());
        assertEquals(all.get("items").get(2).get("id"), page.get("items").get(0).get("id"));

        assertEquals(3, api.get("/api/v1/activity?type=apikey.created").json().get("total").asInt());
        assertEquals(1, api.get("/api/v1/activity?type=account.").json().get("total").asInt());
        JsonNode types = api.get("/api/v1/activity/types").expect(200).json();
        assertEquals("[\"account.created\",\"apikey.created\",\"auth.login.succeeded\"]", types.toString());

        assertEquals(List.of("size"), fields(api.get("/api/v1/activity?size=0").expect(422)));
        assertEquals(List.of("size"), fields(api.get("/api/v1/activity?size=abc").expect(422)));
        assertEquals(List.of("page"), fields(api.get("/api/v1/activity?page=-1").expect(422)));
        assertEquals(List.of("type"), fields(api.get("/api/v1/activity?type=%27%20OR%201%3D1").expect(422)));
    }

    @Test
    public void everyProtectedEndpointNeedsAuthentication() {
        Api nobody = Api.anonymous();
        for (String path : List.of("/api/v1/api-keys", "/api/v1/activity", "/api/v1/activity/types", "/api/v1/auth/session",
                "/api/v1/ui/navigation")) {
            Response r = nobody.get(path).expect(401);
            assertEquals(path, "application/problem+json", r.header("Content-Type").orElse(""));
        }
        nobody.post("/api/v1/api-keys", Map.of("name", "x", "scopes", java.util.List.of("admin"))).expect(401);
        nobody.send("GET", "/api/v1/api-keys", null, Map.of("Cookie", "NM_SESSION=forged-session-value-000000000000000000000"))
                .expect(401);
    }

    static String sha256(String value) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static List<String> fields(Response r) {
        List<String> out = new ArrayList<>();
        r.json().path("errors").forEach(e -> {
            if (!out.contains(e.get("field").asText())) {
                out.add(e.get("field").asText());
            }
        });
        return out;
    }

    static List<String> types(Api api, String prefix) {
        List<String> out = new ArrayList<>();
        api.get("/api/v1/activity?size=200&type=" + prefix).expect(200).json().get("items")
                .forEach(i -> out.add(i.get("type").asText()));
        return out;
    }

    static JsonNode firstOfType(Api api, String type) {
        JsonNode items = api.get("/api/v1/activity?type=" + type).expect(200).json().get("items");
        assertTrue("no " + type + " entry", items.size() > 0);
        return items.get(0);
    }

}
