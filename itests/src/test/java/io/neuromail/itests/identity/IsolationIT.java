package io.neuromail.itests.identity;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BiFunction;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.framework.ServiceReference;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime;
import org.osgi.service.jaxrs.runtime.dto.ApplicationDTO;
import org.osgi.service.jaxrs.runtime.dto.ResourceDTO;
import org.osgi.service.jaxrs.runtime.dto.ResourceMethodInfoDTO;

import com.fasterxml.jackson.databind.JsonNode;

import io.neuromail.itests.support.Api;
import io.neuromail.itests.support.Database;
import io.neuromail.itests.support.Mailbox;
import io.neuromail.itests.support.NeuroMailTestSupport;
import io.neuromail.itests.support.Response;

/**
 * No account can see or touch another account's data: every endpoint that takes an id answers
 * another account's object exactly like a missing one.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class IsolationIT extends NeuroMailTestSupport {

    /**
     * How to reach one id-taking endpoint: create an object of its kind in an account (answering its
     * id), and the body and headers a well-formed request carries (so that the answer is about the id,
     * not about a missing body).
     */
    private record Case(BiFunction<Api, String, String> create, Object body, Map<String, String> headers,
                        boolean sessionOnly) {
        Case(BiFunction<Api, String, String> create) {
            this(create, null, Map.of());
        }

        Case(BiFunction<Api, String, String> create, Object body, Map<String, String> headers) {
            this(create, body, headers, false);
        }

        /** An endpoint of a person's own things (their sessions): an API key has none, and is refused (403) alike. */
        static Case sessionOnly(BiFunction<Api, String, String> create) {
            return new Case(create, null, Map.of(), true);
        }
    }

    /**
     * Every id-taking endpoint. A new endpoint with an id must be added here, or
     * {@link #everyIdTakingEndpointIsCovered()} fails. Other ids in a path get random values.
     */
    private static final Map<String, Case> ENDPOINTS = new LinkedHashMap<>();

    static {
        BiFunction<Api, String, String> apiKey = (api, name) ->
                api.post("/api/v1/api-keys", Map.of("name", name, "scopes", java.util.List.of("admin"))).expect(201).json().get("id").asText();
        ENDPOINTS.put("DELETE /api-keys/{id}", new Case(apiKey));
        ENDPOINTS.put("POST /api-keys/{id}/regenerate", new Case(apiKey));
        // The public id of the signed-in user's own session (SessionsIT: another user's is 404 within an account too).
        ENDPOINTS.put("DELETE /auth/sessions/{id}", Case.sessionOnly((api, name) -> {
            for (JsonNode s : api.get("/api/v1/auth/sessions").expect(200).json()) {
                if (s.get("current").asBoolean()) {
                    return s.get("id").asText();
                }
            }
            throw new AssertionError("no current session listed");
        }));

        BiFunction<Api, String, String> invitation = (api, name) -> api.post("/api/v1/account/members/invitations",
                Map.of("email", Api.uniqueEmail(), "role", "viewer")).expect(201).json().get("id").asText();
        ENDPOINTS.put("DELETE /account/members/invitations/{id}", new Case(invitation));
        BiFunction<Api, String, String> member = (api, name) -> {
            String email = Api.uniqueEmail();
            api.post("/api/v1/account/members/invitations", Map.of("email", email, "role", "viewer")).expect(201);
            String token = Mailbox.token(Mailbox.text(api, Mailbox.mailTo(api, email, "You are invited to join")));
            return Api.anonymous().post("/api/v1/auth/join", Map.of("token", token, "password", Api.PASSWORD)).expect(201)
                    .json().get("user").get("id").asText();
        };
        ENDPOINTS.put("PUT /account/members/{userId}", new Case(member, Map.of("role", "editor"), Map.of()));
        ENDPOINTS.put("DELETE /account/members/{userId}", new Case(member));

        BiFunction<Api, String, String> contact = (api, name) -> api.post("/api/v1/contacts",
                Map.of("email", Api.uniqueEmail(), "firstName", name)).expect(201).json().get("id").asText();
        ENDPOINTS.put("GET /contacts/{id}", new Case(contact));
        ENDPOINTS.put("PATCH /contacts/{id}", new Case(contact, Map.of("firstName", "changed"), Map.of()));
        ENDPOINTS.put("DELETE /contacts/{id}", new Case(contact));
        ENDPOINTS.put("POST /contacts/{id}/erase", new Case(contact));
        ENDPOINTS.put("GET /contacts/{id}/export", new Case(contact));

        BiFunction<Api, String, String> upload = (api, name) -> api.sendRaw("POST", "/api/v1/contacts/imports",
                "email\n" + Api.uniqueEmail() + "\n", "text/csv").expect(201).json().get("id").asText();
        ENDPOINTS.put("GET /contacts/imports/{id}", new Case(upload));
        ENDPOINTS.put("POST /contacts/imports/{id}/start", new Case(upload, Map.of("mode", "add"), Map.of()));
        ENDPOINTS.put("POST /contacts/imports/{id}/cancel", new Case(upload));
        ENDPOINTS.put("GET /contacts/imports/{id}/rejections", new Case(upload));
        ENDPOINTS.put("GET /contacts/imports/{id}/rejections.csv", new Case(upload, null,
                Map.of("Accept", "text/csv, application/problem+json")));

        BiFunction<Api, String, String> list = (api, name) ->
                api.post("/api/v1/lists", Map.of("name", name)).expect(201).json().get("id").asText();
        Map<String, Object> members = Map.of("contactIds", List.of(UUID.randomUUID().toString()));
        ENDPOINTS.put("GET /lists/{id}", new Case(list));
        ENDPOINTS.put("PATCH /lists/{id}", new Case(list, Map.of("name", "renamed"), Map.of()));
        ENDPOINTS.put("DELETE /lists/{id}", new Case(list));
        ENDPOINTS.put("POST /lists/{id}/members", new Case(list, members, Map.of()));
        ENDPOINTS.put("POST /lists/{id}/members/remove", new Case(list, members, Map.of()));
        ENDPOINTS.put("DELETE /lists/{id}/members/{contactId}", new Case(list));

        Map<String, Object> filter = Map.of("field", "status", "op", "is", "value", "subscribed");
        BiFunction<Api, String, String> segment = (api, name) -> api.post("/api/v1/segments",
                Map.of("name", name, "filter", filter)).expect(201).json().get("id").asText();
        ENDPOINTS.put("GET /segments/{id}", new Case(segment));
        ENDPOINTS.put("GET /segments/{id}/count", new Case(segment));
        ENDPOINTS.put("PUT /segments/{id}", new Case(segment, Map.of("name", "renamed", "filter", filter), Map.of()));
        ENDPOINTS.put("DELETE /segments/{id}", new Case(segment));

        ENDPOINTS.put("DELETE /suppressions/{id}", new Case((api, name) -> api.post("/api/v1/suppressions",
                Map.of("email", Api.uniqueEmail())).expect(201).json().get("id").asText()));

        // Delivery: a transactional message (a ledger row), a send, and a message kept by the outbox sender.
        BiFunction<Api, String, String> message = (api, name) -> api.post("/api/v1/messages", Map.of(
                "from", "shop@example.com", "to", "isolation@example.org", "subject", name, "text", name))
                .expect(202).json().get("id").asText();
        BiFunction<Api, String, String> send = (api, name) -> api.post("/api/v1/sends", Map.of(
                "from", "news@example.com", "subject", name, "text", name,
                "recipients", java.util.List.of(Map.of("email", "isolation@example.org")))).expect(201)
                .json().get("id").asText();
        BiFunction<Api, String, String> outboxFile = (api, name) -> {
            String id = message.apply(api, name);
            return io.neuromail.itests.support.Poll.until("the message is sent", java.time.Duration.ofSeconds(60),
                    () -> api.get("/api/v1/messages/" + id).expect(200).json(),
                    m -> "sent".equals(m.get("state").asText())).get("providerId").asText();
        };
        ENDPOINTS.put("GET /messages/{id}", new Case(message));
        ENDPOINTS.put("GET /sends/{id}", new Case(send));
        ENDPOINTS.put("GET /sends/{id}/recipients", new Case(send));
        ENDPOINTS.put("POST /sends/{id}/pause", new Case(send));
        ENDPOINTS.put("POST /sends/{id}/resume", new Case(send));
        ENDPOINTS.put("POST /sends/{id}/cancel", new Case(send));
        ENDPOINTS.put("POST /sends/{id}/resend-failed", new Case(send));
        ENDPOINTS.put("POST /sends/{id}/resend-uncertain", new Case(send));
        ENDPOINTS.put("GET /outbox/{id}", new Case(outboxFile));
        ENDPOINTS.put("GET /outbox/{id}/source", new Case(outboxFile));

        // Sender identities: a domain (an address would mail a verification link).
        BiFunction<Api, String, String> senderIdentity = (api, name) -> api.post("/api/v1/sender-identities", Map.of(
                "type", "domain", "value", "d" + UUID.randomUUID().toString().substring(0, 12) + ".isolation.test"))
                .expect(201).json().get("id").asText();
        ENDPOINTS.put("GET /sender-identities/{id}", new Case(senderIdentity));
        ENDPOINTS.put("DELETE /sender-identities/{id}", new Case(senderIdentity));
        ENDPOINTS.put("POST /sender-identities/{id}/check", new Case(senderIdentity));
        ENDPOINTS.put("POST /sender-identities/{id}/resend", new Case(senderIdentity));

        // Campaigns and the account's own templates.
        BiFunction<Api, String, String> campaign = (api, name) -> api.post("/api/v1/campaigns", Map.of("name", name))
                .expect(201).json().get("id").asText();
        ENDPOINTS.put("GET /campaigns/{id}", new Case(campaign));
        ENDPOINTS.put("PUT /campaigns/{id}", new Case(campaign, Map.of("name", "changed", "version", 1), Map.of()));
        ENDPOINTS.put("DELETE /campaigns/{id}", new Case(campaign));
        ENDPOINTS.put("POST /campaigns/{id}/duplicate", new Case(campaign));
        ENDPOINTS.put("POST /campaigns/{id}/preview", new Case(campaign, Map.of(), Map.of()));
        ENDPOINTS.put("GET /campaigns/{id}/preview.html", new Case(campaign, null,
                Map.of("Accept", "text/html, application/problem+json")));
        ENDPOINTS.put("POST /campaigns/{id}/check", new Case(campaign));
        ENDPOINTS.put("GET /campaigns/{id}/report", new Case(campaign));
        ENDPOINTS.put("GET /campaigns/{id}/report/domains", new Case(campaign));
        ENDPOINTS.put("GET /campaigns/{id}/report.csv", new Case(campaign, null,
                Map.of("Accept", "text/csv, application/problem+json")));
        ENDPOINTS.put("GET /campaigns/{id}/recipients.csv", new Case(campaign, null,
                Map.of("Accept", "text/csv, application/problem+json")));
        ENDPOINTS.put("POST /campaigns/{id}/test", new Case(campaign, Map.of("emails", List.of("t@example.org")), Map.of()));
        ENDPOINTS.put("POST /campaigns/{id}/schedule", new Case(campaign,
                Map.of("at", "2031-01-01T09:00", "timeZone", "Europe/Berlin"), Map.of()));
        for (String action : List.of("send", "unschedule", "pause", "resume", "cancel", "resend-failed", "resend-uncertain")) {
            ENDPOINTS.put("POST /campaigns/{id}/" + action, new Case(campaign, Map.of(), Map.of()));
        }
        Map<String, Object> abTest = Map.of("variants", List.of(Map.of(), Map.of("subject", "Another subject")));
        ENDPOINTS.put("GET /campaigns/{id}/ab-test", new Case(campaign));
        ENDPOINTS.put("PUT /campaigns/{id}/ab-test", new Case(campaign, abTest, Map.of()));
        ENDPOINTS.put("DELETE /campaigns/{id}/ab-test", new Case(campaign));
        ENDPOINTS.put("POST /campaigns/{id}/ab-test/winner", new Case(campaign, Map.of("variant", "A"), Map.of()));
        ENDPOINTS.put("DELETE /campaigns/templates/{id}", new Case((api, name) -> api.post("/api/v1/campaigns/templates",
                Map.of("name", name, "campaignId", campaign.apply(api, name))).expect(201).json().get("id").asText()));
    }

    @Test
    public void anotherAccountsObjectIsAnsweredLikeAMissingOne() {
        Api alice = Api.signedUp();
        Api bob = Api.signedUp();
        for (Map.Entry<String, Case> endpoint : ENDPOINTS.entrySet()) {
            // A key per endpoint: the run's per-key rate limit (RateLimitIT) is small.
            Api bobsKey = bob.createApiKeyClient("bob's integration " + endpoint.getKey());
            String method = endpoint.getKey().substring(0, endpoint.getKey().indexOf(' '));
            String template = "/api/v1" + endpoint.getKey().substring(endpoint.getKey().indexOf(' ') + 1);
            Case c = endpoint.getValue();
            String aliceId = c.create().apply(alice, "alice " + method + " " + UUID.randomUUID());

            for (Api intruder : new Api[] {bob, bobsKey}) {
                int expected = c.sessionOnly() && intruder == bobsKey ? 403 : 404;
                Response foreign = intruder.send(method, otherIds(template.replace("{id}", aliceId).replace("{userId}", aliceId)),
                        c.body(), c.headers()).expect(expected);
                Response missing = intruder.send(method, otherIds(template.replace("{id}", UUID.randomUUID().toString())),
                        c.body(), c.headers()).expect(expected);
                assertEquals(endpoint.getKey(), missing.json(), foreign.json());
            }
        }
        assertEquals("alice's keys are untouched", 2, alice.get("/api/v1/api-keys").json().size());
        alice.get("/api/v1/api-keys").json().forEach(k -> assertTrue(k.get("revokedAt").isNull()));
        assertEquals("alice's contacts are untouched", 5, alice.get("/api/v1/contacts").json().get("total").asInt());
        alice.get("/api/v1/contacts/imports").json().forEach(i -> assertEquals("uploaded", i.get("state").asText()));
        assertEquals("alice's lists are untouched", 6, alice.get("/api/v1/lists").json().size());
        assertEquals("alice's segments are untouched", 4, alice.get("/api/v1/segments").json().size());
    }

    private static String otherIds(String path) {
        return path.replaceAll("\\{[a-zA-Z]+\\}", UUID.randomUUID().toString());
    }

    @Test
    public void listsAndLogsShowOnlyTheCallersAccount() {
        Api alice = Api.signedUp();
        String aliceKeyId = alice.post("/api/v1/api-keys", Map.of("name", "alice only", "scopes", java.util.List.of("admin"))).expect(201).json()
                .get("id").asText();
        Api bob = Api.signedUp();
        bob.post("/api/v1/api-keys", Map.of("name", "bob only", "scopes", java.util.List.of("admin"))).expect(201);

        String bobsKeys = bob.get("/api/v1/api-keys").expect(200).body();
        assertFalse(bobsKeys.contains(aliceKeyId));
        assertFalse(bobsKeys.contains("alice only"));
        String bobsLog = bob.get("/api/v1/activity?size=200").expect(200).body();
        assertFalse(bobsLog.contains(aliceKeyId));
        // Each: account.created, auth.login.succeeded (sign-up, then log-in), apikey.created; and Bob's
        // look at his keys, apikey.listed, in his log only.
        assertEquals(4, bob.get("/api/v1/activity").json().get("total").asInt());
        assertEquals(3, alice.get("/api/v1/activity").json().get("total").asInt());
    }

    /**
     * On PostgreSQL the database keeps accounts apart as well: a query with no account condition at
     * all, run as the role NeuroMail's account work acts as, sees only the account its transaction
     * names, and nothing when it names none. Every table with an account column is checked.
     */
    @Test
    public void onPostgresqlTheDatabaseItselfShowsAnAccountOnlyItsOwnRows() {
        assumeTrue("row-level security is PostgreSQL's", "PostgreSQL".equals(Database.product(bundleContext)));
        Api alice = Api.signedUp();
        Api bob = Api.signedUp();
        for (Api api : new Api[] {alice, bob}) {
            api.post("/api/v1/contacts", Map.of("email", Api.uniqueEmail())).expect(201);
            api.post("/api/v1/lists", Map.of("name", "Customers")).expect(201);
            api.post("/api/v1/api-keys", Map.of("name", "reporting", "scopes", List.of("read"))).expect(201);
        }
        String aliceAccount = alice.get("/api/v1/auth/session").expect(200).json().get("account").get("id").asText();
        String bobAccount = bob.get("/api/v1/auth/session").expect(200).json().get("account").get("id").asText();
        String role = "neuromail_app";

        List<String> tables = Database.column(bundleContext, "SELECT c.relname FROM pg_class c"
                + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'account_id' AND NOT a.attisdropped"
                + " WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' ORDER BY 1");
        assertTrue("NeuroMail's account tables: " + tables, tables.size() >= 30);
        int withOtherAccounts = 0;
        for (String table : tables) {
            String everyAccount = "SELECT DISTINCT account_id::text FROM " + table;
            List<String> seenByAlice = Database.columnAs(bundleContext, role, aliceAccount, everyAccount);
            assertTrue(table + " shows alice's work other accounts' rows: " + seenByAlice,
                    seenByAlice.isEmpty() || seenByAlice.equals(List.of(aliceAccount)));
            assertEquals(table + " shows rows to work that names no account", List.of(),
                    Database.columnAs(bundleContext, role, null, everyAccount));
            List<String> stored = Database.column(bundleContext, everyAccount);
            // A row may belong to no account (account_id null), e.g. a Paddle event naming no known account.
            if (stored.stream().anyMatch(a -> !aliceAccount.equals(a))) {
                withOtherAccounts++;
            }
            if (stored.contains(aliceAccount)) {
                assertEquals(table, List.of(aliceAccount), seenByAlice);
            }
        }
        assertTrue("the check saw tables holding other accounts' rows", withOtherAccounts >= 5);
        for (String table : List.of("nm_contact", "nm_list", "nm_api_key", "nm_activity")) {
            assertEquals(table, List.of(aliceAccount), Database.columnAs(bundleContext, role, aliceAccount,
                    "SELECT DISTINCT account_id FROM " + table));
            assertEquals(table, List.of(bobAccount), Database.columnAs(bundleContext, role, bobAccount,
                    "SELECT DISTINCT account_id FROM " + table));
        }
    }

    @Test
    public void everyIdTakingEndpointIsCovered() {
        TreeSet<String> served = new TreeSet<>();
        ServiceReference<JaxrsServiceRuntime> ref = bundleContext.getServiceReference(JaxrsServiceRuntime.class);
        try {
            for (ApplicationDTO app : bundleContext.getService(ref).getRuntimeDTO().applicationDTOs) {
                if (!"neuromail".equals(app.name)) {
                    continue;
                }
                for (ResourceDTO resource : app.resourceDTOs) {
                    for (ResourceMethodInfoDTO m : resource.resourceMethods) {
                        String path = m.path.startsWith("/") ? m.path : "/" + m.path;
                        if (path.contains("{")) {
                            served.add(m.method.toUpperCase(Locale.ROOT) + " " + path.replaceAll("/$", ""));
                        }
                    }
                }
            }
        } finally {
            bundleContext.ungetService(ref);
        }
        assertFalse("no id-taking endpoint found; is the API up?", served.isEmpty());
        assertEquals("id-taking endpoints without a cross-account test", new TreeSet<>(ENDPOINTS.keySet()), served);
    }
}
