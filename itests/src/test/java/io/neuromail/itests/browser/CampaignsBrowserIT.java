package io.neuromail.itests.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;

import io.neuromail.itests.support.RunningDistribution;

/**
 * Campaigns in a real browser against the running distribution, as a marketer: set the
 * organisation's name and address, write a campaign with merge tags in the editor, see the preview
 * frame fill them (from a contact, or with the fallback) and the content check answer, choose the
 * audience with its live count, schedule it in a chosen time zone and watch the page follow it until
 * it is sent, with no Content-Security-Policy violation. And: leaving the editor with changes that
 * are not saved asks first, and only then.
 */
class CampaignsBrowserIT extends BrowserTest {

    /** From scheduling to "sent": up to a minute to the chosen minute, the scheduler's 5 s, the sending. */
    private static final Duration UNTIL_SENT = Duration.ofMinutes(3);
    private static final String ZONE = "Asia/Tokyo";
    /** A domain the browser distribution lets every account send from (RunningDistribution). */
    private static final String FROM_DOMAIN = "example.com";

    @Test
    void writePreviewCheckScheduleAndWatchACampaignUntilItIsSent() {
        run("CampaignsBrowserIT-send", this::sendScenario);
    }

    @Test
    void leavingTheEditorWithUnsavedChangesAsksFirst() {
        run("CampaignsBrowserIT-leave", this::leaveScenario);
    }

    @Test
    void anABTestIsSetUpSentAndItsWinnerChosenOnTheSendTab() {
        run("CampaignsBrowserIT-abtest", this::abTestScenario);
    }

    private void abTestScenario() {
        page.signUp(baseUrl, "campaigns-ab-" + UUID.randomUUID() + "@example.com", "Nm-" + UUID.randomUUID(), "A/B browser test");
        call("PUT", "/campaigns/settings", "{\"organisationName\":\"Bakery\",\"postalAddress\":\"1 Oven Street, Breadtown\"}", 200);
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            ids.append(i == 0 ? "" : ",").append('"')
                    .append(createContact("friend" + i + "-" + UUID.randomUUID() + "@example.org", "Friend" + i)).append('"');
        }
        String listId = call("POST", "/lists", "{\"name\":\"Friends\"}", 201).get("id").asText();
        call("POST", "/lists/" + listId + "/members", "{\"contactIds\":[" + ids + "]}", 200);
        JsonNode created = call("POST", "/campaigns", "{\"name\":\"Bread test\"}", 201);
        String id = created.get("id").asText();
        call("PUT", "/campaigns/" + id, "{\"name\":\"Bread test\",\"subject\":\"Fresh bread\",\"from\":\"news@" + FROM_DOMAIN
                + "\",\"html\":\"<p>Our loaves are out.</p>\",\"textFromHtml\":true,\"audience\":{\"lists\":[\"" + listId
                + "\"]},\"version\":" + created.get("version").asInt() + "}", 200);

        // The test: a second subject, the whole audience split between the two, the winner chosen by hand.
        driver.get(baseUrl + "/#/campaigns/" + id + "?tab=send");
        page.pageReady("campaigns");
        page.click(By.id("campaign-ab-setup"));
        page.type(By.id("campaign-ab-variant-1-subject"), "Warm bread for {{ first_name }}");
        page.type(By.id("campaign-ab-share"), "100");
        page.select(By.id("campaign-ab-by"), "hand");
        page.click(By.id("campaign-ab-save"));
        page.until("the test is summed up", d -> d.findElement(By.cssSelector("[data-testid='campaign-ab-summary']")).getText()
                .startsWith("100 % of the audience, split evenly between 2 versions"));
        page.until("the send tab knows the content check's verdict", d -> !d.findElement(By.id("campaign-send-check"))
                .getAttribute("data-decision").isEmpty());
        if ("WARN".equals(driver.findElement(By.id("campaign-send-check")).getAttribute("data-decision"))) {
            page.click(By.id("campaign-acknowledge"));
        }
        page.click(By.id("campaign-send-now"));
        page.click(By.id("confirm-dialog-confirm"));
        page.visible(By.cssSelector("[data-testid='campaign-testing']"));

