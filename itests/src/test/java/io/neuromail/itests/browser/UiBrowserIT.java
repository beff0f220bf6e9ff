package io.neuromail.itests.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.neuromail.itests.support.RunningDistribution;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

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
@ExtendWith(RunningDistribution.class)
class UiBrowserIT {

    static final String BASE_URL_PROPERTY = "neuromail.baseUrl";

    /** A key name that runs a script if it is ever put into the page as markup. */
    static final String XSS_NAME = "<img src=x onerror=alert(1)>";

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path OUTPUT = Path.of("target", "browser");

    private static String baseUrl;

    private Chromium chromium;
    private ChromeDriver driver;
    private WebDriverWait wait;
    private final List<LogEntry> console = new ArrayList<>();

    @BeforeAll
    static void baseUrl() {
        String value = System.getProperty(BASE_URL_PROPERTY);
        if (value == null || value.isBlank()) {
            fail("System property " + BASE_URL_PROPERTY + " is not set: run the browser tests against a running "
                    + "NeuroMail distribution with -D" + BASE_URL_PROPERTY + "=http://127.0.0.1:8181");
        }
        baseUrl = value.strip().replaceAll("/+$", "");
    }

    @BeforeEach
    void startBrowser() throws IOException {
        chromium = Chromium.start(OUTPUT);
        driver = chromium.driver();
        wait = new WebDriverWait(driver, WAIT);
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterEach
    void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void signUpLogInCreateListAndRevokeAnApiKey() throws Exception {
        try {
            scenario();
        } catch (Throwable failure) {
            throw evidence(failure);
        }
    }

    private void scenario() throws Exception {
        String email = "ui-" + UUID.randomUUID() + "@example.com";
        String password = "Nm-" + UUID.randomUUID();

        // Sign up: lands signed in.
        driver.get(baseUrl + "/#/signup");
        type(By.id("signup-email"), email);
        type(By.id("signup-password"), password);
        type(By.id("signup-account-name"), "Browser test");
        click(By.id("signup-submit"));
        waitForText(By.id("user-email"), email, "after sign-up the header shows the new user's email");
        assertTrue(driver.manage().getCookies().stream().noneMatch(c -> c.getName().equals("NM_SESSION") && !c.isHttpOnly()),
                "the session cookie is HttpOnly");

        // Log out, then log in again.
        click(By.id("logout-button"));
        visible(By.id("login-email"));
        type(By.id("login-email"), email);
        type(By.id("login-password"), password);
        click(By.id("login-submit"));
        waitForText(By.id("user-email"), email, "after log-in the header shows the user's email");

        // Create a key named like an XSS payload; it is shown once.
        click(By.id("nav-api-keys"));
        pageReady("api-keys");
        type(By.id("apikey-name"), XSS_NAME);
        click(By.id("apikey-create"));
        String key = wait.withMessage("the new key is shown after creating it")
                .until(d -> {
                    String text = d.findElement(By.id("apikey-new-value")).getText().strip();
                    return text.isEmpty() ? null : text;
                });
        assertEquals(XSS_NAME, driver.findElement(By.id("apikey-new-name")).getText(), "the new key's name, literally");
        click(By.id("apikey-copy"));
        wait.withMessage("pressing Copy says what happened")
                .until(d -> !d.findElement(By.id("apikey-copy-status")).getText().isBlank());

        WebElement row = keyRow(XSS_NAME, "the key is listed under its name, as text");
        String prefix = row.findElement(By.cssSelector("[data-testid='apikey-row-prefix']")).getText().replace("…", "");
        assertTrue(key.startsWith(prefix), "the listed prefix " + prefix + " begins the key");
        assertFalse(row.getText().contains(key), "the list never shows the whole key");
        assertEquals("Active", row.findElement(By.cssSelector("[data-testid='apikey-row-status']")).getText());
        assertTrue(driver.findElements(By.cssSelector("#apikeys-table img, #apikey-new img")).isEmpty(),
                "the key name did not become an <img> element");
        assertEquals(200, apiKeysWith(key).statusCode(), "the new key works against the API");

        // The activity log shows the creation, also when filtered by its type.
        click(By.id("nav-activity"));
        pageReady("activity");
        wait.withMessage("the activity log lists apikey.created")
                .until(d -> activityTypes(d).contains("apikey.created"));
        new Select(visible(By.id("activity-type"))).selectByValue("apikey.created");
        wait.withMessage("filtering by apikey.created shows only that type")
                .until(d -> {
                    List<String> types = activityTypes(d);
                    return !types.isEmpty() && types.stream().allMatch("apikey.created"::equals);
                });

        // Revoke it, after confirming.
        click(By.id("nav-api-keys"));
        pageReady("api-keys");
        keyRow(XSS_NAME, "the key is listed again").findElement(By.cssSelector("[data-testid='apikey-row-revoke']")).click();
        waitForText(By.id("confirm-dialog-message"), null, "the revoke confirmation names the key");
        assertTrue(driver.findElement(By.id("confirm-dialog-message")).getText().contains(XSS_NAME),
                "the confirmation names the key literally");
        click(By.id("confirm-dialog-confirm"));
        wait.withMessage("the key is shown as revoked")
                .until(d -> findKeyRow(d, XSS_NAME)
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
        assertNoAlert();
        collectConsole();
        List<String> violations = console.stream().map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy") || m.contains("Refused to") || m.contains("Uncaught"))
                .collect(Collectors.toList());
        assertTrue(violations.isEmpty(), "the browser console reports CSP violations or script errors:\n"
                + String.join("\n", violations));
    }

    // ---- page helpers ----

    private WebElement visible(By by) {
        return wait.withMessage(by + " is visible").until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private void type(By by, String text) {
        WebElement field = visible(by);
        field.clear();
        field.sendKeys(text);
    }

    private void click(By by) {
        wait.withMessage(by + " can be clicked").until(ExpectedConditions.elementToBeClickable(by)).click();
    }

    /** Waits until the element shows {@code expected}, or any text when {@code expected} is null. */
    private void waitForText(By by, String expected, String what) {
        wait.withMessage(what).until(d -> {
            String text = d.findElement(by).getText();
            return expected == null ? !text.isBlank() : expected.equals(text);
        });
    }

    /** Waits until the shell has finished rendering the page of {@code route}. */
    private void pageReady(String route) {
        visible(By.cssSelector("#app-main[data-route='" + route + "'][data-ready='true']"));
    }

    private WebElement keyRow(String name, String what) {
        return wait.withMessage(what).until(d -> findKeyRow(d, name).orElse(null));
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

    private void assertNoAlert() {
        try {
            String text = driver.switchTo().alert().getText();
            fail("a native alert was opened with \"" + text + "\": a script of the page data ran");
        } catch (NoAlertPresentException expected) {
            // The payload never ran.
        }
    }

    private void collectConsole() {
        console.addAll(driver.manage().logs().get(LogType.BROWSER).getAll());
    }

    // ---- evidence on failure ----

    /** Saves a screenshot and the console, and returns the failure with their paths in its message. */
    private AssertionError evidence(Throwable failure) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path screenshot = OUTPUT.resolve("UiBrowserIT-" + stamp + ".png").toAbsolutePath();
        Path consoleFile = OUTPUT.resolve("UiBrowserIT-" + stamp + "-console.txt").toAbsolutePath();
        StringBuilder notes = new StringBuilder();
        try {
            String alert = driver.switchTo().alert().getText();
            notes.append("\nAn alert was open: \"").append(alert).append('"');
            driver.switchTo().alert().accept();
        } catch (WebDriverException noAlertOrNoBrowser) {
            // No alert open, the normal case; or the browser is gone, which the failure already says.
        }
        try {
            Files.createDirectories(OUTPUT);
            Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, screenshot, StandardCopyOption.REPLACE_EXISTING);
            notes.append("\nScreenshot: ").append(screenshot);
        } catch (IOException | RuntimeException e) {
            notes.append("\nNo screenshot: ").append(e);
        }
        try {
            collectConsole();
            Files.writeString(consoleFile, console.stream()
                    .map(e -> e.getLevel() + " " + e.getMessage()).collect(Collectors.joining("\n")), StandardCharsets.UTF_8);
            notes.append("\nBrowser console: ").append(consoleFile);
            notes.append("\nPage: ").append(driver.getCurrentUrl());
        } catch (IOException | RuntimeException e) {
            notes.append("\nNo console: ").append(e);
        }
        AssertionError error = new AssertionError(failure.getMessage() + notes, failure);
        error.setStackTrace(failure.getStackTrace());
        return error;
    }
}
