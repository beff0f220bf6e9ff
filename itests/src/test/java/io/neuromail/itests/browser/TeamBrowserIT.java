package io.neuromail.itests.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A team in a real browser: the owner invites someone as an editor on the Team page, the invitee
 * opens the mailed link, chooses a password and is signed in to the owner's account as an editor (the
 * header says so, the Team page offers them no invitations), and the owner then makes them a viewer
 * and looks at the Billing page (off as shipped: no limits, usage counted).
 * No CSP violation, no script error.
 */
class TeamBrowserIT extends BrowserTest {

    private static final Pattern TOKEN = Pattern.compile("/#/join\\?token=([A-Za-z0-9_-]{40,64})");

    @Test
    void theOwnerInvitesAnEditorWhoJoinsByTheMailedLink() {
        run("TeamBrowserIT", this::scenario);
    }

    private void scenario() {
        String ownerEmail = "owner-" + UUID.randomUUID() + "@example.com";
        String invitee = "editor-" + UUID.randomUUID() + "@example.com";
        String password = "Nm-" + UUID.randomUUID();
        page.signUp(baseUrl, ownerEmail, password, "Team test");
        page.waitForText(By.id("account-role"), "Owner", "the header shows the owner's role");

        page.visible(By.id("nav-api-keys"));
        page.click(By.id("nav-team"));
        page.pageReady("team");
        page.visible(By.cssSelector("[data-testid='team-members-table'][data-loaded='true']"));
        assertEquals(1, driver.findElements(By.cssSelector("[data-testid='team-member']")).size());
        page.visible(By.cssSelector("[data-testid='team-invitations-empty']"));

        page.type(By.id("team-invite-email"), invitee);
        page.select(By.id("team-invite-role"), "editor");
        page.click(By.id("team-invite-submit"));
        page.waitForText(By.cssSelector("[data-testid='team-invitation-email']"), invitee, "the invitation is listed");
        assertTrue(page.waitForText(By.id("team-status"), null, "the page says it was sent").contains(invitee));

        String token = invitationToken(invitee);
        page.click(By.id("logout-button"));
        page.visible(By.id("login-email"));

        // The invitee opens the link: the offer first, then a password of their own.
        driver.get(baseUrl + "/#/join?token=" + token);
        assertTrue(page.waitForText(By.cssSelector("[data-testid='join-offer']"), null, "the offer is shown")
                .contains("Team test"));
        page.type(By.id("join-password"), password);
        page.type(By.id("join-confirm"), password);
        page.click(By.id("join-submit"));
        page.waitForText(By.id("user-email"), invitee, "joining signs the invitee in");
        page.waitForText(By.id("account-role"), "Editor", "in the owner's account, as an editor");
        page.click(By.id("nav-team"));
        page.pageReady("team");
        page.visible(By.cssSelector("[data-testid='team-members-table'][data-loaded='true']"));
        assertEquals(2, driver.findElements(By.cssSelector("[data-testid='team-member']")).size());
        assertTrue(driver.findElements(By.id("team-invite-form")).isEmpty(), "an editor is offered no invitations");
        assertTrue(driver.findElements(By.id("nav-api-keys")).isEmpty() && driver.findElements(By.id("nav-billing")).isEmpty(),
                "an editor's navigation lists no page only owners and admins can use");

        // The owner makes the editor a viewer.
        page.click(By.id("logout-button"));
        page.type(By.id("login-email"), ownerEmail);
        page.type(By.id("login-password"), password);
        page.click(By.id("login-submit"));
        page.waitForText(By.id("user-email"), ownerEmail, "the owner is back");
        page.click(By.id("nav-team"));
        page.pageReady("team");
        page.visible(By.cssSelector("[data-testid='team-members-table'][data-loaded='true']"));
        page.select(By.cssSelector("[data-testid='team-member'][data-role='editor'] [data-testid='team-member-role']"),
                "viewer");
        page.waitForText(By.id("team-status"), invitee + " is now viewer.", "the change is confirmed");
        JsonNode team = page.call("GET", "/account/members", null, 200);
        boolean viewer = false;
        for (JsonNode member : team.get("members")) {
            viewer |= member.get("email").asText().equals(invitee) && member.get("role").asText().equals("viewer");
        }
        assertTrue(viewer, "the server holds the new role: " + team);

        // The owner's Billing page: billing is off as shipped, so no limits, and the meters count.
        page.click(By.id("nav-billing"));
        page.pageReady("billing");
        page.waitForText(By.cssSelector("[data-testid='billing-off']"), null, "billing is off as shipped");
        assertTrue(driver.findElements(By.cssSelector("[data-testid='billing-meter']")).size() >= 2,
                "the usage meters are shown");

        // The viewer is told what the role allows when they next sign in.
        page.click(By.id("logout-button"));
        page.type(By.id("login-email"), invitee);
        page.type(By.id("login-password"), password);
        page.click(By.id("login-submit"));
        page.waitForText(By.id("account-role"), "Viewer", "the header shows the new role");
        assertTrue(page.waitForText(By.cssSelector("[data-testid='notice']"), null, "a viewer is told what the role allows")
                .contains("you can look at everything but not change it"));

        page.assertNoAlert();
        page.assertCleanConsole();
    }

    /** The token of the invitation NeuroMail mailed to {@code address}, from the account's outbox, once it is there. */
    private String invitationToken(String address) {
        String[] token = new String[1];
        page.until("the invitation reaches the outbox", d -> (token[0] = mailedToken(address)) != null);
        return token[0];
    }

    private String mailedToken(String address) {
        for (JsonNode item : page.call("GET", "/outbox?size=50", null, 200).get("items")) {
            if (item.get("to").asText().contains(address)) {
                String text = page.call("GET", "/outbox/" + item.get("id").asText(), null, 200).get("text").asText();
                Matcher m = TOKEN.matcher(text);
                assertTrue(m.find(), "the invitation holds a join link: " + text);
                return m.group(1);
            }
        }
        return null;
    }
}
