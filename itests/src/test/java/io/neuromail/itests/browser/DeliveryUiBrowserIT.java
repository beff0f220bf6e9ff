package io.neuromail.itests.browser;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.neuromail.itests.support.RunningDistribution;

/**
 * The "Sending" and "Outbox" pages in a real browser: send a test message from the Sending page,
 * find it on the Outbox page, open it and view its source; no CSP violation or script error.
 */
@ExtendWith(RunningDistribution.class)
class DeliveryUiBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private Chromium chromium;
    private ChromeDriver driver;
    private WebDriverWait wait;

    @BeforeEach
    void startBrowser() throws IOException {
        chromium = Chromium.start(Path.of("target", "browser"));
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
    void aTestMessageFromTheSendingPageShowsUpInTheOutbox() {
        String baseUrl = System.getProperty(RunningDistribution.BASE_URL).replaceAll("/+$", "");
        String email = "delivery-ui-" + UUID.randomUUID() + "@example.com";
        driver.get(baseUrl + "/#/signup");
        type(By.id("signup-email"), email);
        type(By.id("signup-password"), "Nm-" + UUID.randomUUID());
        type(By.id("signup-account-name"), "Delivery UI");
        click(By.id("signup-submit"));
        visible(By.id("user-email"));

        click(By.id("nav-delivery"));
        visible(By.cssSelector("#app-main[data-route='delivery'][data-ready='true']"));
        wait.withMessage("the outbox is the chosen, registered sender").until(d ->
                d.findElement(By.id("delivery-sender-status")).getText().contains("is registered"));
        // From an address the account has not verified: refused, and the page says why under the field.
        type(By.id("delivery-test-to"), "someone@example.org");
        type(By.id("delivery-test-from"), "alerts@bank.test");
        click(By.cssSelector("#delivery-test-form button[type='submit']"));
        wait.withMessage("the From field explains the refusal").until(d -> d.findElement(By.id("delivery-test-from-error"))
                .getText().contains("not a verified sender identity"));
        // Empty From: the user's own login address, at a domain the test distribution pre-verifies.
        driver.findElement(By.id("delivery-test-from")).clear();
        click(By.cssSelector("#delivery-test-form button[type='submit']"));
        // Leaving the page aborts its requests: wait until the message is queued.
        wait.withMessage("the test message is queued").until(d -> d.findElements(By.cssSelector("#app-notice [data-testid='notice']"))
                .stream().anyMatch(n -> n.getText().contains("Test message queued")));

        click(By.id("nav-outbox"));
        // The page lists what the outbox holds when it renders: reload it, once it has rendered, until
        // the message is there (reloading before it rendered would never let it show anything).
        WebElement link = wait.withMessage("the test message is in the outbox").until(d -> {
            WebElement row = d.findElements(By.cssSelector("[data-testid='outbox-row'] a")).stream().findFirst()
                    .orElse(null);
            By rendered = By.cssSelector("#app-main[data-route='outbox'][data-ready='true']");
            if (row == null && !d.findElements(rendered).isEmpty()) {
                d.navigate().refresh();
            }
            return row;
        });
        assertTrue(link.getText().contains("NeuroMail test message"), link.getText());
        link.click();
        visible(By.cssSelector("[data-testid='outbox-headers']"));
        click(By.id("outbox-view-source"));
        wait.withMessage("the source is shown").until(d -> d.findElement(By.id("outbox-source")).getText()
                .contains("Message-ID: <"));

        List<String> problems = driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy") || m.contains("Refused to") || m.contains("Uncaught"))
                .collect(Collectors.toList());
        assertTrue(problems.isEmpty(), "CSP violations or script errors:\n" + String.join("\n", problems));
    }

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
}
