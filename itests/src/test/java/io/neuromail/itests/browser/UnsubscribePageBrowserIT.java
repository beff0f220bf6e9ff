package io.neuromail.itests.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

import com.fasterxml.jackson.databind.JsonNode;

import io.neuromail.itests.support.Api;
import io.neuromail.itests.support.Poll;
import io.neuromail.itests.support.RunningDistribution;
import io.neuromail.itests.tracking.Unsubscribing;
import io.neuromail.itests.tracking.Unsubscribing.Mailed;

/**
 * The unsubscribe page in a real browser: a recipient opens the link of a campaign, confirms, sees
 * that it is done, undoes it and is subscribed again; the page's stylesheet applies and nothing
 * breaks its Content-Security-Policy.
 */
@ExtendWith(RunningDistribution.class)
class UnsubscribePageBrowserIT {

    private static final Pattern VERIFY_LINK = Pattern.compile("https?://[^\\s\"<>]+(/verify-sender/[A-Za-z0-9._~-]+)");
    private static final String SENDER = "news@example.com";

    @Test
    void aRecipientUnsubscribesFromThePageAndUndoesIt() throws IOException {
        String base = System.getProperty(RunningDistribution.BASE_URL).replaceAll("/+$", "");
        Api api = Api.at(base);
        api.signupAndLogin(Api.uniqueEmail(), Api.PASSWORD).expect(200);
        verifySender(api, base);
        Mailed mail = Unsubscribing.mailTo(api, "ann-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org");
        // The shipped public address names the default port; this server listens on the test's.
        String url = base + mail.htmlUrl().substring(mail.htmlUrl().indexOf("/unsubscribe/"));

        try (BrowserPage page = BrowserPage.open()) {
            try {
                page.driver().get(url);
                page.visible(By.cssSelector("#unsubscribe-page[data-state='confirm']"));
                assertEquals("Example News <news@example.com>", page.visible(By.id("unsubscribe-from")).getText());
                assertEquals(mail.email().substring(0, 2) + "***@example.org",
                        page.visible(By.id("unsubscribe-recipient")).getText());
                assertEquals("rgba(79, 70, 229, 1)", page.visible(By.id("unsubscribe-confirm"))
                        .getCssValue("background-color"), "the page's stylesheet applies");
                assertEquals("subscribed", Unsubscribing.status(api, mail), "opening the page changes nothing");

                page.click(By.id("unsubscribe-confirm"));
                page.visible(By.cssSelector("#unsubscribe-page[data-state='done']"));
                assertEquals("unsubscribed", Unsubscribing.status(api, mail));

                page.click(By.id("unsubscribe-undo"));
                page.visible(By.cssSelector("#unsubscribe-page[data-state='resubscribed']"));
                assertEquals("subscribed", Unsubscribing.status(api, mail));
                page.assertNoAlert();
                page.assertCleanConsole();
            } catch (AssertionError | RuntimeException e) {
                throw page.evidence("unsubscribe-page", e);
            }
        }
    }

    /** Verifies {@link #SENDER} for the account as its owner would: the link of the verification mail. */
    private static void verifySender(Api api, String base) throws IOException {
        String id = api.post("/api/v1/sender-identities", Map.of("type", "address", "value", SENDER)).expect(201).json()
                .get("id").asText();
        String link = Poll.until("the verification mail is in the outbox", Duration.ofSeconds(60), () -> {
            for (JsonNode item : api.get("/api/v1/outbox?limit=50").expect(200).json().get("items")) {
                if (SENDER.equals(item.get("to").asText())) {
                    Matcher m = VERIFY_LINK.matcher(api.get("/api/v1/outbox/" + item.get("id").asText()).expect(200)
                            .json().get("text").asText());
                    if (m.find()) {
                        return m.group(1);
                    }
                }
            }
            return null;
        }, java.util.Objects::nonNull);
        try {
            HttpResponse<String> confirmed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + link))
                    .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, confirmed.statusCode(), confirmed.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        assertEquals("verified", api.get("/api/v1/sender-identities/" + id).expect(200).json().get("status").asText());
    }
}
