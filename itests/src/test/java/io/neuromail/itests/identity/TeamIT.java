package io.neuromail.itests.identity;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

import com.fasterxml.jackson.databind.JsonNode;

import io.neuromail.itests.support.Api;
import io.neuromail.itests.support.Database;
import io.neuromail.itests.support.Mailbox;
import io.neuromail.itests.support.NeuroMailTestSupport;
import io.neuromail.itests.support.Response;
import io.neuromail.itests.support.TotpCodes;

/**
 * Team members and roles over HTTP against the running distribution: invitations by mail, joining
 * with a new or an existing login, several accounts per user, what each role may do (a sweep of every
 * state-changing endpoint), the owners' rules, removal ending sessions at once, and the owners'
 * requirement of two-factor authentication.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class TeamIT extends NeuroMailTestSupport {

    /** Endpoints about the signed-in user themselves: every role reaches them. */
    private static final Set<String> SELF = Set.of(
            "PUT /account/password", "DELETE /account/members/me", "POST /auth/2fa/disable", "POST /auth/2fa/enrolment",
            "POST /auth/2fa/enrolment/confirm", "POST /auth/2fa/recovery-codes", "POST /auth/accounts/switch",
            "POST /auth/logout", "DELETE /auth/sessions/{id}", "POST /auth/sessions/end-others");

    /** State-changing methods that change nothing (counts, checks, previews): a viewer may call them. */
    private static final Set<String> READS = Set.of(
            "POST /campaigns/audience/count", "POST /campaigns/{id}/preview", "POST /campaigns/{id}/check",
            "POST /segments/count", "POST /content/check");

    /** What owners and admins may do, and editors may not. */
    private static final Set<String> ADMIN = Set.of(
            "POST /account/members/invitations", "DELETE /account/members/invitations/{id}",
            "PUT /account/members/{userId}", "DELETE /account/members/{userId}", "PUT /account/security",
            "POST /account/verification", "POST /api-keys", "DELETE /api-keys/{id}", "POST /api-keys/{id}/regenerate",
            "PUT /campaigns/settings", "PUT /content/settings", "PUT /delivery/settings", "POST /delivery/test-connection",
            "POST /sender-identities", "DELETE /sender-identities/{id}", "POST /sender-identities/{id}/check",
            "POST /sender-identities/{id}/resend", "POST /billing/checkout");

    /** What editors may do: contacts, campaigns and sending. */
    private static final Set<String> EDITOR = Set.of(
            "POST /campaigns", "POST /campaigns/templates", "DELETE /campaigns/templates/{id}", "PUT /campaigns/{id}",
            "DELETE /campaigns/{id}", "POST /campaigns/{id}/cancel", "POST /campaigns/{id}/duplicate",
            "POST /campaigns/{id}/pause", "POST /campaigns/{id}/resend-failed", "POST /campaigns/{id}/resend-uncertain",
            "POST /campaigns/{id}/resume", "POST /campaigns/{id}/schedule", "POST /campaigns/{id}/send",
            "POST /campaigns/{id}/test", "POST /campaigns/{id}/unschedule", "PUT /campaigns/{id}/ab-test",
            "DELETE /campaigns/{id}/ab-test", "POST /campaigns/{id}/ab-test/winner",
            "POST /contacts", "POST /contacts/bulk", "POST /contacts/imports", "POST /contacts/imports/{id}/cancel",
            "POST /contacts/imports/{id}/start", "DELETE /contacts/{id}", "PATCH /contacts/{id}", "POST /contacts/{id}/erase",
            "POST /delivery/test-message", "POST /lists", "DELETE /lists/{id}", "PATCH /lists/{id}",
            "POST /lists/{id}/members", "POST /lists/{id}/members/remove", "DELETE /lists/{id}/members/{contactId}",
            "POST /messages", "POST /segments", "DELETE /segments/{id}", "PUT /segments/{id}",
            "POST /sends", "POST /sends/{id}/cancel", "POST /sends/{id}/pause", "POST /sends/{id}/resend-failed",
            "POST /sends/{id}/resend-uncertain", "POST /sends/{id}/resume",
            "POST /suppressions", "POST /suppressions/import", "DELETE /suppressions/{id}");

    /** A member who joined {@code owner}'s account by invitation with a new login, signed in. */
    private record Member(Api api, String email, String userId) {
    }

    private static String invite(Api inviter, String email, String role) {
        inviter.post("/api/v1/account/members/invitations", Map.of("email", email, "role", role)).expect(201);
        return Mailbox.token(Mailbox.text(inviter, Mailbox.mailTo(inviter, email, "You are invited to join")));
    }

    private static Member join(Api owner, String role) {
        String email = Api.uniqueEmail();
        String token = invite(owner, email, role);
        Api api = Api.anonymous();
        JsonNode session = api.post("/api/v1/auth/join", Map.of("token", token, "password", Api.PASSWORD)).expect(201).json();
        assertEquals(role, session.get("account").get("role").asText());
        return new Member(api, email, session.get("user").get("id").asText());
    }

    private static String accountOf(Api api) {
        return api.get("/api/v1/auth/session").expect(200).json().get("account").get("id").asText();
    }

    private static String role(Api api) {
        return api.get("/api/v1/auth/session").expect(200).json().get("account").get("role").asText();
    }

    private static Response newContact(Api api) {
        return api.post("/api/v1/contacts", Map.of("email", Api.uniqueEmail()));
    }

    @Test
    public void anInvitedPersonJoinsWithTheRoleTheOwnerChose() {
        Api owner = Api.signedUp();
        String email = Api.uniqueEmail();
        String token = invite(owner, email, "editor");
        JsonNode team = owner.get("/api/v1/account/members").expect(200).json();
        assertEquals("owner", team.get("yourRole").asText());
        assertEquals(1, team.get("members").size());
        assertEquals(email, team.get("invitations").get(0).get("email").asText());

        // Opening the link changes nothing; the page's button joins.
        JsonNode preview = Api.anonymous().post("/api/v1/auth/join/preview", Map.of("token", token)).expect(200).json();
        assertEquals("editor", preview.get("role").asText());
        assertFalse(preview.get("hasLogin").asBoolean());
        Api.anonymous().post("/api/v1/auth/join/preview", Map.of("token", token)).expect(200);

        Api editor = Api.anonymous();
        assertEquals(List.of("password"), IdentityIT.fields(editor.post("/api/v1/auth/join", Map.of("token", token)).expect(422)));
        JsonNode joined = editor.post("/api/v1/auth/join", Map.of("token", token, "password", Api.PASSWORD)).expect(201).json();
        assertEquals(accountOf(owner), joined.get("account").get("id").asText());
        assertEquals("editor", joined.get("account").get("role").asText());
        Api.anonymous().post("/api/v1/auth/join", Map.of("token", token, "password", Api.PASSWORD)).expect(422);

        // An editor works with contacts but not with the account's keys.
        newContact(editor).expect(201);
        int keys = owner.get("/api/v1/api-keys").expect(200).json().size();
        Response refused = editor.post("/api/v1/api-keys", Map.of("name", "mine", "scopes", List.of("admin"))).expect(403);
        assertEquals("editor", refused.json().get("role").asText());
        assertEquals(keys, owner.get("/api/v1/api-keys").expect(200).json().size());

        team = owner.get("/api/v1/account/members").expect(200).json();
        assertEquals(2, team.get("members").size());
        assertEquals(0, team.get("invitations").size());
        JsonNode activity = owner.get("/api/v1/activity?size=50").expect(200).json().get("items");
        List<String> types = new ArrayList<>();
        activity.forEach(a -> types.add(a.get("type").asText()));
        assertTrue(types.toString(), types.contains("member.invited") && types.contains("member.joined"));

        // The login works on its own afterwards, in the account it joined.
        Api again = Api.anonymous();
        again.login(email, Api.PASSWORD).expect(200);
        assertEquals("editor", role(again));
    }

    @Test
    public void aUserOfSeveralAccountsSwitchesBetweenThem() {
        Api owner = Api.signedUp();
        String accountA = accountOf(owner);
        String emailB = Api.uniqueEmail();
        Api b = Api.anonymous();
        b.signupAndLogin(emailB, Api.PASSWORD).expect(200);
        String accountB = accountOf(b);

        String token = invite(owner, emailB, "viewer");
        assertTrue(Api.anonymous().post("/api/v1/auth/join/preview", Map.of("token", token)).expect(200).json()
                .get("hasLogin").asBoolean());
        // Someone else's session, or none, cannot take the invitation of an address with a login.
        assertTrue(Api.anonymous().post("/api/v1/auth/join", Map.of("token", token, "password", Api.PASSWORD))
                .expect(409).json().get("login").asBoolean());
        Api.signedUp().post("/api/v1/auth/join", Map.of("token", token)).expect(403);
        JsonNode joined = b.post("/api/v1/auth/join", Map.of("token", token)).expect(200).json();
        assertEquals(accountA, joined.get("account").get("id").asText());
        assertEquals("viewer", joined.get("account").get("role").asText());

        JsonNode accounts = b.get("/api/v1/auth/accounts").expect(200).json();
        assertEquals(2, accounts.size());
        Map<String, String> roles = new LinkedHashMap<>();
        accounts.forEach(a -> roles.put(a.get("accountId").asText(), a.get("role").asText()));
        assertEquals(Map.of(accountA, "viewer", accountB, "owner"), roles);

        // As a viewer in A nothing changes; back in B, the owner creates there, not in A.
        newContact(b).expect(403);
        b.post("/api/v1/auth/accounts/switch", Map.of("accountId", accountB)).expect(200);
        assertEquals("owner", role(b));
        String contact = newContact(b).expect(201).json().get("id").asText();
        owner.get("/api/v1/contacts/" + contact).expect(404);

        // Accounts the user does not belong to cannot be switched to.
        b.post("/api/v1/auth/accounts/switch", Map.of("accountId", UUID.randomUUID().toString())).expect(404);
        b.post("/api/v1/auth/accounts/switch", Map.of("accountId", accountOf(Api.signedUp()))).expect(404);
        assertEquals(List.of("accountId"), IdentityIT.fields(b.post("/api/v1/auth/accounts/switch", Map.of()).expect(422)));

        // The next login starts in the account chosen last.
        b.post("/api/v1/auth/accounts/switch", Map.of("accountId", accountA)).expect(200);
        Api later = Api.anonymous();
        later.login(emailB, Api.PASSWORD).expect(200);
        assertEquals(accountA, accountOf(later));
    }

    @Test
    public void removingAMemberEndsTheirSessionsAndAChangedRoleAppliesAtOnce() {
        Api owner = Api.signedUp();
        Member leaving = join(owner, "editor");
        Member staying = join(owner, "editor");
        newContact(staying.api()).expect(201);

        owner.put("/api/v1/account/members/" + staying.userId(), Map.of("role", "viewer")).expect(200);
        newContact(staying.api()).expect(403);
        assertEquals(List.of("role"), IdentityIT.fields(owner.put("/api/v1/account/members/" + staying.userId(), Map.of("role", "boss")).expect(422)));

        owner.delete("/api/v1/account/members/" + leaving.userId()).expect(204);
        leaving.api().get("/api/v1/auth/session").expect(401);
        // The login belonged to no other account, so it is gone.
        Api.anonymous().login(leaving.email(), Api.PASSWORD).expect(401);
        owner.delete("/api/v1/account/members/" + leaving.userId()).expect(404);
        assertEquals(2, owner.get("/api/v1/account/members").expect(200).json().get("members").size());

        // Another account's member is not found from here.
        Api stranger = Api.signedUp();
        stranger.delete("/api/v1/account/members/" + staying.userId()).expect(404);
        stranger.put("/api/v1/account/members/" + staying.userId(), Map.of("role", "owner")).expect(404);
        assertEquals("viewer", role(staying.api()));
    }

    @Test
    public void onlyOwnersMakeOwnersAndAnAccountKeepsOne() {
        Api owner = Api.signedUp();
        String ownerId = owner.get("/api/v1/auth/session").expect(200).json().get("user").get("id").asText();
        Member admin = join(owner, "admin");
        Member editor = join(admin.api(), "editor");

        admin.api().post("/api/v1/account/members/invitations", Map.of("email", Api.uniqueEmail(), "role", "owner")).expect(403);
        admin.api().put("/api/v1/account/members/" + ownerId, Map.of("role", "viewer")).expect(403);
        admin.api().delete("/api/v1/account/members/" + ownerId).expect(403);
        admin.api().put("/api/v1/account/members/" + editor.userId(), Map.of("role", "owner")).expect(403);
        admin.api().put("/api/v1/account/members/" + editor.userId(), Map.of("role", "viewer")).expect(200);
        // An API key of the admin scope manages the team as an admin does.
        Api key = owner.createApiKeyClient("team", "admin");
        key.post("/api/v1/account/members/invitations", Map.of("email", Api.uniqueEmail(), "role", "owner")).expect(403);
        key.post("/api/v1/account/members/invitations", Map.of("email", Api.uniqueEmail(), "role", "viewer")).expect(201);
        owner.createApiKeyClient("reader", "read").post("/api/v1/account/members/invitations",
                Map.of("email", Api.uniqueEmail(), "role", "viewer")).expect(403);

        // The only owner can neither step down nor leave.
        owner.put("/api/v1/account/members/" + ownerId, Map.of("role", "admin")).expect(409);
        owner.delete("/api/v1/account/members/me").expect(409);
        owner.put("/api/v1/account/members/" + admin.userId(), Map.of("role", "owner")).expect(200);
        owner.delete("/api/v1/account/members/me").expect(204);
        owner.get("/api/v1/auth/session").expect(401);
        assertEquals("owner", role(admin.api()));

        assertEquals(List.of("email"), IdentityIT.fields(admin.api().post("/api/v1/account/members/invitations", Map.of("email", "not an address", "role", "editor"))
                .expect(422)));
        assertEquals(List.of("email"), IdentityIT.fields(admin.api().post("/api/v1/account/members/invitations", Map.of("email", editor.email(), "role", "editor"))
                .expect(422)));
    }

    @Test
    public void ownersCanRequireTwoFactorAuthenticationOfEveryMember() {
        Api owner = Api.signedUp();
        Member editor = join(owner, "editor");
        assertEquals(List.of("requireTwoFactor"), IdentityIT.fields(owner.put("/api/v1/account/security", Map.of("requireTwoFactor", true)).expect(422)));
        enrol(owner);
        editor.api().put("/api/v1/account/security", Map.of("requireTwoFactor", true)).expect(403);
        owner.put("/api/v1/account/security", Map.of("requireTwoFactor", true)).expect(200);

        // Until the editor sets it up, only their own security answers.
        Response refused = editor.api().get("/api/v1/contacts").expect(403);
        assertTrue(refused.json().get("twoFactorSetupDue").asBoolean());
        newContact(editor.api()).expect(403);
        assertTrue(editor.api().get("/api/v1/auth/session").expect(200).json().get("twoFactorSetupDue").asBoolean());
        enrol(editor.api());
        assertFalse(editor.api().get("/api/v1/auth/session").expect(200).json().get("twoFactorSetupDue").asBoolean());
        editor.api().get("/api/v1/contacts").expect(200);
        assertTrue(owner.get("/api/v1/account/members").expect(200).json().get("requireTwoFactor").asBoolean());
    }

    /** Sets up two-factor authentication with a code computed from the secret the enrolment shows. */
    private static void enrol(Api api) {
        String secret = api.post("/api/v1/auth/2fa/enrolment", null).expect(201).json().get("secret").asText();
        api.post("/api/v1/auth/2fa/enrolment/confirm", Map.of("code", TotpCodes.code(secret, TotpCodes.stepNow())))
                .expect(200);
    }

    @Test
    public void everyStateChangingEndpointChecksTheRoleAndChangesNothingWhenRefused() {
        Api owner = Api.signedUp();
        String account = accountOf(owner);
        Member viewer = join(owner, "viewer");
        Member editor = join(owner, "editor");
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("/contacts/{id}", newContact(owner).expect(201).json().get("id").asText());
        ids.put("/lists/{id}", owner.post("/api/v1/lists", Map.of("name", "Team list")).expect(201).json().get("id").asText());
        ids.put("/api-keys/{id}", owner.post("/api/v1/api-keys", Map.of("name", "k", "scopes", List.of("read")))
                .expect(201).json().get("id").asText());
        ids.put("/account/members/{userId}", editor.userId());

        // Every state-changing endpoint served is classified here, so a new one cannot go unchecked.
        JsonNode paths = Api.anonymous().get("/api/v1/openapi.json").expect(200).json().get("paths");
        Set<String> unclassified = new TreeSet<>();
        List<String> guarded = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> path = it.next();
            for (String method : List.of("post", "put", "patch", "delete")) {
                JsonNode op = path.getValue().path(method);
                if (op.isMissingNode() || op.path("security").isArray() && op.path("security").isEmpty()) {
                    continue;
                }
                String endpoint = method.toUpperCase() + " " + path.getKey();
                if (!SELF.contains(endpoint) && !READS.contains(endpoint) && !ADMIN.contains(endpoint)
                        && !EDITOR.contains(endpoint)) {
                    unclassified.add(endpoint);
                }
                guarded.add(endpoint);
            }
        }
        assertTrue("State-changing endpoints without an expected role: " + unclassified, unclassified.isEmpty());
        assertTrue(guarded.size() > 60);

        Map<String, String> before = fingerprint(account);
        List<String> wrong = new ArrayList<>();
        for (String endpoint : guarded) {
            if (SELF.contains(endpoint)) {
                continue;
            }
            int asViewer = call(viewer.api(), endpoint, ids);
            if (READS.contains(endpoint) == (asViewer == 403)) {
                wrong.add("viewer " + endpoint + " -> " + asViewer);
            }
            if (ADMIN.contains(endpoint)) {
                int asEditor = call(editor.api(), endpoint, ids);
                if (asEditor != 403) {
                    wrong.add("editor " + endpoint + " -> " + asEditor);
                }
            }
        }
        assertTrue("Endpoints that answered a role wrongly: " + wrong, wrong.isEmpty());
        assertEquals("a refused request changed the account's data", before, fingerprint(account));

        // What an editor may do is not refused for the role.
        for (String endpoint : List.of("POST /contacts", "POST /lists", "POST /segments", "POST /campaigns",
                "POST /suppressions")) {
            assertNotEquals(endpoint, 403, call(editor.api(), endpoint, ids));
        }
    }

    /** Calls an endpoint with this account's ids in its path and an empty body of the type it reads. */
    private static int call(Api api, String endpoint, Map<String, String> ids) {
        String method = endpoint.substring(0, endpoint.indexOf(' '));
        String path = endpoint.substring(endpoint.indexOf(' ') + 1);
        String filled = path;
        for (Map.Entry<String, String> id : ids.entrySet()) {
            if (path.startsWith(id.getKey())) {
                filled = id.getKey().substring(0, id.getKey().indexOf('{')) + id.getValue()
                        + path.substring(id.getKey().length());
            }
        }
        filled = filled.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
        boolean csv = path.equals("/contacts/imports") || path.equals("/suppressions/import");
        Response r = api.send(method, "/api/v1" + filled, csv ? "email\nsomeone@example.com\n" : method.equals("DELETE") ? null : "{}",
                Map.of("Content-Type", csv ? "text/csv" : "application/json"));
        return r.status();
    }

    /** How many rows each table with an account column holds for the account. */
    private Map<String, String> fingerprint(String account) {
        Map<String, String> counts = new LinkedHashMap<>();
        for (String table : Database.column(bundleContext, "SELECT table_name FROM information_schema.columns "
                + "WHERE LOWER(column_name) = 'account_id' AND LOWER(table_schema) = 'public' ORDER BY table_name")) {
            counts.put(table, Database.column(bundleContext, "SELECT COUNT(*) FROM " + table + " WHERE account_id = ?",
                    account).get(0));
        }
        assertTrue(counts.toString(), counts.size() > 10);
        return counts;
    }
}
