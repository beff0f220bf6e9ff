package io.neuromail.itests.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The web UI in a real browser against the running distribution: sign up, log out, log in, create
 * an API key whose name is an XSS payload, see it listed literally and logged in the activity log,
 * revoke it, and check that the revoked key is refused by the API. Throughout, the page must not
 * break its Content-Security-Policy and no script of the payload may run.
 * <p>
 * Needs the system property {@value #BASE_URL_PROPERTY} (e.g. {@code http://127.0.0.1:8181}); it
 * does not start the server. On failure a screenshot and the browser console are saved under
 * {@code target/browser/}.
 */
class UiBrowserIT extends BrowserTest {

    static final String BASE_URL_PROPERTY = "neuromail.baseUrl";

    /** A key name that runs a script if it is ever put into the page as markup. */
    static final String XSS_NAME = "<img src=x onerror=alert(1)>";

    @Test
    void signUpLogInCreateListAndRevokeAnApiKey() throws Exception {
        run("UiBrowserIT", this::scenario);
    }

    private void scenario() throws Exception {
        String email = "ui-" + UUID.randomUUID() + "@example.com";
        String password = "Nm-" + UUID.randomUUID();

        // Sign up: lands signed in.
        page.signUp(baseUrl, email, password, "Browser test");
        assertTrue(driver.manage().getCookies().stream().noneMatch(c -> c.getName().equals("NM_SESSION") && !c.isHttpOnly()),
                "the session cookie is HttpOnly");

        // Log out, then log in again.
        page.click(By.id("logout-button"));
        page.visible(By.id("login-email"));
        page.type(By.id("login-email"), email);
        page.type(By.id("login-password"), password);
        page.click(By.id("login-submit"));
        page.waitForText(By.id("user-email"), email, "after log-in the header shows the user's email");

        // Create a key named like an XSS payload; it is shown once.
        page.click(By.id("nav-api-keys"));
        page.pageReady("api-keys");
        page.type(By.id("apikey-name"), XSS_NAME);
        page.click(By.id("apikey-scope-admin"));
        page.click(By.id("apikey-create"));
        String key = page.until("the new key is shown after creating it", d -> {
            String text = d.findElement(By.id("apikey-new-value")).getText().strip();
            return text.isEmpty() ? null : text;
        });
        assertEquals(XSS_NAME, driver.findElement(By.id("apikey-new-name")).getText(), "the new key's name, literally");
        page.click(By.id("apikey-copy"));
        page.until("pressing Copy says what happened",
                d -> !d.findElement(By.id("apikey-copy-status")).getText().isBlank());

        WebElement row = keyRow(XSS_NAME, "the key is listed under its name, as text");
        String prefix = row.findElement(By.cssSelector("[data-testid='apikey-row-prefix']")).getText().replace("…", "");
        assertTrue(key.startsWith(prefix), "the listed prefix " + prefix + " begins the key");
        assertFalse(row.getText().contains(key), "the list never shows the whole key");
        assertEquals("Active", row.findElement(By.cssSelector("[data-testid='apikey-row-status']")).getText());
        assertTrue(driver.findElements(By.cssSelector("#apikeys-table img, #apikey-new img")).isEmpty(),
                "the key name did not become an <img> element");
        assertEquals(200, apiKeysWith(key).statusCode(), "the new key works against the API");

        // The activity log shows the creation, also when filtered by its type.
        page.click(By.id("nav-activity"));
        page.pageReady("activity");
        page.until("the activity log lists apikey.created", d -> activityTypes(d).contains("apikey.created"));
        page.select(By.id("activity-type"), "apikey.created");
        page.until("filtering by apikey.created shows only that type", d -> {
            List<String> types = activityTypes(d);
            return !types.isEmpty() && types.stream().allMatch("apikey.created"::equals);
        });
        // "Check the log" says in plain words that nothing was changed.
        page.click(By.id("activity-check"));
        page.until("the check says the log is intact", d -> "true".equals(
                d.findElement(By.id("activity-check-result")).getAttribute("data-intact")));
        assertTrue(driver.findElement(By.id("activity-check-result")).getText().contains("The activity log is intact."),
                driver.findElement(By.id("activity-check-result")).getText());

        // Revoke it, after confirming.
        page.click(By.id("nav-api-keys"));
        page.pageReady("api-keys");
        keyRow(XSS_NAME, "the key is listed again").findElement(By.cssSelector("[data-testid='apikey-row-revoke']")).click();
        page.waitForText(By.id("confirm-dialog-message"), null, "the revoke confirmation names the key");
        assertTrue(driver.findElement(By.id("confirm-dialog-message")).getText().contains(XSS_NAME),
                "the confirmation names the key literally");
        page.click(By.id("confirm-dialog-confirm"));
        page.until("the key is shown as revoked",
                d -> findKeyRow(d, XSS_NAME)
                        .filter(r -> "true".equals(r.getAttribute("data-revoked")))
                        .map(r -> r.findElement(By.cssSelector("[data-testid='apikey-row-status']")).getText())
                        .filter("Revoked"::equals)
                        .isPresent());
        assertTrue(findKeyRow(driver, XSS_NAME).orElseThrow()
                .findElements(By.cssSelector("[data-testid='apikey-row-revoke']")).isEmpty(),
                "a revoked key offers no Revoke button");

        // The revoked key no longer opens the API.
        HttpResponse<String> refused = apiKeysWith(key);
        assertEquals(401, refused.statusCode(), "the revoked key is refused by the API: " + refused.body());

        // Nothing broke the Content-Security-Policy, and the payload never ran.
        page.assertNoAlert();
        page.assertCleanConsole();
    }

    private WebElement keyRow(String name, String what) {
        return page.until(what, d -> findKeyRow(d, name).orElse(null));
    }

    private static Optional<WebElement> findKeyRow(WebDriver d, String name) {
        return d.findElements(By.cssSelector("[data-testid='apikey-row']")).stream()
                .filter(r -> name.equals(r.findElement(By.cssSelector("[data-testid='apikey-row-name']")).getText()))
                .findFirst();
    }

    private static List<String> activityTypes(WebDriver d) {
        return d.findElements(By.cssSelector("[data-testid='activity-row-type']")).stream()
                .map(WebElement::getText).collect(Collectors.toList());
    }

    private HttpResponse<String> apiKeysWith(String key) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/api-keys"))
                .header("Authorization", "Bearer " + key)
                .header("Accept", "application/json")
                .timeout(Duration.ofSeconds(15))
                .GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
