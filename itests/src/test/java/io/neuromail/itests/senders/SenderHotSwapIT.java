package io.neuromail.itests.senders;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

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
import org.osgi.framework.Bundle;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import com.fasterxml.jackson.databind.JsonNode;

import io.neuromail.itests.support.Api;
import io.neuromail.itests.support.NeuroMailTestSupport;
import io.neuromail.itests.support.Poll;

/**
 * A third party's sender ({@code bundles/examples/example-sender}, built against {@code delivery-api}
 * only) comes and goes in the running system: chosen before it exists, installed at run time,
 * uninstalled in the middle of a send and installed again. No message is lost or sent twice: while
 * the sender is gone its rows wait (the API shows them queued, waiting for it), a reinstall resumes
 * them, and with fallback on the best-ranked other sender (the outbox) takes over. What the sender
 * learns from its provider (a bounce) reaches the send and the suppression list through the
 * feedback service.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class SenderHotSwapIT extends NeuroMailTestSupport {

    private static final Duration LIVE = Duration.ofSeconds(90);
    private static final String BOUNCE_DOMAIN = "bounce.example.com";

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Test
    public void theSenderSettingRefusesAnUnregisteredSenderUnlessItIsExpectedLater() {
        Api api = Api.signedUp();
        JsonNode refused = api.put("/api/v1/delivery/settings", Map.of("sender", "not-installed-yet")).expect(422).json();
        assertTrue(refused.toString(), errors(refused).getOrDefault("sender", "").contains("is registered"));
        assertEquals("the account keeps its sender", "outbox",
                api.get("/api/v1/delivery/settings").expect(200).json().get("sender").asText());

        JsonNode accepted = api.put("/api/v1/delivery/settings", Map.of("sender", "not-installed-yet",
                "senderExpectedLater", true)).expect(200).json();
        assertEquals("not-installed-yet", accepted.get("sender").asText());
        assertFalse(accepted.get("senderAvailable").asBoolean());
        // A registered sender needs no promise.
        api.put("/api/v1/delivery/settings", Map.of("sender", "outbox")).expect(200);
    }

    @Test
    public void theExampleSenderReportsABounceThroughTheFeedbackService() throws Exception {
        Api api = Api.signedUp();
        Bundle example = SenderInstall.installTestBundle(bundleContext, "example-sender");
        try {
            SenderInstall.awaitSender(bundleContext, "example");
            api.put("/api/v1/delivery/settings", Map.of("sender", "example", "fallback", false)).expect(200);
            String id = api.post("/api/v1/messages", Map.of("from", "shop@example.com", "to", "gone@" + BOUNCE_DOMAIN,
                    "subject", "Receipt", "text", "Thanks")).expect(202).json().get("id").asText();
            JsonNode sent = Poll.until("the message is sent", LIVE, () -> api.get("/api/v1/messages/" + id)
                    .expect(200).json(), m -> "sent".equals(m.get("state").asText()));
            assertEquals("example-" + id, sent.get("providerId").asText());
            String sendId = sent.get("sendId").asText();
            Poll.until("the bounce is counted on the send", LIVE,
                    () -> api.get("/api/v1/sends/" + sendId).expect(200).json().get("bounces").asInt() == 1);
            Poll.until("the address is suppressed", LIVE, () -> api.get("/api/v1/suppressions?q=gone").expect(200)
                    .body().contains("gone@" + BOUNCE_DOMAIN));
        } finally {
            example.uninstall();
        }
        SenderInstall.awaitNoSender(bundleContext, "example");
    }

    @Test
    public void aSenderUninstalledMidSendLosesNothingAndFallbackTakesOver() throws Exception {
        Api api = Api.signedUp();
        Configuration config = configurationAdmin.getConfiguration("io.neuromail.examples.sender", null);
        Dictionary<String, Object> slow = new Hashtable<>();
        slow.put("maxPerSecond", 10.0);
        config.update(slow);
        int total = 120;
        try {
            // Chosen before it is installed, as an operator rolling it out would.
            api.put("/api/v1/delivery/settings", Map.of("sender", "example", "fallback", false,
                    "senderExpectedLater", true)).expect(200);
            String sendId = startSend(api, total);
            awaitWaiting(api, sendId);

            Bundle example = SenderInstall.installTestBundle(bundleContext, "example-sender");
            Poll.until("the example sender sends", LIVE, () -> counts(api, sendId).get("sent").asInt() >= 15);
            example.uninstall();
            int sentBefore = awaitWaiting(api, sendId).get("sent").asInt();
            assertTrue("uninstalled mid-send: " + sentBefore, sentBefore < total);

            example = SenderInstall.installTestBundle(bundleContext, "example-sender");
            Poll.until("the reinstalled sender resumes", LIVE,
                    () -> counts(api, sendId).get("sent").asInt() >= sentBefore + 15);
            example.uninstall();
            JsonNode waiting = awaitWaiting(api, sendId);
            assertTrue(waiting.toString(), waiting.get("sent").asInt() < total);

            // Fallback on: the outbox (the other sender this account may use) takes the rest.
            api.put("/api/v1/delivery/settings", Map.of("sender", "example", "fallback", true,
                    "senderExpectedLater", true)).expect(200);
            Poll.until("the send is finished", LIVE, () -> api.get("/api/v1/sends/" + sendId).expect(200).json()
                    .get("state").asText().equals("finished"));

            JsonNode counts = counts(api, sendId);
            assertEquals(counts.toString(), total, counts.get("sent").asInt());
            Map<String, String> providers = providerIds(api, sendId);
            assertEquals(total, providers.size());
            long throughExample = providers.values().stream().filter(p -> p.startsWith("example-")).count();
            assertTrue("the example sender sent some: " + throughExample, throughExample >= sentBefore + 15);
            Map<String, Integer> outbox = outboxPerRecipient(api);
            assertEquals("the outbox took exactly the rest", total - throughExample, outbox.size());
            outbox.forEach((to, n) -> {
                assertEquals(to, Integer.valueOf(1), n);
                assertFalse(to + " went through both senders", providers.get(to).startsWith("example-"));
            });
        } finally {
            config.delete();
            Bundle left = bundleContext.getBundle(java.nio.file.Path.of(io.neuromail.itests.support.Settings.required(
                    TEST_BUNDLE_PREFIX + "example-sender")).toUri().toString());
            if (left != null) {
                left.uninstall();
            }
        }
    }

    /** Waits until nothing is in flight and the rest of the send waits for its sender; answers the counts. */
    private static JsonNode awaitWaiting(Api api, String sendId) {
        JsonNode counts = Poll.until("the rest waits for the sender", LIVE, () -> counts(api, sendId),
                c -> c.get("handed_off").asInt() == 0 && c.get("queued").asInt() > 0);
        Poll.until("the wait is reported", LIVE, () -> api.get("/api/v1/sends/" + sendId
                + "/recipients?state=queued&limit=1").expect(200).json().get("items").path(0).path("lastError")
                .asText().contains("waiting for sender 'example'"));
        assertFalse(api.get("/api/v1/delivery/settings").expect(200).json().get("senderAvailable").asBoolean());
        assertEquals("running", api.get("/api/v1/sends/" + sendId).expect(200).json().get("state").asText());
        return counts;
    }

    private static String startSend(Api api, int recipients) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 0; i < recipients; i++) {
            list.add(Map.of("email", "swap" + i + "@example.org"));
        }
        return api.post("/api/v1/sends", Map.of("from", "news@example.com", "subject", "News", "text", "Hello",
                "recipients", list)).expect(201).json().get("id").asText();
    }

    private static JsonNode counts(Api api, String sendId) {
        return api.get("/api/v1/sends/" + sendId).expect(200).json().get("counts");
    }

    /** Recipient to provider id of the send's sent rows. */
    private static Map<String, String> providerIds(Api api, String sendId) {
        Map<String, String> ids = new HashMap<>();
        for (JsonNode row : api.get("/api/v1/sends/" + sendId + "/recipients?state=sent&limit=500").expect(200).json()
                .get("items")) {
            assertTrue(row.get("recipient").asText() + " has one row", ids.put(row.get("recipient").asText(),
                    row.get("providerId").asText()) == null);
        }
        return ids;
    }

    private static Map<String, Integer> outboxPerRecipient(Api api) {
        Map<String, Integer> counts = new HashMap<>();
        for (JsonNode item : api.get("/api/v1/outbox?limit=500").expect(200).json().get("items")) {
            counts.merge(item.get("to").asText(), 1, Integer::sum);
        }
        return counts;
    }

    private static Map<String, String> errors(JsonNode problem) {
        Map<String, String> errors = new HashMap<>();
        problem.path("errors").forEach(e -> errors.put(e.get("field").asText(), e.get("message").asText()));
        return errors;
    }
}
