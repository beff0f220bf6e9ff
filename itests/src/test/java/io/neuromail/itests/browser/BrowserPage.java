package io.neuromail.itests.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
 * The NeuroMail UI in a started {@link Chromium}, for browser tests: explicit waits on the shell's
 * test ids, form filling, the checks every browser test ends with (no native alert, no CSP
 * violation or script error in the console) and, on failure, a screenshot and the console saved
 * under {@code target/browser/}.
 */
final class BrowserPage implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final Path OUTPUT = Path.of("target", "browser");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Chromium chromium;
    private final ChromeDriver driver;
    private final WebDriverWait wait;
    private final List<LogEntry> console = new ArrayList<>();

    private BrowserPage(Chromium chromium) {
        this.chromium = chromium;
        this.driver = chromium.driver();
        this.wait = new WebDriverWait(driver, WAIT);
        this.wait.ignoring(StaleElementReferenceException.class);
    }

    static BrowserPage open() throws IOException {
        return new BrowserPage(Chromium.start(OUTPUT));
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Waits until {@code condition} answers something other than null or false, failing with {@code what}. */
    <T> T until(String what, Function<WebDriver, T> condition) {
        return wait.withMessage(what).until(condition);
    }

    WebElement visible(By by) {
        return until(by + " is visible", ExpectedConditions.visibilityOfElementLocated(by));
    }

    void type(By by, String text) {
        WebElement field = visible(by);
        field.clear();
        field.sendKeys(text);
    }

    /**
     * Clicks an element after bringing it to the middle of the window: the browser only scrolls it
     * into view, which can leave it under the sticky header, where the header would get the click.
     */
    void click(By by) {
        WebElement element = until(by + " can be clicked", ExpectedConditions.elementToBeClickable(by));
        driver.executeScript("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'})", element);
        element.click();
    }

    void select(By by, String value) {
        new Select(visible(by)).selectByValue(value);
    }

    /** Waits until the element's text is {@code expected}, or any text when it is null; returns the text. */
    String waitForText(By by, String expected, String what) {
        return until(what, d -> {
            String text = d.findElement(by).getText();
            boolean done = expected == null ? !text.isBlank() : expected.equals(text);
            return done ? text : null;
        });
    }

    /** Waits until the shell has finished rendering the page of {@code route}. */
    void pageReady(String route) {
        visible(By.cssSelector("#app-main[data-route='" + route + "'][data-ready='true']"));
    }

    /** Signs up a new user and account, and waits until the shell shows them signed in. */
    void signUp(String baseUrl, String email, String password, String accountName) {
        driver.get(baseUrl + "/#/signup");
        type(By.id("signup-email"), email);
        type(By.id("signup-password"), password);
        type(By.id("signup-account-name"), accountName);
        click(By.id("signup-submit"));
        waitForText(By.id("user-email"), email, "after sign-up the header shows the new user's email");
    }

    /**
     * Calls the API from the page, with its session cookie and CSRF token, as the page's own scripts
     * do; answers the JSON of the answer after checking its status.
     */
    JsonNode call(String method, String path, String body, int expectedStatus) {
        Object answer = driver.executeAsyncScript(
                "const [method, path, body] = arguments; const done = arguments[arguments.length - 1];"
                        + "fetch('/api/v1/auth/session', { credentials: 'same-origin', headers: { Accept: 'application/json' } })"
                        + ".then(r => r.json())"
                        + ".then(s => fetch('/api/v1' + path, { method, credentials: 'same-origin', body: body === null ? undefined : body,"
                        + "  headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrfToken } }))"
                        + ".then(r => r.text().then(t => done(r.status + '\\n' + t)))"
                        + ".catch(e => done('0\\n' + e));", method, path, body);
        String text = String.valueOf(answer);
        int newline = text.indexOf('\n');
        int status = Integer.parseInt(text.substring(0, newline));
        assertEquals(expectedStatus, status, method + " " + path + " answered " + text);
        try {
            return JSON.readTree(text.substring(newline + 1));
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " answered no JSON: " + text, e);
        }
    }

    /** Fails when a native alert is open: a script in the page's data ran. */
    void assertNoAlert() {
        try {
            String text = driver.switchTo().alert().getText();
            fail("a native alert was opened with \"" + text + "\": a script of the page data ran");
        } catch (NoAlertPresentException expected) {
            // The payload never ran.
        }
    }

    /** Fails when the console reports a Content-Security-Policy violation or an uncaught script error. */
    void assertCleanConsole() {
        collectConsole();
        List<String> violations = console.stream().map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy") || m.contains("Refused to") || m.contains("Uncaught"))
                .collect(Collectors.toList());
        if (!violations.isEmpty()) {
            fail("the browser console reports CSP violations or script errors:\n" + String.join("\n", violations));
        }
    }

    private void collectConsole() {
        console.addAll(driver.manage().logs().get(LogType.BROWSER).getAll());
    }

    /** Saves a screenshot and the console, and returns the failure with their paths in its message. */
    AssertionError evidence(String name, Throwable failure) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path screenshot = OUTPUT.resolve(name + "-" + stamp + ".png").toAbsolutePath();
        Path consoleFile = OUTPUT.resolve(name + "-" + stamp + "-console.txt").toAbsolutePath();
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

    @Override
    public void close() {
        chromium.close();
    }
}
