package io.neuromail.tracking.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.neuromail.api.security.RateLimits;
import io.neuromail.contacts.api.ContactStatus;
import io.neuromail.contacts.api.StatusSource;
import io.neuromail.delivery.api.Unsubscribes.Target;
import io.neuromail.tracking.internal.UnsubscribeEndpoint.Answer;
import io.neuromail.tracking.internal.UnsubscribeEndpoint.Call;

class UnsubscribeEndpointTest {

    static final String TOKEN = "d-1.c2lnbmF0dXJlLW9mLWQtMQ";
    static final Target TARGET = new Target("acc-1", "send-1", "d-1", "anna.adams@example.com", "news@shop.example",
            "Shop <News> & \"Co\"");
    static final String FORM = "application/x-www-form-urlencoded";
    static final java.time.Instant NOW = java.time.Instant.parse("2026-06-01T10:15:30Z");

    final AtomicLong nanos = new AtomicLong();
    Fakes.Links links;
    Fakes.Statuses statuses;
    /** What the endpoint counted for reports: "unsubscribed d-1 at ..." and "undone d-1". */
    final List<String> counted = new java.util.ArrayList<>();
    UnsubscribeEndpoint endpoint;

    @BeforeEach
    void setUp() {
        links = new Fakes.Links().add(TOKEN, TARGET);
        statuses = new Fakes.Statuses();
        endpoint = endpoint(1000);
    }

    /**
     * A token bucket per key on the test's clock: {@code perMinute} at once, one back every
     * {@code 60 / perMinute} seconds, as the RateLimits service gives.
     */
    private RateLimits.Limiter limiter(int perMinute) {
        long nanosPerPermit = Duration.ofMinutes(1).toNanos() / perMinute;
        Map<String, long[]> buckets = new java.util.HashMap<>();
        return key -> {
            long[] b = buckets.computeIfAbsent(key, k -> new long[] {perMinute * nanosPerPermit, nanos.get()});
            b[0] = Math.min(perMinute * nanosPerPermit, b[0] + nanos.get() - b[1]);
            b[1] = nanos.get();
            if (b[0] >= nanosPerPermit) {
                b[0] -= nanosPerPermit;
                return new RateLimits.Decision(true, 0);
            }
            return new RateLimits.Decision(false, (long) Math.ceil((nanosPerPermit - b[0]) / 1e9));
        };
    }

    private UnsubscribeEndpoint endpoint(int perMinute) {
        UnsubscribeEndpoint.Counter counter = new UnsubscribeEndpoint.Counter() {
            @Override
            public void unsubscribed(Target t, java.time.Instant at) {
                counted.add("unsubscribed " + t.deliveryId() + " at " + at);
            }

            @Override
            public void undone(Target t) {
                counted.add("undone " + t.deliveryId());
            }
        };
        return new UnsubscribeEndpoint(links, statuses, counter, java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC),
                limiter(perMinute), 7,
                "body{}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void getShowsWhoSentTheMailAndToWhomAndChangesNothing() throws IOException {
        Answer page = get("/" + TOKEN);
        assertEquals(200, page.status());
        assertTrue(page.contentType().startsWith("text/html"));
        String html = page.text();
        assertTrue(html.contains("data-state=\"confirm\""), html);
        assertTrue(html.contains("Shop &lt;News&gt; &amp; &quot;Co&quot; &lt;news@shop.example&gt;"), html);
        assertTrue(html.contains("an***@example.com"), html);
        assertFalse(html.contains("anna.adams"), "the address is masked");
        assertTrue(html.contains("<form method=\"post\""), html);
        assertTrue(html.contains("name=\"action\" value=\"unsubscribe\""), html);
        assertEquals(200, call("HEAD", "/" + TOKEN, null, null, null).status());
        assertEquals(List.of(), statuses.changes, "a GET or HEAD never unsubscribes");
    }