        // Each version's messages are counted in its row; B is chosen and the campaign ends.
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofMinutes(2));
        wait.withMessage("both versions' messages are counted").until(d -> d.findElements(By.cssSelector(
                "[data-testid='campaign-ab-row'] [data-testid='campaign-ab-sent']")).stream()
                .mapToInt(e -> e.getText().matches("\\d+") ? Integer.parseInt(e.getText()) : 0).sum() == 20);
        page.click(By.id("campaign-ab-choose-B"));
        page.click(By.id("confirm-dialog-confirm"));
        page.waitForText(By.cssSelector("[data-testid='campaign-ab-winner']"), "Version B won (chosen by hand).",
                "the winner is shown");
        assertEquals("true", driver.findElement(By.cssSelector("[data-testid='campaign-ab-row'][data-variant='B']"))
                .getAttribute("data-winner"));
        wait.withMessage("the whole audience was in the test, so the campaign is sent").until(d -> "sent".equals(badgeStatus(d)));

        page.assertNoAlert();
        page.assertCleanConsole();
    }

    private void sendScenario() {
        page.signUp(baseUrl, "campaigns-" + UUID.randomUUID() + "@example.com", "Nm-" + UUID.randomUUID(), "Campaigns browser test");

        // The campaign settings: sending waits for the organisation's name and postal address.
        page.click(By.id("nav-campaigns"));
        page.pageReady("campaigns");
        page.click(By.id("campaigns-settings-link"));
        page.visible(By.id("campaign-settings-form"));
        page.type(By.id("campaign-settings-organisation"), "Browser Test Bakery");
        page.type(By.id("campaign-settings-address"), "1 Oven Street, 1000 Breadtown");
        page.click(By.id("campaign-settings-submit"));
        page.waitForText(By.id("campaign-settings-saved"), "Settings saved.", "the settings are saved");

        // The audience: one list of two contacts, one with a first name and one without (set up through the API).
        String adaEmail = "ada-" + UUID.randomUUID() + "@example.org";
        String bobEmail = "bob-" + UUID.randomUUID() + "@example.org";
        String ada = createContact(adaEmail, "Ada");
        String bob = createContact(bobEmail, null);
        JsonNode list = call("POST", "/lists", "{\"name\":\"Bakery friends\"}", 201);
        String listId = list.get("id").asText();
        call("POST", "/lists/" + listId + "/members", "{\"contactIds\":[\"" + ada + "\",\"" + bob + "\"]}", 200);

        // A new campaign from a blank page.
        driver.get(baseUrl + "/#/campaigns");
        page.pageReady("campaigns");
        page.click(By.id("campaigns-new"));
        page.type(By.id("campaign-new-name"), "Spring bread");
        page.select(By.id("campaign-new-template"), "");
        page.click(By.id("campaign-new-submit"));
        page.waitForText(By.id("page-title"), "Spring bread", "the new campaign opens in the editor");
        page.pageReady("campaigns");
        // Marks this document: if it is still there at the end, the page followed the campaign by itself.
        driver.executeScript("window.neuromailTestMarker = 'still the same page';");

        // The envelope: subject with a merge tag from the picker, From at a pre-verified domain.
        page.type(By.id("campaign-subject"), "Fresh bread for ");
        driver.findElement(By.id("campaign-subject")).sendKeys(Keys.END);
        page.select(By.id("campaign-merge-tag"), "first_name");
        page.click(By.id("campaign-merge-insert"));
        assertEquals("Fresh bread for {{ first_name }}", driver.findElement(By.id("campaign-subject")).getAttribute("value"),
                "the merge tag is inserted where the cursor was");
        page.select(By.id("campaign-from"), "@" + FROM_DOMAIN);
        page.type(By.id("campaign-from-local"), "news");
        page.type(By.id("campaign-from-name"), "The Bakery");

        // The HTML, typed into the code editor.
        page.click(By.cssSelector("[data-testid='campaign-html-editor']"));
        WebElement editor = driver.switchTo().activeElement();
        editor.sendKeys(Keys.chord(Keys.CONTROL, "a"));
        editor.sendKeys("<p>Hello {{ first_name | default: \"friend\" }},</p><p>Our spring loaves are out.</p>"
                + "<p><a href=\"{{ unsubscribe_url }}\">Unsubscribe</a></p>");
        page.until("the changes are saved automatically", d -> "saved".equals(
                d.findElement(By.id("campaign-save-state")).getAttribute("data-state")));

        // The preview frame renders it with the fallback, and as Ada with her name.
        page.until("the preview shows the fallback of the merge tag", previewContains("Hello friend,"));
        page.waitForText(By.cssSelector("[data-testid='campaign-preview-subject']"), "Fresh bread for",
                "the preview's subject has the empty first name of the sample data");
        page.type(By.id("campaign-preview-contact-search"), "Ada");
        page.until("the contact search offers Ada", d -> new Select(d.findElement(By.id("campaign-preview-contact")))
                .getOptions().stream().anyMatch(o -> ada.equals(o.getAttribute("value"))));
        page.select(By.id("campaign-preview-contact"), ada);
        page.until("the preview as Ada shows her first name", previewContains("Hello Ada,"));
        page.waitForText(By.cssSelector("[data-testid='campaign-preview-subject']"), "Fresh bread for Ada",
                "the preview's subject as Ada");

        // The content check has an answer, and it lets the campaign go.
        String decision = page.until("the content check shows its verdict", d -> {
            String v = d.findElement(By.id("campaign-check")).getAttribute("data-decision");
            return v == null || v.isEmpty() ? null : v;
        });
        assertTrue(Set.of("PASS", "WARN").contains(decision), "the content check does not block a plain campaign: " + decision);
        assertEquals("PASS".equals(decision) ? "Ready to send" : "Check the warnings",
                driver.findElement(By.cssSelector("#campaign-check [data-testid='campaign-check-decision']")).getText(),
                "the verdict in words");

        // The audience, counted live.
        page.click(By.id("campaign-tab-button-audience"));
        page.click(By.cssSelector("[data-testid='campaign-audience-lists'][value='" + listId + "']"));
        page.visible(By.cssSelector("#campaign-audience-count[data-recipients='2']"));
        assertEquals("2 recipients", driver.findElement(By.id("campaign-audience-count")).getText());

        // Scheduled at the next whole minute (at least 10 s away) in Tokyo.
        page.click(By.id("campaign-tab-button-send"));
        page.visible(By.id("campaign-schedule-form"));
        page.until("the send tab knows the content check's verdict", d -> !d.findElement(By.id("campaign-send-check"))
                .getAttribute("data-decision").isEmpty());
        if ("WARN".equals(driver.findElement(By.id("campaign-send-check")).getAttribute("data-decision"))) {
            page.click(By.id("campaign-acknowledge"));
        }
        Instant now = Instant.now();
        Instant at = now.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        if (Duration.between(now, at).getSeconds() < 10) {
            at = at.plus(1, ChronoUnit.MINUTES);
        }
        LocalDateTime local = LocalDateTime.ofInstant(at, ZoneId.of(ZONE));
        setValue(By.id("campaign-schedule-date"), local.format(DateTimeFormatter.ISO_LOCAL_DATE));
        setValue(By.id("campaign-schedule-time"), local.format(DateTimeFormatter.ofPattern("HH:mm")));
        page.select(By.id("campaign-schedule-zone"), ZONE);
        page.click(By.id("campaign-schedule-submit"));
        String scheduled = page.waitForText(By.id("campaign-scheduled-at"), null, "the page says when the campaign is sent");
        assertTrue(scheduled.contains(local.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))) && scheduled.contains(ZONE),
                "the scheduled time in Tokyo is shown: " + scheduled);
        assertEquals("scheduled", badgeStatus(driver));

        // The page follows it by itself: scheduled, then sending, then sent with both recipients counted.
        WebDriverWait longWait = new WebDriverWait(driver, UNTIL_SENT);
        longWait.withMessage("the page shows the campaign sent").until(d -> "sent".equals(badgeStatus(d)));
        page.visible(By.id("campaign-progress"));
        page.visible(By.cssSelector("[data-testid='campaign-progress-sent'][data-value='2']"));
        assertEquals("0", driver.findElement(By.cssSelector("[data-testid='campaign-progress-failed']")).getAttribute("data-value"));
        assertEquals("Finished.", driver.findElement(By.id("campaign-progress-state")).getText());
        assertEquals("still the same page", driver.executeScript("return window.neuromailTestMarker;"),
                "the page was never reloaded: it followed the campaign itself");

        // What the two recipients got: their merge values, or the fallback.
        JsonNode toAda = outboxMessageTo(adaEmail);
        assertEquals("Fresh bread for Ada", toAda.get("subject").asText());
        assertTrue(toAda.get("html").asText().contains("Hello Ada,"), toAda.get("html").asText());
        JsonNode toBob = outboxMessageTo(bobEmail);
        assertEquals("Fresh bread for", toBob.get("subject").asText().strip());
        assertTrue(toBob.get("html").asText().contains("Hello friend,"), toBob.get("html").asText());

        // The report: the two messages sent, and no one has opened them yet.
        page.click(By.id("campaign-tab-button-report"));
        page.waitForText(By.cssSelector("#campaign-report-sent [data-testid='report-value']"), "2", "the report counts the messages sent");
        assertEquals("0.0 %", driver.findElement(By.cssSelector("#campaign-report-open-rate [data-testid='report-value']")).getText());
        assertEquals("0", driver.findElement(By.cssSelector("[data-testid='campaign-report-machine-opens']")).getText());
        assertTrue(driver.getCurrentUrl().contains("tab=report"), driver.getCurrentUrl());
        // Its chart over time, drawn by uPlot under the page's Content-Security-Policy, with the figures
        // in a table for screen readers.
        page.visible(By.cssSelector("[data-testid='campaign-report-hourly'] .uplot canvas"));
        assertTrue(driver.findElement(By.cssSelector("[data-testid='campaign-report-hourly'] table caption"))
                .getAttribute("textContent").contains("First 48 hours"));
        assertEquals("0.0 %", driver.findElement(By.cssSelector("#campaign-report-unsubscribe-rate [data-testid='report-value']"))
                .getText(), "no one unsubscribed");
        // The figures by email domain: the recipients' domain, both messages sent, none opened yet.
        String domain = adaEmail.substring(adaEmail.indexOf('@') + 1);
        driver.executeScript("document.querySelector(\"[data-testid='campaign-report-domains']\").scrollIntoView()");
        page.waitForText(By.cssSelector("[data-testid='campaign-report-domain'] th"), domain, "the domains are listed");
        List<String> domainRow = driver.findElements(By.cssSelector("[data-testid='campaign-report-domain'] td")).stream()
                .map(org.openqa.selenium.WebElement::getText).toList();
        assertEquals(List.of("2", "2", "0.0 % (0)", "0.0 % (0)", "0.0 % (0)", "0"), domainRow.subList(0, 6), domainRow.toString());
        // The report's download link gives the CSV file with the session the page has.
        Object csv = driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch(document.getElementById('campaign-report-csv').href).then((r) => r.text().then((t) => done(r.status + '\\n' + t)),"
                + " (e) => done('failed ' + e));");
        List<String> csvLines = List.of(String.valueOf(csv).split("\\R"));
        assertEquals("200", csvLines.get(0), String.valueOf(csv));
        assertTrue(csvLines.contains("sent,2"), String.valueOf(csv));

        // The start page compares it with the campaigns before it and charts the audience.
        page.click(By.id("nav-home"));
        page.visible(By.cssSelector("[data-testid='home-compare-row'] [data-testid='home-compare-sent']"));
        assertEquals("2", driver.findElement(By.cssSelector("[data-testid='home-compare-row'] [data-testid='home-compare-sent']"))
                .getText());
        assertEquals("Spring bread", driver.findElement(By.cssSelector("[data-testid='home-compare-name']")).getText());
        page.visible(By.cssSelector("[data-testid='home-growth'] .uplot canvas"));
        assertTrue(driver.findElement(By.cssSelector("[data-testid='home-growth-summary']")).getText()
                .contains("2 contacts added"), driver.findElement(By.cssSelector("[data-testid='home-growth-summary']")).getText());

        // Ada's page lists the campaign she was sent.
        driver.get(baseUrl + "/#/contacts/" + ada);
        page.visible(By.cssSelector("[data-testid='contact-campaign-row'][data-campaign-id]"));
        assertTrue(driver.findElement(By.cssSelector("[data-testid='contact-campaign-row']")).getText().contains("Spring bread"));
        assertEquals("No", driver.findElement(By.cssSelector("[data-testid='contact-campaign-opened']")).getText(),
                "she has not opened it");

        // A segment of the people the campaign went to who have not opened it: both, counted live.
        page.click(By.id("nav-segments"));
        page.pageReady("segments");
        By condition = By.cssSelector("#segment-builder [data-testid='segment-condition']");
        page.select(By.cssSelector("#segment-builder [data-testid='segment-condition-field']"), "activity");
        page.select(By.cssSelector("#segment-builder [data-testid='segment-condition-op']"), "was_sent");
        new org.openqa.selenium.support.ui.Select(page.visible(By.cssSelector("#segment-builder [data-testid='segment-condition-campaign']")))
                .selectByVisibleText("campaign \"Spring bread\"");
        page.visible(By.cssSelector("#segment-count[data-state='ready'][data-count='2']"));
        page.select(By.cssSelector("#segment-builder [data-testid='segment-condition-op']"), "opened");
        page.visible(By.cssSelector("#segment-count[data-state='ready'][data-count='0']"));
        page.select(By.cssSelector("#segment-builder [data-testid='segment-condition-op']"), "not_opened");
        page.select(By.cssSelector("#segment-builder [data-testid='segment-condition-campaign']"), "days");
        page.visible(By.cssSelector("#segment-builder [data-testid='segment-condition-days']"));
        page.visible(By.cssSelector("#segment-count[data-state='ready'][data-count='2']"));
        assertEquals(1, driver.findElements(condition).size());

        page.assertNoAlert();
        page.assertCleanConsole();
    }

    private void leaveScenario() {
        page.signUp(baseUrl, "campaigns-leave-" + UUID.randomUUID() + "@example.com", "Nm-" + UUID.randomUUID(), "Campaigns leave test");
        page.click(By.id("nav-campaigns"));
        page.pageReady("campaigns");
        page.click(By.id("campaigns-new"));
        page.type(By.id("campaign-new-name"), "Unsaved");
        page.click(By.id("campaign-new-submit"));
        page.waitForText(By.id("page-title"), "Unsaved", "the new campaign opens in the editor");
        page.pageReady("campaigns");
        String editorUrl = driver.getCurrentUrl();

        // A saved change: leaving does not ask.
        page.type(By.id("campaign-reply-to"), "replies@example.com");
        page.until("the valid Reply-To is saved", d -> "saved".equals(
                d.findElement(By.id("campaign-save-state")).getAttribute("data-state")));
        page.click(By.id("nav-activity"));
        page.pageReady("activity");
        assertTrue(driver.findElements(By.cssSelector("#confirm-dialog[open]")).isEmpty(), "leaving with everything saved does not ask");

        // A change the server refuses stays unsaved, however long one waits.
        driver.get(editorUrl);
        page.pageReady("campaigns");
        page.type(By.id("campaign-reply-to"), "not an address");
        page.until("the refused change is marked as not saved", d -> "failed".equals(
                d.findElement(By.id("campaign-save-state")).getAttribute("data-state")));

        // Leaving asks; staying keeps the page and the change.
        page.click(By.id("nav-activity"));
        String question = page.waitForText(By.id("confirm-dialog-message"), null, "leaving asks first");
        assertTrue(question.contains("not saved"), "the question says why: " + question);
        page.click(By.id("confirm-dialog-cancel"));
        page.until("staying closes the question", d -> d.findElements(By.cssSelector("#confirm-dialog[open]")).isEmpty());
        assertEquals(editorUrl, driver.getCurrentUrl(), "staying keeps the campaign's address");
        assertEquals("not an address", driver.findElement(By.id("campaign-reply-to")).getAttribute("value"),
                "staying keeps the change");

        // Leaving after all: the other page opens, and the campaign kept only what was saved.
        page.click(By.id("nav-activity"));
        page.waitForText(By.id("confirm-dialog-message"), null, "leaving asks again");
        page.click(By.id("confirm-dialog-confirm"));
        page.pageReady("activity");
        JsonNode campaign = call("GET", "/campaigns/" + editorUrl.replaceAll(".*#/campaigns/([^?]+).*", "$1"), null, 200);
        assertEquals("replies@example.com", campaign.get("replyTo").asText(), "the refused change was never stored");

        page.assertNoAlert();
        page.assertCleanConsole();
    }

    private static Function<WebDriver, Boolean> previewContains(String text) {
        return d -> {
            WebElement frame = d.findElement(By.id("campaign-preview-frame"));
            d.switchTo().frame(frame);
            try {
                List<WebElement> body = d.findElements(By.tagName("body"));
                return !body.isEmpty() && body.get(0).getText().contains(text);
            } finally {
                d.switchTo().defaultContent();
            }
        };
    }

    /**
     * The status the page's badge shows, read in one step in the page: the badge is made anew when the
     * status changes, so finding it and then reading it could meet an element already replaced.
     */
    private static String badgeStatus(WebDriver d) {
        Object status = ((org.openqa.selenium.JavascriptExecutor) d).executeScript(
                "const b = document.querySelector(\"[data-testid='campaign-status-badge']\"); return b ? b.dataset.status : null;");
        return status == null ? null : status.toString();
    }

    /** Sets a date or time input as its picker would (typing into them depends on the browser's locale). */
    private void setValue(By by, String value) {
        WebElement input = page.visible(by);
        driver.executeScript("arguments[0].value = arguments[1];"
                + "arguments[0].dispatchEvent(new Event('input', { bubbles: true }));"
                + "arguments[0].dispatchEvent(new Event('change', { bubbles: true }));", input, value);
        assertEquals(value, input.getAttribute("value"), "the input took " + value);
    }

    /** The message the outbox holds for {@code address}, opened. */
    private JsonNode outboxMessageTo(String address) {
        for (JsonNode item : call("GET", "/outbox?limit=50", null, 200).get("items")) {
            if (item.get("to").asText().contains(address)) {
                return call("GET", "/outbox/" + item.get("id").asText(), null, 200);
            }
        }
        throw new AssertionError("the outbox holds no message to " + address);
    }

    private String createContact(String email, String firstName) {
        String body = firstName == null
                ? "{\"email\":\"" + email + "\"}"
                : "{\"email\":\"" + email + "\",\"firstName\":\"" + firstName + "\"}";
        return call("POST", "/contacts", body, 201).get("id").asText();
    }

    /** Calls the API from the page, with its session and CSRF token, and checks the status. */
    private JsonNode call(String method, String path, String body, int expectedStatus) {
        return page.call(method, path, body, expectedStatus);
    }
}
