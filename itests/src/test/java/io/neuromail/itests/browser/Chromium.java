package io.neuromail.itests.browser;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.stream.Stream;

import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Headless Chromium driven through the system's chromedriver, as a user's browser would be: a fresh
 * profile for every session, the console recorded so a test can look for Content-Security-Policy
 * violations, and native prompts left open (not dismissed) so that a test notices any alert.
 * <p>
 * The browser and driver are Debian's ({@code apt-get install chromium chromium-driver}); the system
 * properties {@value #BINARY_PROPERTY} and {@value #DRIVER_PROPERTY} point elsewhere if needed.
 * Both must be the same major version.
 */
final class Chromium implements AutoCloseable {

    static final String BINARY_PROPERTY = "neuromail.browser.binary";
    static final String DRIVER_PROPERTY = "neuromail.browser.driver";

    private final Path profile;
    private final ChromeDriver driver;

    private Chromium(Path profile, ChromeDriver driver) {
        this.profile = profile;
        this.driver = driver;
    }

    static Chromium start(Path logDirectory) throws IOException {
        File binary = executable(BINARY_PROPERTY, "/usr/bin/chromium", "apt-get install chromium");
        File chromedriver = executable(DRIVER_PROPERTY, "/usr/bin/chromedriver", "apt-get install chromium-driver");
        Files.createDirectories(logDirectory);
        Path profile = Files.createTempDirectory("neuromail-chromium-");

        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=1366,900",
                "--user-data-dir=" + profile);
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logging);
        // Leave an alert open: the next command fails, and the test reports it instead of never knowing.
        options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);

        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver)
                .usingAnyFreePort()
                .withLogFile(logDirectory.resolve("chromedriver.log").toFile())
                .build();
        try {
            return new Chromium(profile, new ChromeDriver(service, options));
        } catch (RuntimeException e) {
            deleteRecursively(profile);
            throw e;
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteRecursively(profile);
        }
    }

    private static File executable(String property, String defaultPath, String install) {
        File file = new File(System.getProperty(property, defaultPath));
        if (!file.canExecute()) {
            fail(file + " is missing or not executable. The browser tests drive a real headless Chromium: install it ("
                    + install + ") or set -D" + property + " to its path.");
        }
        return file;
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the browser profile " + directory, e);
        }
    }
}
