package io.neuromail.itests.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.neuromail.itests.filters.Emls;
import io.neuromail.itests.support.RunningDistribution;

/**
 * The "Check content" page in a real browser: a marketer pastes a message, sees the verdict and the
 * findings highlighted in the text (page data shown as text, never markup), switches a filter off
 * for the account and sees the next check without it; uploads a saved message (.eml) whose spam
 * wording hides behind quoted-printable and sees it found; all within the Content-Security-Policy.
 * And an upload still goes through after the session was renewed in another tab (stale CSRF token).
 */
@ExtendWith(RunningDistribution.class)
class ContentCheckPageIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path OUTPUT = Path.of("target", "browser");
    private static final String PAYLOAD = "<img src=x onerror=alert(1)>";

    private static String baseUrl;
    private Chromium chromium;
    private ChromeDriver driver;
    private WebDriverWait wait;

    @BeforeAll
    static void baseUrl() {
        String value = System.getProperty(UiBrowserIT.BASE_URL_PROPERTY);
        if (value == null || value.isBlank()) {
            fail("System property " + UiBrowserIT.BASE_URL_PROPERTY + " is not set");
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
    void checkAMessageAndSwitchAFilterOff() throws Exception {
        try {
            scenario();
        } catch (Throwable failure) {
            Path screenshot = OUTPUT.resolve("ContentCheckPageIT-" + UUID.randomUUID() + ".png").toAbsolutePath();
            Files.createDirectories(OUTPUT);
            Files.write(screenshot, driver.getScreenshotAs(OutputType.BYTES));
            throw new AssertionError(failure.getMessage() + "\nScreenshot: " + screenshot, failure);
        }
    }

    private void scenario() {
        driver.get(baseUrl + "/#/signup");
        type(By.id("signup-email"), "content-" + UUID.randomUUID() + "@example.com");
        type(By.id("signup-password"), "Nm-" + UUID.randomUUID());
        type(By.id("signup-account-name"), "Content check");
        click(By.id("signup-submit"));
        visible(By.id("user-email"));

        click(By.id("nav-content-check"));
        pageReady("content-check");
        type(By.id("content-subject"), "BIGGEST SALE OF THE YEAR");
        type(By.id("content-html"), "<p>Get free money now. Act now. &lt;img src=x onerror=alert(1)&gt;</p>"
                + "<p><a href=\"https://shop.example/unsubscribe\">Unsubscribe</a></p>");
        type(By.id("content-text"), "Get free money now.");
        click(By.id("content-submit"));

        WebElement decision = visible(By.id("content-decision"));
        assertEquals("WARN", decision.getText());
        List<String> rules = driver.findElements(By.cssSelector("[data-testid='content-finding']")).stream()
                .map(r -> r.getAttribute("data-rule")).collect(Collectors.toList());
        assertTrue(rules.contains("spam.all-caps-subject") && rules.contains("spam.phrase"), rules.toString());
        WebElement mark = visible(By.cssSelector("#content-text-view mark[data-rule='spam.phrase']"));
        assertEquals("free money", mark.getText());
        assertTrue(driver.findElement(By.id("content-text-view")).getText().contains(PAYLOAD), "the payload shows as text");
        assertTrue(driver.findElements(By.cssSelector("#content-text-view img")).isEmpty());

        uploadAnEml();

        // The spam rules and the spam classifier both judge this wording; with both off it passes.
        By spamBox = By.cssSelector("input[data-testid='content-filter-enabled'][data-filter='spam']");
        By classifierBox = By.cssSelector("input[data-testid='content-filter-enabled'][data-filter='classifier']");
        assertTrue(visible(spamBox).isSelected());
        click(spamBox);
        assertTrue(visible(classifierBox).isSelected());
        click(classifierBox);
        click(By.id("content-settings-submit"));
        wait.withMessage("settings saved").until(d -> "Saved.".equals(d.findElement(By.id("content-settings-status")).getText()));

        click(By.id("content-submit"));
        wait.withMessage("the check without the spam filters").until(d ->
                "PASS".equals(d.findElement(By.id("content-decision")).getText()));
        assertTrue(driver.findElements(By.cssSelector("[data-testid='content-finding'][data-filter='spam']")).isEmpty());
        assertTrue(driver.findElements(By.cssSelector("[data-testid='content-finding'][data-filter='classifier']")).isEmpty());

        assertCleanConsole();
    }

    /**
     * The session changes under an open page (its user logs out and in again in another tab): the
     * page's CSRF token is stale, and an .eml upload from it still goes through, because the shell's
     * client fetches the current token and sends the same file once more.
     */
    @Test
    void anUploadAfterTheSessionWasRenewedInAnotherTabStillGoesThrough() throws Exception {
        try {
            String email = "content-" + UUID.randomUUID() + "@example.com";
            String password = "Nm-" + UUID.randomUUID();
            driver.get(baseUrl + "/#/signup");
            type(By.id("signup-email"), email);
            type(By.id("signup-password"), password);
            type(By.id("signup-account-name"), "Content check, renewed session");
            click(By.id("signup-submit"));
            visible(By.id("user-email"));
            click(By.id("nav-content-check"));
            pageReady("content-check");
            String checkTab = driver.getWindowHandle();

            // Another tab of the same browser shares the cookie: log out there and in again.
            driver.switchTo().newWindow(WindowType.TAB);
            driver.get(baseUrl + "/#/settings");
            visible(By.id("user-email"));
            click(By.id("logout-button"));
            pageReady("login");
            type(By.id("login-email"), email);
            type(By.id("login-password"), password);
            click(By.id("login-submit"));
            wait.withMessage("signed in again in the second tab").until(d ->
                    email.equals(d.findElement(By.id("user-email")).getText()));
            driver.close();
            driver.switchTo().window(checkTab);

            driver.findElement(By.id("content-eml")).sendKeys(writeFile("spam.eml", Emls.spam()).toString());
            click(By.id("content-eml-submit"));
            wait.withMessage("the verdict of the message uploaded with a stale token").until(d ->
                    d.findElement(By.id("content-subject-view")).getText().contains("Act now!!!"));
            assertTrue(driver.findElement(By.id("content-eml-form-error")).getText().isEmpty(), "no error is shown");
            assertEquals(checkTab, driver.getWindowHandle());
            List<String> console = assertCleanConsole();
            // The token really was stale: the first attempt was refused, the retry with the current token answered.
            assertTrue(console.stream().anyMatch(m -> m.contains("/api/v1/content/check") && m.contains("403")),
                    "the first upload was refused with 403:\n" + String.join("\n", console));
        } catch (Throwable failure) {
            Path screenshot = OUTPUT.resolve("ContentCheckPageIT-" + UUID.randomUUID() + ".png").toAbsolutePath();
            Files.createDirectories(OUTPUT);
            Files.write(screenshot, driver.getScreenshotAs(OutputType.BYTES));
            throw new AssertionError(failure.getMessage() + "\nScreenshot: " + screenshot, failure);
        }
    }

    /** An .eml file checked through the upload: decoded on the server, findings shown as for pasted content. */
    private void uploadAnEml() {
        Path file = writeFile("spam.eml", Emls.spam());
        driver.findElement(By.id("content-eml")).sendKeys(file.toString());
        click(By.id("content-eml-submit"));
        wait.withMessage("the verdict of the uploaded message").until(d ->
                d.findElement(By.id("content-subject-view")).getText().contains("Act now!!!"));
        assertTrue(List.of("WARN", "BLOCK").contains(driver.findElement(By.id("content-decision")).getText()));
        WebElement mark = visible(By.cssSelector("#content-text-view mark[data-rule='spam.phrase']"));
        assertTrue(List.of("claim your prize", "free money").contains(mark.getText().toLowerCase()), mark.getText());

        Path broken = writeFile("broken.eml", "just some words, no headers\r\n");
        WebElement input = driver.findElement(By.id("content-eml"));
        input.clear();
        input.sendKeys(broken.toString());
        click(By.id("content-eml-submit"));
        WebElement error = visible(By.id("content-eml-error"));
        assertTrue(error.getText().startsWith("No message headers found"), error.getText());
    }

    private static Path writeFile(String name, String content) {
        try {
            Path dir = Files.createDirectories(OUTPUT.toAbsolutePath().resolve("uploads-" + UUID.randomUUID()));
            return Files.writeString(dir.resolve(name), content, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the upload " + name, e);
        }
    }

    /**
     * No native alert (page data never ran as script), no CSP violation or script error in the
     * console; returns the console messages read.
     */
    private List<String> assertCleanConsole() {
        try {
            String text = driver.switchTo().alert().getText();
            fail("a native alert opened with \"" + text + "\": page data ran as script");
        } catch (NoAlertPresentException expected) {
            // the payload stayed text
        }
        List<String> messages = driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
                .collect(Collectors.toList());
        List<String> violations = messages.stream()
                .filter(m -> m.contains("Content Security Policy") || m.contains("Refused to") || m.contains("Uncaught"))
                .collect(Collectors.toList());
        assertTrue(violations.isEmpty(), "CSP violations or script errors:\n" + String.join("\n", violations));
        return messages;
    }

    private WebElement visible(By by) {
        return wait.withMessage(by + " is visible").until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private void type(By by, String text) {
        WebElement field = visible(by);
        field.clear();
        field.sendKeys(text);
    }

    /** Clicks an element after bringing it to the middle of the window, clear of the sticky header. */
    private void click(By by) {
        WebElement element = wait.withMessage(by + " can be clicked").until(ExpectedConditions.elementToBeClickable(by));
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
        element.click();
    }

    private void pageReady(String route) {
        visible(By.cssSelector("#app-main[data-route='" + route + "'][data-ready='true']"));
    }
}