    @Test
    void pagesRunNoScriptAndNoInlineStyle() throws IOException {
        statuses.undoAnswer = false;
        for (Answer page : List.of(get("/" + TOKEN), post(TOKEN, FORM, "action=unsubscribe"),
                post(TOKEN, FORM, "action=undo"), get("/nope.nope"))) {
            String html = page.text().toLowerCase();
            assertFalse(html.contains("<script"), html);
            assertFalse(html.contains("style="), html);
            assertFalse(html.contains("<style"), html);
            assertFalse(html.contains("http:") || html.contains("https:"), "nothing from elsewhere: " + html);
            assertTrue(html.contains("<link rel=\"stylesheet\" href=\"/unsubscribe/assets/unsubscribe.css\">"), html);
        }
        Answer css = get("/assets/unsubscribe.css");
        assertEquals(200, css.status());
        assertEquals("text/css; charset=utf-8", css.contentType());
        assertEquals(405, post("assets/unsubscribe.css", FORM, "action=unsubscribe").status());
    }

    @Test
    void theButtonUnsubscribesWithAReasonNamingTheMessageAndOffersAnUndo() throws IOException {
        Answer done = post(TOKEN, FORM, "action=unsubscribe");
        assertEquals(200, done.status());
        assertTrue(done.text().contains("data-state=\"done\""), done.text());
        assertTrue(done.text().contains("name=\"action\" value=\"undo\""), done.text());
        assertTrue(done.text().contains("for 7 days"), done.text());
        assertEquals(List.of(new Fakes.Statuses.Change("acc-1", "anna.adams@example.com", ContactStatus.UNSUBSCRIBED,
                StatusSource.UNSUBSCRIBE_LINK, "unsubscribe link of send send-1, message d-1")), statuses.changes);
        assertEquals(List.of("unsubscribed d-1 at 2026-06-01T10:15:30Z"), counted, "counted for the send's report");
    }

    @Test
    void oneClickAnswers200WithoutRedirectEveryTime() throws IOException {
        for (int i = 0; i < 2; i++) {
            Answer answer = post(TOKEN, FORM, "List-Unsubscribe=One-Click");
            assertEquals(200, answer.status());
            assertFalse(answer.headers().containsKey("Location"));
            assertEquals("text/plain; charset=utf-8", answer.contentType());
        }
        Answer multipart = post(TOKEN, "multipart/form-data; boundary=\"--b0undary\"", "----b0undary\r\n"
                + "Content-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n----b0undary--\r\n");
        assertEquals(200, multipart.status(), multipart.text());
        assertEquals(3, statuses.changes.size());
        assertTrue(statuses.changes.stream().allMatch(c -> c.status() == ContactStatus.UNSUBSCRIBED
                && c.source() == StatusSource.UNSUBSCRIBE_LINK && c.email().equals("anna.adams@example.com")));
    }

    @Test
    void invalidTamperedOrTruncatedTokensAre404AndChangeNothing() throws IOException {
        for (String path : List.of("/" + TOKEN.substring(0, TOKEN.length() - 1), "/" + TOKEN + "x", "/d-2.abc", "/", "",
                "/" + TOKEN + "/x", "/..%2f", "/" + "a".repeat(600))) {
            assertEquals(404, get(path).status(), path);
            assertEquals(404, call("POST", path, FORM, "List-Unsubscribe=One-Click", null).status(), path);
        }
        assertTrue(get("/" + TOKEN + "x").text().contains("data-state=\"invalid\""));
        assertEquals(List.of(), statuses.changes);
        assertEquals(List.of(), statuses.undos);
        assertEquals(List.of(), counted);
        assertFalse(links.asked.contains("/..%2f") || links.asked.stream().anyMatch(t -> t.contains("/")),
                "only what can be a token is looked up: " + links.asked);
    }

