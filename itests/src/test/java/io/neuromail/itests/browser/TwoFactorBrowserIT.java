package io.neuromail.itests.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import io.neuromail.itests.support.TotpCodes;

/**
 * Two-factor authentication in a real browser, as a user does it with an authenticator app: the
 * Security page shows a QR code and the key; the test reads the key off the page, computes the code
 * the app would show (RFC 6238, independently of the server), turns 2FA on, keeps the recovery codes,
 * logs out, and logs in again with the password and then the code; a wrong code is told under the
 * field, and a recovery code logs in too. The same page lists this browser's session and its sign-in.
 * No CSP violation, no script error.
 */
class TwoFactorBrowserIT extends BrowserTest {

    @Test
    void enrolWithTheShownSecretThenLogInWithACodeAndWithARecoveryCode() {
        run("TwoFactorBrowserIT", this::scenario);
    }

    private void scenario() {
        String email = "twofactor-" + UUID.randomUUID() + "@example.com";
        String password = "Nm-" + UUID.randomUUID();
        page.signUp(baseUrl, email, password, "Two-factor test");

        // Set it up on the Security page.
        page.click(By.id("nav-security"));
        page.pageReady("security");
        // Where you're signed in: this browser alone, marked as this device; the sign-up's login among the sign-ins.
        page.waitForText(By.cssSelector("#sessions-rows tr[data-current='true'] [data-testid='session-row-current']"),
                "This device", "the Security page lists this session");
        assertEquals(1, driver.findElements(By.cssSelector("#sessions-rows tr")).size(), "one session");
        page.visible(By.id("sessions-empty"));
        page.waitForText(By.cssSelector("#sign-ins-rows [data-testid='sign-in-row-result']"), "Signed in",
                "the Security page lists the sign-in");
        assertEquals("Off", page.waitForText(By.id("twofactor-state"), "Off", "2FA is off at first"));
        page.click(By.id("twofactor-start"));
        String shown = page.waitForText(By.id("twofactor-secret"), null, "the key is shown as text");
        String secret = shown.replace(" ", "");
        assertTrue(secret.matches("[A-Z2-7]{32}"), "a Base32 key of 160 bits, shown in groups: " + shown);
        page.until("the QR code image loads", d -> (Boolean) driver.executeScript(
                "const img = document.getElementById('twofactor-qr'); return img.complete && img.naturalWidth > 0;"));

        long step = TotpCodes.stepNow();
        page.type(By.id("twofactor-confirm-code"), TotpCodes.wrongCode(secret, step));
        page.click(By.id("twofactor-confirm"));
        page.waitForText(By.id("twofactor-confirm-code-error"), null, "a wrong code is told under the field");
        page.type(By.id("twofactor-confirm-code"), TotpCodes.code(secret, step));
        page.click(By.id("twofactor-confirm"));

        // The recovery codes, shown once.
        page.visible(By.id("twofactor-recovery-codes"));
        List<String> codes = driver.findElements(By.cssSelector("#twofactor-recovery-codes li")).stream()
                .map(WebElement::getText).map(String::strip).collect(Collectors.toList());
        assertEquals(10, codes.size(), "ten recovery codes: " + codes);
        assertTrue(codes.stream().allMatch(c -> c.matches("[a-z2-9]{4}(-[a-z2-9]{4}){3}")), codes.toString());
        page.click(By.id("twofactor-codes-copy"));
        page.until("pressing Copy says what happened", d -> !d.findElement(By.id("twofactor-codes-status")).getText().isBlank());
        page.click(By.id("twofactor-codes-done"));
        page.waitForText(By.id("twofactor-state"), "On", "2FA is on");
        page.waitForText(By.id("twofactor-codes-left"), "10", "ten codes left");

        // Log out and in: the password alone is not enough.
        page.click(By.id("logout-button"));
        logInWithPassword(email, password);
        page.visible(By.id("login-code"));
        assertTrue(driver.findElements(By.id("user-email")).isEmpty(), "not signed in after the password alone");
        page.type(By.id("login-code"), TotpCodes.wrongCode(secret, step + 1));
        page.click(By.id("login-code-submit"));
        page.waitForText(By.id("login-code-error"), null, "a wrong code is told under the field");
        // The enrolment used this step's code; the next step's is what the app shows next (±30 s is accepted).
        page.type(By.id("login-code"), TotpCodes.code(secret, step + 1));
        page.click(By.id("login-code-submit"));
        page.waitForText(By.id("user-email"), email, "the code completes the login");

        // A recovery code works in place of the app, once.
        page.click(By.id("logout-button"));
        logInWithPassword(email, password);
        page.type(By.id("login-code"), codes.get(0));
        page.click(By.id("login-code-submit"));
        page.waitForText(By.id("user-email"), email, "a recovery code completes the login");
        page.click(By.id("nav-security"));
        page.pageReady("security");
        page.waitForText(By.id("twofactor-codes-left"), "9", "one recovery code is used up");

        page.assertNoAlert();
        page.assertCleanConsole();
    }

    private void logInWithPassword(String email, String password) {
        page.visible(By.id("login-email"));
        page.type(By.id("login-email"), email);
        page.type(By.id("login-password"), password);
        page.click(By.id("login-submit"));
        page.visible(By.id("login-code"));
    }
}
