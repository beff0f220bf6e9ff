package io.neuromail.itests.operate;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
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
import io.neuromail.itests.support.NeuroMailTestSupport;
import io.neuromail.itests.support.Poll;
import io.neuromail.itests.support.Response;

/**
 * {@code /metrics} on the distribution: the Prometheus text format, operator access only (this
 * machine, or the bearer token of {@code etc/io.neuromail.metrics.cfg}), counters that move with
 * what users do, and route labels that are templates, never paths with ids.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class MetricsIT extends NeuroMailTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** A UUID, as NeuroMail's ids are: none may appear in a label. */
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @Inject
    private ConfigurationAdmin configurationAdmin;

    private static Response scrape(Map<String, String> headers) {
        return Api.anonymous().send("GET", "/metrics", null, headers);
    }

    private static PrometheusText metrics() {
        Response r = scrape(Map.of()).expect(200);
        return PrometheusText.parse(r.body());
    }

    @Test
    public void thisMachineReadsEveryMetricInThePrometheusTextFormat() {
        // The pool and JVM gauges are there from the start; a request of the API puts the HTTP counter there.
        Api.anonymous().get("/api/v1/health").expect(200);
        Response r = scrape(Map.of()).expect(200);
        assertTrue(r.header("Content-Type").orElse(""), r.header("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        PrometheusText text = PrometheusText.parse(r.body());
        assertTrue("samples: " + text.samples.size(), text.samples.size() > 50);
        for (String name : List.of("jvm_memory_used_bytes", "jvm_threads_current", "jvm_gc_collection_seconds_count",
                "neuromail_http_requests_total", "neuromail_db_pool_connections", "neuromail_db_pool_max_connections",
                "neuromail_db_pool_pending_threads", "neuromail_delivery_ledger_rows")) {
            assertTrue(name + " in\n" + text.types.keySet(), text.has(name));
        }
        assertEquals("counter", text.types.get("neuromail_http_requests_total"));
        assertEquals("gauge", text.types.get("neuromail_delivery_ledger_rows"));
        assertTrue(text.sum("neuromail_http_requests_total", Map.of("route", "/api/v1/health", "method", "GET",
                "status", "200")) >= 1);
        assertTrue(text.sum("neuromail_db_pool_max_connections", Map.of()) >= 1);
        // Every ledger state is reported, also at zero.
        for (String state : List.of("queued", "handed_off", "sent", "failed", "uncertain", "cancelled")) {
            assertEquals(state, 1, text.samples.stream().filter(s -> s.name().equals("neuromail_delivery_ledger_rows")
                    && state.equals(s.labels().get("state"))).count());
        }
    }

    @Test
    public void aRequestAProxySpeaksForIsRefusedWithoutTheTokenAndServedWithIt() throws Exception {
        // No token configured: a caller behind a proxy (and so any caller not on this machine) is refused.
        assertEquals(403, scrape(Map.of("X-Forwarded-For", "203.0.113.9")).status());
        assertEquals(403, scrape(Map.of("Forwarded", "for=203.0.113.9", "Authorization", "Bearer anything")).status());
        String token = "metrics-" + java.util.UUID.randomUUID();
        setToken(token);
        try {
            Poll.until("the token is in force", WAIT, () -> scrape(Map.of("X-Forwarded-For", "203.0.113.9",
                    "Authorization", "Bearer " + token)).status() == 200);
            Response refused = scrape(Map.of("X-Forwarded-For", "203.0.113.9"));
            assertEquals(401, refused.status());
            assertEquals("Bearer realm=\"metrics\"", refused.header("WWW-Authenticate").orElse(""));
            assertEquals(401, scrape(Map.of("X-Forwarded-For", "203.0.113.9", "Authorization", "Bearer " + token + "x"))
                    .status());
            assertEquals(401, scrape(Map.of("X-Forwarded-For", "203.0.113.9", "Authorization", "Basic " + token)).status());
            PrometheusText.parse(scrape(Map.of("X-Real-IP", "203.0.113.9", "Authorization", "Bearer " + token))
                    .expect(200).body());
            // This machine is still served without the token.
            scrape(Map.of()).expect(200);
            // The token is in no service's properties (anyone in the container can read those).
            for (org.osgi.framework.ServiceReference<?> ref : bundleContext.getAllServiceReferences(null, null)) {
                for (String key : ref.getPropertyKeys()) {
                    assertFalse(key + " of " + ref, String.valueOf(ref.getProperty(key)).contains(token));
                }
            }
        } finally {
            setToken("");
        }
        Poll.until("the token is gone", WAIT, () -> scrape(Map.of("X-Forwarded-For", "203.0.113.9",
                "Authorization", "Bearer " + token)).status() == 403);
    }

    @Test
    public void countersMoveWithASendAnImportAndAContentCheck() {
        Api api = Api.signedUp();
        PrometheusText before = metrics();

        String id = api.post("/api/v1/messages", Map.of("from", "shop@example.com", "to", "metrics@example.org",
                "subject", "Your order", "text", "Thank you.")).expect(202).json().get("id").asText();
        Poll.until("the message is sent", Duration.ofSeconds(120), () -> api.get("/api/v1/messages/" + id).expect(200)
                .json(), m -> "sent".equals(m.get("state").asText()));

        String upload = api.sendRaw("POST", "/api/v1/contacts/imports?fileName=m.csv",
                "email,first_name\nm1@example.org,A\nm2@example.org,B\nm3@example.org,C\nnot-an-address,D\n",
                "text/csv; charset=utf-8").expect(201).json().get("id").asText();
        api.post("/api/v1/contacts/imports/" + upload + "/start", Map.of("mode", "upsert")).expect(200);
        JsonNode imported = Poll.until("the import ends", WAIT, () -> api.get("/api/v1/contacts/imports/" + upload)
                .expect(200).json(), j -> "finished".equals(j.get("state").asText()) || "failed".equals(j.get("state").asText()));
        assertEquals(imported.toString(), "finished", imported.get("state").asText());

        api.post("/api/v1/content/check", Map.of("subject", "Autumn at the library", "from", "news@example.org",
                "html", "<p>Join our reading circle.</p>", "text", "Join our reading circle.")).expect(200);

        PrometheusText after = metrics();
        assertTrue(after.sum("neuromail_delivery_messages_sent_total", Map.of("sender", "outbox"))
                > before.sum("neuromail_delivery_messages_sent_total", Map.of("sender", "outbox")));
        assertEquals(3, after.sum("neuromail_contacts_import_rows_total", Map.of("outcome", "created"))
                - before.sum("neuromail_contacts_import_rows_total", Map.of("outcome", "created")), 0);
        assertEquals(1, after.sum("neuromail_contacts_import_rows_total", Map.of("outcome", "rejected"))
                - before.sum("neuromail_contacts_import_rows_total", Map.of("outcome", "rejected")), 0);
        assertEquals(1, after.sum("neuromail_contacts_imports_total", Map.of("state", "finished"))
                - before.sum("neuromail_contacts_imports_total", Map.of("state", "finished")), 0);
        for (String filter : List.of("spam", "links", "phishing")) {
            assertTrue(filter, after.sum("neuromail_filter_duration_seconds_count", Map.of("filter", filter))
                    > before.sum("neuromail_filter_duration_seconds_count", Map.of("filter", filter)));
        }
        assertTrue(after.sum("neuromail_http_requests_total", Map.of("route", "/api/v1/messages", "method", "POST",
                "status", "202")) >= 1);
        // The ledger gauge is counted at most every 15 s: it shows the sent row within that.
        Poll.until("the ledger gauge counts sent rows", WAIT,
                () -> metrics().sum("neuromail_delivery_ledger_rows", Map.of("state", "sent")) >= 1);
    }

    @Test
    public void routeLabelsAreTemplatesNeverPathsWithIds() {
        Api api = Api.signedUp();
        String id = api.post("/api/v1/messages", Map.of("from", "shop@example.com", "to", "route@example.org",
                "subject", "Route", "text", "Hello")).expect(202).json().get("id").asText();
        api.get("/api/v1/messages/" + id).expect(200);
        String missing = java.util.UUID.randomUUID().toString();
        api.get("/api/v1/contacts/" + missing).expect(404);
        Api.anonymous().get("/api/v1/messages/" + missing).expect(401);
        Api.anonymous().get("/api/v1/no-such-thing/" + missing).expect(404);
        // Pages outside the REST API: labelled by their servlet's mapping, never the token in the path.
        Api.anonymous().send("GET", "/unsubscribe/" + "A".repeat(60), null, Map.of("Accept", "text/html"));
        Api.anonymous().send("GET", "/verify-sender/" + "B".repeat(43), null, Map.of("Accept", "text/html")).expect(404);
        Api.anonymous().send("GET", "/", null, Map.of("Accept", "text/html")).expect(200);

        PrometheusText text = metrics();
        String pages = text.samples.stream().filter(s -> s.name().startsWith("neuromail_http_page_requests"))
                .map(Object::toString).toList().toString();
        assertTrue("a page's route is its servlet mapping: " + pages, text.sum("neuromail_http_page_requests_total",
                Map.of("route", "/verify-sender/*", "status", "404")) >= 1);
        assertTrue(pages, text.sum("neuromail_http_page_requests_total", Map.of("route", "/unsubscribe/*")) >= 1);
        assertTrue(pages, text.sum("neuromail_http_page_requests_total", Map.of("method", "GET", "status", "200")) >= 1);
        assertTrue(text.sum("neuromail_http_requests_total", Map.of("route", "/api/v1/messages/{id}", "status", "200")) >= 1);
        assertTrue(text.sum("neuromail_http_requests_total", Map.of("route", "/api/v1/contacts/{id}", "status", "404")) >= 1);
        assertTrue(text.sum("neuromail_http_requests_total", Map.of("route", "/api/v1/messages/{id}", "status", "401")) >= 1);
        assertTrue(text.sum("neuromail_http_requests_total", Map.of("route", "unmatched", "status", "404")) >= 1);
        for (PrometheusText.Sample s : text.samples) {
            for (String value : s.labels().values()) {
                assertFalse(s.toString(), ID.matcher(value).find());
                assertFalse(s.toString(), value.contains("AAAAAAAA") || value.contains("BBBBBBBB"));
            }
            if (s.name().startsWith("neuromail_http_page_request")) {
                assertFalse("the REST API is counted once, by its own filter: " + s,
                        s.labels().getOrDefault("route", "").startsWith("/api/"));
            }
        }
    }

    private void setToken(String token) throws Exception {
        Configuration config = configurationAdmin.getConfiguration("io.neuromail.metrics", "?");
        Dictionary<String, Object> properties = config.getProperties() == null ? new Hashtable<>() : config.getProperties();
        properties.put("token", token);
        config.update(properties);
    }
}
