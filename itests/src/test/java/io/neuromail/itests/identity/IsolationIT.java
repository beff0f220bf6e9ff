package io.neuromail.itests.identity;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.LinkedHashMap;
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

import io.neuromail.itests.support.Api;
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
     * Every id-taking endpoint, with how to create an object of that kind in an account (answering its
     * id). A new endpoint with an id must be added here, or {@link #everyIdTakingEndpointIsCovered()} fails.
     */
    private static final Map<String, BiFunction<Api, String, String>> ENDPOINTS = new LinkedHashMap<>();

    static {
        BiFunction<Api, String, String> apiKey = (api, name) ->
                api.post("/api/v1/api-keys", Map.of("name", name)).expect(201).json().get("id").asText();
        ENDPOINTS.put("DELETE /api-keys/{id}", apiKey);
        ENDPOINTS.put("POST /api-keys/{id}/regenerate", apiKey);
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
        ENDPOINTS.put("GET /messages/{id}", message);
        ENDPOINTS.put("GET /sends/{id}", send);
        ENDPOINTS.put("GET /sends/{id}/recipients", send);
        ENDPOINTS.put("POST /sends/{id}/pause", send);
        ENDPOINTS.put("POST /sends/{id}/resume", send);
        ENDPOINTS.put("POST /sends/{id}/cancel", send);
        ENDPOINTS.put("POST /sends/{id}/resend-failed", send);
        ENDPOINTS.put("POST /sends/{id}/resend-uncertain", send);
        ENDPOINTS.put("GET /outbox/{id}", outboxFile);
        ENDPOINTS.put("GET /outbox/{id}/source", outboxFile);
    }

    @Test
    public void anotherAccountsObjectIsAnsweredLikeAMissingOne() {
        Api alice = Api.signedUp();
        Api bob = Api.signedUp();
        Api bobsKey = bob.createApiKeyClient("bob's integration");
        for (Map.Entry<String, BiFunction<Api, String, String>> endpoint : ENDPOINTS.entrySet()) {
            String method = endpoint.getKey().substring(0, endpoint.getKey().indexOf(' '));
            String template = "/api/v1" + endpoint.getKey().substring(endpoint.getKey().indexOf(' ') + 1);
            String aliceId = endpoint.getValue().apply(alice, "alice " + method);

            for (Api intruder : new Api[] {bob, bobsKey}) {
                Response foreign = intruder.send(method, template.replace("{id}", aliceId), null, Map.of()).expect(404);
                Response missing = intruder.send(method, template.replace("{id}", UUID.randomUUID().toString()), null,
                        Map.of()).expect(404);
                assertEquals(endpoint.getKey(), missing.json(), foreign.json());
            }
        }
        assertEquals("alice's keys are untouched", 2, alice.get("/api/v1/api-keys").json().size());
        alice.get("/api/v1/api-keys").json().forEach(k -> assertTrue(k.get("revokedAt").isNull()));
    }

    @Test
    public void listsAndLogsShowOnlyTheCallersAccount() {
        Api alice = Api.signedUp();
        String aliceKeyId = alice.post("/api/v1/api-keys", Map.of("name", "alice only")).expect(201).json()
                .get("id").asText();
        Api bob = Api.signedUp();
        bob.post("/api/v1/api-keys", Map.of("name", "bob only")).expect(201);

        String bobsKeys = bob.get("/api/v1/api-keys").expect(200).body();
        assertFalse(bobsKeys.contains(aliceKeyId));
        assertFalse(bobsKeys.contains("alice only"));
        String bobsLog = bob.get("/api/v1/activity?size=200").expect(200).body();
        assertFalse(bobsLog.contains(aliceKeyId));
        assertEquals(2, bob.get("/api/v1/activity").json().get("total").asInt());
        assertEquals(2, alice.get("/api/v1/activity").json().get("total").asInt());
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
