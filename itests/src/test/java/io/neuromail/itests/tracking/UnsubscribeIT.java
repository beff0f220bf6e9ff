package io.neuromail.itests.tracking;

import static io.neuromail.itests.tracking.Unsubscribing.FORM;
import static io.neuromail.itests.tracking.Unsubscribing.assertStatus;
import static io.neuromail.itests.tracking.Unsubscribing.status;
import static io.neuromail.itests.tracking.Unsubscribing.suppressions;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

import com.fasterxml.jackson.databind.JsonNode;

import io.neuromail.itests.support.Api;
import io.neuromail.itests.support.NeuroMailTestSupport;
import io.neuromail.itests.tracking.Unsubscribing.Client;
import io.neuromail.itests.tracking.Unsubscribing.Mailed;

/**
 * Unsubscribing as a recipient does it: from the link in a campaign's List-Unsubscribe header and
 * body, in a browser (page, button, undo) and as a mail provider's RFC 8058 one-click post, with
 * the outcome checked through the API as the account sees it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class UnsubscribeIT extends NeuroMailTestSupport {

    /** Each test speaks from its own client address (the container trusts 127.0.0.1 as a proxy). */
    private static final AtomicInteger CLIENTS = new AtomicInteger(10);

    private static Client client() {
        return new Client("198.51.100." + CLIENTS.incrementAndGet());
    }

    private static String recipient() {
        return "ann-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    }

    @Test
    public void theLinkInHeaderAndBodyShowsWhoSentItAndAGetChangesNothing() {
        Api api = Api.signedUp();
        Mailed mail = Unsubscribing.mailTo(api, recipient());
        assertEquals("the header and both bodies carry the same link", mail.headerUrl(), mail.textUrl());
        assertEquals(mail.headerUrl(), mail.htmlUrl());
        assertTrue(mail.headerUrl(), mail.headerUrl().startsWith("https://localhost:"));
        assertTrue(mail.headerUrl(), mail.headerUrl().contains("/unsubscribe/"));

        Client browser = client();
        HttpResponse<String> page = browser.get(mail.headerUrl());
        assertStatus(200, page);
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body(), page.body().contains("data-state=\"confirm\""));
        assertTrue(page.body(), page.body().contains("Example News &lt;news@example.com&gt;"));
        assertTrue(page.body(), page.body().contains(mail.email().substring(0, 2) + "***@example.org"));
        assertFalse(page.body(), page.body().contains(mail.email()));
        assertTrue(page.body(), page.body().contains("<form method=\"post\""));
        String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp, csp.contains("default-src 'none'") && csp.contains("style-src 'self'")
                && csp.contains("form-action 'self'") && !csp.contains("unsafe"));
        assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElse(""));
        assertEquals("no-store", page.headers().firstValue("Cache-Control").orElse(""));
        assertTrue(page.headers().firstValue("Set-Cookie").isEmpty());

        HttpResponse<String> css = browser.get(mail.headerUrl().replaceFirst("/unsubscribe/.*",
                "/unsubscribe/assets/unsubscribe.css"));
        assertStatus(200, css);
        assertTrue(css.headers().firstValue("Content-Type").orElse("").startsWith("text/css"));

        assertStatus(200, browser.head(mail.headerUrl()));
        assertStatus(200, browser.get(mail.textUrl()));
        assertEquals("a link scanner's GET and HEAD change nothing", "subscribed", status(api, mail));
        assertEquals(List.of(), suppressions(api, mail));
    }

    @Test
    public void theButtonUnsubscribesRecordsItAndTheUndoSubscribesAgain() {
        Api api = Api.signedUp();
        Mailed mail = Unsubscribing.mailTo(api, recipient());
        Client browser = client();

        assertStatus(400, browser.post(mail.htmlUrl(), FORM, ""));
        assertStatus(415, browser.post(mail.htmlUrl(), "application/json", "{\"action\":\"unsubscribe\"}"));
        assertEquals("subscribed", status(api, mail));

        HttpResponse<String> done = browser.post(mail.htmlUrl(), FORM, "action=unsubscribe");
        assertStatus(200, done);
        assertTrue(done.body(), done.body().contains("data-state=\"done\""));
        assertTrue(done.body(), done.body().contains("name=\"action\" value=\"undo\""));
        assertEquals("unsubscribed", status(api, mail));
        JsonNode history = api.get("/api/v1/contacts/" + mail.contactId()).expect(200).json().get("statusHistory");
        assertEquals("unsubscribe_link", history.get(0).get("source").asText());
        assertEquals("unsubscribed", history.get(0).get("newStatus").asText());
        assertEquals(List.of("unsubscribed/unsubscribe_link"), suppressions(api, mail));
        assertTrue("an activity entry names the contact", activityNames(api, mail, "unsubscribed"));

        // The undo needs its own form field, and a browser's post from this page.
        assertStatus(400, browser.post(mail.htmlUrl(), FORM, "List-Unsubscribe=Undo"));
        assertStatus(403, browser.post(mail.htmlUrl(), FORM, "action=undo", "Sec-Fetch-Site", "cross-site"));
        assertEquals("unsubscribed", status(api, mail));

        HttpResponse<String> undone = browser.post(mail.htmlUrl(), FORM, "action=undo", "Sec-Fetch-Site",
                "same-origin");
        assertStatus(200, undone);
        assertTrue(undone.body(), undone.body().contains("data-state=\"resubscribed\""));
        assertEquals("subscribed", status(api, mail));
        assertEquals(List.of(), suppressions(api, mail));
        assertTrue(activityNames(api, mail, "subscribed"));
        assertStatus(200, browser.post(mail.htmlUrl(), FORM, "action=undo"));
        assertEquals("subscribed", status(api, mail));
    }

    @Test
    public void oneClickAnswers200WithoutRedirectAndTwiceIsTheSame() {
        Api api = Api.signedUp();
        Mailed mail = Unsubscribing.mailTo(api, recipient());
        Client provider = client();
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> answer = provider.post(mail.headerUrl(), FORM, "List-Unsubscribe=One-Click");
            assertStatus(200, answer);
            assertTrue(answer.headers().firstValue("Location").isEmpty());
            assertEquals("unsubscribed", status(api, mail));
            assertEquals(List.of("unsubscribed/unsubscribe_link"), suppressions(api, mail));
        }
        JsonNode history = api.get("/api/v1/contacts/" + mail.contactId()).expect(200).json().get("statusHistory");
        assertEquals("one change, however often it is posted", 1, history.size());
    }

    @Test
    public void aTamperedOrTruncatedLinkIs404AndChangesNothing() {
        Api api = Api.signedUp();
        Mailed mail = Unsubscribing.mailTo(api, recipient());
        String url = mail.headerUrl();
        char last = url.charAt(url.length() - 1);
        String tampered = url.substring(0, url.length() - 1) + (last == 'A' ? 'B' : 'A');
        String base = url.substring(0, url.indexOf("/unsubscribe/") + "/unsubscribe/".length());
        String token = url.substring(base.length());
        String otherRecipient = base + token.substring(0, token.indexOf('.')) + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        Client attacker = client();
        for (String bad : List.of(tampered, url.substring(0, url.length() - 5), otherRecipient, base + "x",
                base + token + "x")) {
            HttpResponse<String> page = attacker.get(bad);
            assertStatus(404, page);
            assertTrue(page.body(), page.body().contains("data-state=\"invalid\""));
            assertStatus(404, attacker.post(bad, FORM, "List-Unsubscribe=One-Click"));
            assertStatus(404, attacker.post(bad, FORM, "action=unsubscribe"));
        }
        for (String method : List.of("PUT", "DELETE", "PATCH", "OPTIONS")) {
            HttpResponse<String> refused = attacker.method(method, url);
            assertStatus(405, refused);
            assertEquals("GET, HEAD, POST", refused.headers().firstValue("Allow").orElse(""));
        }
        assertStatus(413, attacker.post(url, FORM, "action=unsubscribe&pad=" + "x".repeat(8000)));
        assertEquals("subscribed", status(api, mail));
        assertEquals(List.of(), suppressions(api, mail));
    }

    @Test
    public void tooManyRequestsFromOneClientAreAnswered429WithRetryAfter() {
        Api api = Api.signedUp();
        Mailed mail = Unsubscribing.mailTo(api, recipient());
        Client flood = client();
        HttpResponse<String> last = null;
        // The container runs the default limit (60 a minute); the first refusal must come by then.
        for (int i = 0; i < 200; i++) {
            last = flood.get(mail.headerUrl() + (i % 2 == 0 ? "" : "x"));
            if (last.statusCode() == 429) {
                break;
            }
        }
        assertStatus(429, last);
        long retryAfter = Long.parseLong(last.headers().firstValue("Retry-After").orElse("0"));
        assertTrue("Retry-After " + retryAfter, retryAfter >= 1 && retryAfter <= 60);
        assertTrue(last.body(), last.body().contains("data-state=\"limited\""));
        assertStatus(429, flood.post(mail.headerUrl(), FORM, "List-Unsubscribe=One-Click"));
        assertEquals("a refused one-click changes nothing", "subscribed", status(api, mail));
        assertStatus(200, client().get(mail.headerUrl()));
    }

    /** Whether the activity log has the contact's status change to {@code to} from the unsubscribe link. */
    private static boolean activityNames(Api api, Mailed mail, String to) {
        JsonNode page = api.get("/api/v1/activity?type=contacts.status.changed").expect(200).json();
        for (JsonNode item : page.get("items")) {
            JsonNode details = item.get("details");
            if (mail.contactId().equals(details.path("contactId").asText()) && to.equals(details.path("to").asText())
                    && "unsubscribe_link".equals(details.path("source").asText())) {
                return true;
            }
        }
        return false;
    }
}
