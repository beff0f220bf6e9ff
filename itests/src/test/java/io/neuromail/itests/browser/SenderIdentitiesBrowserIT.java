package io.neuromail.itests.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.neuromail.itests.support.RunningDistribution;

/**
 * The "Sender identities" page in a real browser: the empty state says what to do; an address is
 * added, its link (from the outbox) opens the confirmation page whose button verifies it; a domain
 * is added and shows the DNS records to publish with copy buttons; removing asks first. Everything
 * within the Content-Security-Policy. No DNS question is asked (no re-check): DNS is tested over
 * the API with a local DNS server.
 */
@ExtendWith(RunningDistribution.class)
class SenderIdentitiesBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration MAIL_WAIT = Duration.ofSeconds(120);
    private static final Path OUTPUT = Path.of("target", "browser");
    private static final Pattern LINK = Pattern.compile("/verify-sender/[A-Za-z0-9_-]{43}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Chromium chromium;
    private ChromeDriver driver;
    private WebDriverWait wait;
    private String baseUrl;

    @BeforeEach
    void startBrowser() throws IOException {
        baseUrl = System.getProperty(RunningDistribution.BASE_URL).replaceAll("/+$", "");
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
    void addVerifyAndRemoveSenders() throws IOException {
        try {
            scenario();
        } catch (RuntimeException | AssertionError failure) {
            Path screenshot = OUTPUT.resolve("SenderIdentitiesBrowserIT-" + UUID.randomUUID() + ".png").toAbsolutePath();
            Files.createDirectories(OUTPUT);
            Files.write(screenshot, driver.getScreenshotAs(OutputType.BYTES));
            throw new AssertionError(failure.getMessage() + "\nScreenshot: " + screenshot, failure);
        }
    }

    private void scenario() {
        driver.get(baseUrl + "/#/signup");
        type(By.id("signup-email"), "identities-" + UUID.randomUUID() + "@example.com");
        type(By.id("signup-password"), "Nm-" + UUID.randomUUID());
        type(By.id("signup-account-name"), "Sender identities");
        click(By.id("signup-submit"));
        visible(By.id("user-email"));

        click(By.id("nav-sender-identities"));
        pageReady();
        assertTrue(visible(By.id("identities-empty")).getText().contains("Add the address you send from"));

        // An address: its link comes by mail, the page's button verifies it.
        String address = "me-" + UUID.randomUUID().toString().substring(0, 8) + "@sender.test";
        type(By.id("identity-add-value"), address);
        click(By.id("identity-add-submit"));
        WebElement row = row(address);
        assertEquals("pending", row.getAttribute("data-status"));
        assertEquals("Pending", row.findElement(By.cssSelector("[data-testid='identity-row-status']")).getText());
        wait.withMessage("the page says the link was mailed").until(d ->
                d.findElement(By.id("identities-status")).getText().contains("mailed to " + address));

        String link = wait.withTimeout(MAIL_WAIT).withMessage("the verification mail is in the outbox").until(d -> linkTo(address));
        wait.withTimeout(WAIT);
        driver.get(baseUrl + link);
        WebElement page = visible(By.cssSelector("#verify-sender[data-state='valid']"));
        assertTrue(page.getText().contains(address), page.getText());
        click(By.id("verify-confirm"));
        visible(By.cssSelector("#verify-sender[data-state='confirmed']"));

        driver.get(baseUrl + "/#/sender-identities");
        pageReady();
        wait.withMessage("the address is verified").until(d -> "verified".equals(row(address).getAttribute("data-status")));
        assertTrue(row(address).findElements(By.cssSelector("[data-testid='identity-row-resend']")).isEmpty());

        // A domain: the records to publish, copyable.
        new Select(visible(By.id("identity-add-type"))).selectByValue("domain");
        String domain = "bücher-" + UUID.randomUUID().toString().substring(0, 6) + ".test";
        type(By.id("identity-add-value"), domain);
        type(By.id("identity-add-selectors"), "s1, s2");
        click(By.id("identity-add-submit"));
        WebElement domainRow = wait.withMessage("the domain is listed").until(d -> d.findElements(
                By.cssSelector("[data-testid='identity-row'][data-type='domain']")).stream().findFirst().orElse(null));
        assertEquals(domain, domainRow.findElement(By.cssSelector("[data-testid='identity-row-value']")).getText());
        assertTrue(domainRow.getAttribute("data-value").startsWith("xn--"), domainRow.getAttribute("data-value"));
        List<WebElement> records = domainRow.findElements(By.cssSelector("[data-testid='identity-record']"));
        assertEquals(List.of("verification", "spf", "dmarc", "dkim", "dkim"),
                records.stream().map(r -> r.getAttribute("data-purpose")).collect(Collectors.toList()));
        assertTrue(records.get(0).findElement(By.cssSelector("[data-testid='identity-record-value']")).getText()
                .startsWith("neuromail-verification="));
        records.get(0).findElement(By.cssSelector("[data-testid='identity-record-copy']")).click();
        wait.withMessage("the record is copied or selected").until(d -> {
            String text = d.findElements(By.cssSelector("[data-testid='identity-row'][data-type='domain'] "
                    + "[data-testid='identity-record'] .inline-status")).get(0).getText();
            return text.startsWith("Copied") || text.startsWith("Selected");
        });
        assertTrue(domainRow.findElements(By.cssSelector("[data-testid='identity-row-resend']")).isEmpty());
        assertEquals(1, domainRow.findElements(By.cssSelector("[data-testid='identity-row-check']")).size());

        // Removing asks first: cancel keeps it, confirm removes it.
        domainRow.findElement(By.cssSelector("[data-testid='identity-row-remove']")).click();
        assertTrue(visible(By.id("confirm-dialog-message")).getText().contains(domain));
        click(By.id("confirm-dialog-cancel"));
        assertEquals(2, driver.findElements(By.cssSelector("[data-testid='identity-row']")).size());
        driver.findElement(By.cssSelector("[data-testid='identity-row'][data-type='domain'] [data-testid='identity-row-remove']"))
                .click();
        visible(By.id("confirm-dialog-message"));
        click(By.id("confirm-dialog-confirm"));
        wait.withMessage("the domain is removed").until(d ->
                d.findElements(By.cssSelector("[data-testid='identity-row'][data-type='domain']")).isEmpty());
        assertEquals(1, driver.findElements(By.cssSelector("[data-testid='identity-row']")).size());

        List<String> problems = driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy") || m.contains("Refused to") || m.contains("Uncaught"))
                .collect(Collectors.toList());
        assertTrue(problems.isEmpty(), "CSP violations or script errors:\n" + String.join("\n", problems));
    }

    /** The path of the verification link mailed to {@code address}, read through the outbox API; null until it is there. */
    private String linkTo(String address) {
        try {
            JsonNode list = JSON.readTree(fetch("/api/v1/outbox?limit=50"));
            for (JsonNode item : list.get("items")) {
                if (address.equals(item.get("to").asText())) {
                    String text = JSON.readTree(fetch("/api/v1/outbox/" + item.get("id").asText())).get("text").asText();
                    Matcher m = LINK.matcher(text);
                    return m.find() ? m.group() : null;
                }
            }
            return null;
        } catch (IOException e) {
            throw new IllegalStateException("the outbox answered no JSON", e);
        }
    }

    /** GETs an API path in the page (with its session), answering the body. */
    private String fetch(String path) {
        Object answer = driver.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0], { credentials: 'same-origin', headers: { Accept: 'application/json' } })"
                        + ".then(r => r.text().then(done))"
                        + ".catch(e => done('{\"failed\":\"' + e + '\"}'));", path);
        return String.valueOf(answer);
    }

    private WebElement row(String value) {
        return wait.withMessage(value + " is listed").until(d -> d.findElements(By.cssSelector("[data-testid='identity-row']"))
                .stream().filter(r -> value.equals(r.getAttribute("data-value"))).findFirst().orElse(null));
    }

    private void pageReady() {
        visible(By.cssSelector("#app-main[data-route='sender-identities'][data-ready='true']"));
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
}