    @Test
    void undoNeedsItsFieldAndAPostFromThePageItself() throws IOException {
        assertEquals(400, post(TOKEN, FORM, "").status());
        assertEquals(400, post(TOKEN, FORM, "undo=1").status());
        assertEquals(403, call("POST", "/" + TOKEN, FORM, "action=undo", "cross-site").status());
        assertEquals(403, call("POST", "/" + TOKEN, FORM, "action=undo", "same-site").status());
        assertEquals(List.of(), statuses.undos);
        assertEquals(List.of(), statuses.changes);
        assertEquals(List.of(), counted);

        Answer undone = call("POST", "/" + TOKEN, FORM, "action=undo", "same-origin");
        assertEquals(200, undone.status());
        assertTrue(undone.text().contains("data-state=\"resubscribed\""), undone.text());
        assertEquals(List.of(new Fakes.Statuses.Undo("acc-1", "anna.adams@example.com",
                "unsubscribe link of send send-1, message d-1", Duration.ofDays(7))), statuses.undos);
        assertEquals(List.of("undone d-1"), counted);

        statuses.undoAnswer = false;
        Answer refused = post(TOKEN, FORM, "action=undo");
        assertEquals(409, refused.status());
        assertEquals(List.of("undone d-1"), counted, "an undo that did not happen is not counted");
        assertTrue(refused.text().contains("data-state=\"not-undone\""), refused.text());
    }

    @Test
    void bodiesAreSmallAndForms() throws IOException {
        Answer declared = endpoint.handle(new Call("POST", "/" + TOKEN, "1.2.3.4", FORM, 5000,
                failingStream(), null));
        assertEquals(413, declared.status(), "refused on the declared length, before reading");
        Answer undeclared = endpoint.handle(new Call("POST", "/" + TOKEN, "1.2.3.5", FORM, -1,
                new ByteArrayInputStream(("action=unsubscribe&x=" + "y".repeat(5000)).getBytes()), null));
        assertEquals(413, undeclared.status());
        assertEquals(415, post(TOKEN, "application/json", "{\"action\":\"unsubscribe\"}").status());
        assertEquals(415, post(TOKEN, null, "action=unsubscribe").status());
        assertEquals(400, post(TOKEN, FORM, "action=%zz").status());
        assertEquals(List.of(), statuses.changes);
    }

    @Test
    void onlyGetHeadAndPostAreAllowed() throws IOException {
        for (String method : List.of("PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "PROPFIND")) {
            Answer answer = call(method, "/" + TOKEN, FORM, "List-Unsubscribe=One-Click", null);
            assertEquals(405, answer.status(), method);
            assertEquals("GET, HEAD, POST", answer.headers().get("Allow"));
        }
        assertEquals(List.of(), statuses.changes);
    }

    @Test
    void eachClientAddressHasARateLimitCheckedBeforeTheTokenIsLookedUp() throws IOException {
        endpoint = endpoint(5);
        for (int i = 0; i < 5; i++) {
            assertEquals(200, get("/" + TOKEN).status());
        }
        int lookUps = links.asked.size();
        Answer limited = post(TOKEN, FORM, "List-Unsubscribe=One-Click");
        assertEquals(429, limited.status());
        assertEquals("12", limited.headers().get("Retry-After"), "one permit every 60 / 5 seconds");
        assertTrue(limited.text().contains("data-state=\"limited\""));
        assertEquals(lookUps, links.asked.size());
        assertEquals(List.of(), statuses.changes);
        assertEquals(200, endpoint.handle(new Call("GET", "/" + TOKEN, "10.0.0.9", null, -1, InputStream.nullInputStream(),
                null)).status(), "another client is not limited");
        assertEquals(200, get("/assets/unsubscribe.css").status(), "nor is the stylesheet");

        nanos.addAndGet(Duration.ofSeconds(12).toNanos());
        assertEquals(200, get("/" + TOKEN).status());
    }

    private Answer get(String path) throws IOException {
        return call("GET", path, null, null, null);
    }

    private Answer post(String token, String contentType, String body) throws IOException {
        return call("POST", "/" + token, contentType, body, null);
    }

    private Answer call(String method, String path, String contentType, String body, String fetchSite)
            throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        return endpoint.handle(new Call(method, path, "192.0.2.1", contentType, body == null ? -1 : bytes.length,
                new ByteArrayInputStream(bytes), fetchSite));
    }

    private static InputStream failingStream() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("the body must not be read");
            }
        };
    }
}
