package io.neuromail.itests.browser;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.chrome.ChromeDriver;

import io.neuromail.itests.support.RunningDistribution;

/**
 * A browser test against the distribution the {@link RunningDistribution} extension runs: a fresh
 * Chromium per test, the server's address, and the page's evidence (screenshot, console) kept when a
 * scenario fails.
 */
@ExtendWith(RunningDistribution.class)
abstract class BrowserTest {

    /** A scenario of a test, which may throw anything. */
    interface Scenario {
        void run() throws Exception;
    }

    /** The running server, without a trailing slash, e.g. {@code http://127.0.0.1:18281}. */
    protected static String baseUrl;

    protected BrowserPage page;
    protected ChromeDriver driver;

    @BeforeAll
    static void baseUrl() {
        String value = System.getProperty(RunningDistribution.BASE_URL);
        if (value == null || value.isBlank()) {
            fail("System property " + RunningDistribution.BASE_URL + " is not set: the RunningDistribution extension starts the server");
        }
        baseUrl = value.strip().replaceAll("/+$", "");
    }

    @BeforeEach
    void startBrowser() throws IOException {
        page = BrowserPage.open();
        driver = page.driver();
    }

    @AfterEach
    void stopBrowser() {
        if (page != null) {
            page.close();
        }
    }

    /** Runs {@code scenario}; when it fails, the page's evidence is kept under {@code name} with the failure. */
    protected void run(String name, Scenario scenario) {
        try {
            scenario.run();
        } catch (Throwable failure) {
            throw page.evidence(name, failure);
        }
    }
}
