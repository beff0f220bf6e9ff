package io.neuromail.itests.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The contacts pages in a real browser against the running distribution: import a CSV file through
 * the wizard (valid rows, an invalid address, a duplicate, a quoted field holding a comma and a
 * line break, a custom attribute column and a name that is an XSS payload), watch it finish, read
 * the rejected rows and the error report, build a segment and see its live count, save it and open
 * its contacts. Then, in another account: create contacts with the form, sort them, put them in a
 * list and tag them with bulk actions (a result per contact), follow a list to its contacts,
 * unsubscribe one, export and erase another after confirming, and manage the suppression list (add,
 * import a file with a result per line, search, remove). The payload must show as text everywhere
 * and nothing may break the CSP.
 */
class ContactsBrowserIT extends BrowserTest {

    /** A first name that runs a script if it is ever put into the page as markup. */
    static final String XSS_NAME = "<img src=x onerror=alert(1)>";
    static final String NOTE = "Met at the fair, booth 12\nCall back in May";

    /** Line 1 is the header; Carla's record spans lines 4 and 5, so the rejected rows are on lines 6 and 7. */
    static final String CSV = String.join("\r\n",
            "email,first_name,last_name,city,note",
            "anna@example.com,Anna,Schmidt,Berlin,",
            "bob@example.com,Bob,Meyer,Hamburg,",
            "carla@example.com,\"Carla, Jr.\",Weber,Berlin,\"" + NOTE + "\"",
            "not-an-email,Dan,Bad,Berlin,",
            "anna@example.com,Anna,Again,Berlin,",
            "xss@example.com," + XSS_NAME + ",Payload,Munich,",
            "eve@example.com,Eve,Smith,berlin,") + "\r\n";
    static final int CREATED = 5;
    static final int BERLIN = 3; // anna, carla and eve ("berlin": text attributes compare case-insensitively)

    private Path file;

    @BeforeEach
    void start() throws IOException {
        file = Files.createTempFile("contacts-", ".csv");
        Files.writeString(file, CSV, StandardCharsets.UTF_8);
    }

    @AfterEach
    void stop() throws IOException {
        Files.deleteIfExists(file);
    }

    @Test
    void importThroughTheWizardThenBuildASegmentWithALiveCount() {
        run("ContactsBrowserIT", this::scenario);
    }

    private void scenario() {
        page.signUp(baseUrl, "contacts-" + UUID.randomUUID() + "@example.com", "Nm-" + UUID.randomUUID(), "Contacts browser test");
        WebDriver driver = page.driver();
        for (String route : List.of("contacts", "lists", "import", "segments", "suppressions")) {
            page.visible(By.id("nav-" + route));
        }

        // 1. Choose the file and upload it.
        page.click(By.id("nav-import"));
        page.pageReady("import");
        driver.findElement(By.id("import-file")).sendKeys(file.toAbsolutePath().toString());
        page.click(By.id("import-upload"));

        // 2. The mapping step shows the first rows, the quoted field as one cell, and a select per column.
        page.visible(By.id("import-preview"));
        List<String> headers = texts(driver, By.cssSelector("#import-preview [data-testid='import-col-header']"));
        assertEquals(List.of("email", "first_name", "last_name", "city", "note"), headers, "the header row of the file");
        int city = headers.indexOf("city");
        assertEquals("email", selected(driver, By.id("import-col-0-target")), "the email column is proposed as the email");
        assertEquals("attribute", selected(driver, By.id("import-col-" + city + "-target")), "city becomes an attribute");
        page.select(By.id("import-col-" + city + "-type"), "text");
        List<WebElement> rows = driver.findElements(By.cssSelector("#import-preview [data-testid='import-preview-row']"));
        assertTrue(rows.size() >= 5, "the first rows are shown: " + rows.size());
        List<String> carla = rows.get(2).findElements(By.tagName("td")).stream()
                .map(td -> td.getAttribute("textContent")).collect(Collectors.toList());
        assertEquals("Carla, Jr.", carla.get(1), "the quoted field with a comma is one cell");
        assertEquals(NOTE, carla.get(4), "the quoted field with a line break is one cell");
        page.select(By.id("import-mode"), "add");
        page.click(By.id("import-start"));

        // 3./4. The progress reaches "finished", then the summary counts the rows.
        page.waitForText(By.id("import-state"), "finished", "the import's progress reaches finished");
        assertEquals("1", driver.findElement(By.id("import-progress")).getAttribute("value"), "the progress bar is full");
        assertEquals("progress", driver.findElement(By.id("import-progress")).getTagName());
        assertEquals(String.valueOf(CREATED), page.waitForText(By.id("import-summary-created"), null, "the summary shows the created count"));
        assertEquals("0", driver.findElement(By.id("import-summary-updated")).getText());
        assertEquals("2", driver.findElement(By.id("import-summary-rejected")).getText());
        assertEquals("2", driver.findElement(By.id("import-rejected")).getText(), "the progress shows the rejected count");

        // The rejected rows, with their lines and reasons, in the page and in the error report.
        page.visible(By.cssSelector("#import-rejections-rows[data-loaded='true']"));
        Map<String, String> reasons = driver.findElements(By.cssSelector("[data-testid='import-rejection']")).stream()
                .collect(Collectors.toMap(r -> r.getAttribute("data-line"),
                        r -> r.findElement(By.cssSelector("[data-testid='import-rejection-email']")).getText() + " | "
                                + r.findElement(By.cssSelector("[data-testid='import-rejection-reason']")).getText()));
        assertEquals(List.of("6", "7"), reasons.keySet().stream().sorted().toList(), "the rejected lines: " + reasons);
        assertTrue(reasons.get("6").startsWith("not-an-email | ") && reasons.get("6").toLowerCase().contains("email"), reasons.get("6"));
        assertTrue(reasons.get("7").startsWith("anna@example.com | ") && reasons.get("7").toLowerCase().contains("duplicate"), reasons.get("7"));
        String report = fetch(page.visible(By.id("import-report")).getAttribute("href"));
        assertTrue(report.startsWith("200\n"), "the error report downloads: " + report);
        List<String> reportLines = report.lines().skip(1).filter(l -> !l.isBlank()).toList();
        assertEquals(3, reportLines.size(), "a header and one line per rejected row:\n" + report);
        assertTrue(reportLines.get(1).startsWith("6,") && reportLines.get(1).contains("not-an-email"), report);
        assertTrue(reportLines.get(2).startsWith("7,") && reportLines.get(2).toLowerCase().contains("duplicate"), report);

        // The past imports list the finished one.
        page.until("the past imports list the finished import", d -> d.findElements(By.cssSelector("[data-testid='import-row']")).stream()
                .anyMatch(r -> "finished".equals(r.getAttribute("data-state"))));

        // The contacts table shows the payload as text.
        page.click(By.id("nav-contacts"));
        page.pageReady("contacts");
        page.until("the table lists the imported contacts", d -> String.valueOf(CREATED).equals(
                d.findElement(By.id("contacts-table")).getAttribute("data-total")));
        WebElement xss = page.visible(By.cssSelector("[data-testid='contact-row'][data-email='xss@example.com']"));
        assertEquals(XSS_NAME, xss.findElement(By.cssSelector("[data-testid='contact-row-first-name']")).getText(), "the name, literally");
        assertTrue(driver.findElements(By.cssSelector("#contacts-table img")).isEmpty(), "the name did not become an <img>");
        xss.findElement(By.cssSelector("[data-testid='contact-row-email']")).click();
        page.waitForText(By.id("contact-first-name"), XSS_NAME, "the detail shows the name literally");
        assertTrue(driver.findElements(By.cssSelector("#contact-detail img")).isEmpty(), "no <img> on the detail page");

        // Carla's note kept its comma and line break.
        page.click(By.id("contact-back"));
        page.pageReady("contacts");
        page.visible(By.cssSelector("[data-testid='contact-row'][data-email='carla@example.com'] [data-testid='contact-row-email']")).click();
        WebElement note = page.visible(By.cssSelector("[data-testid='contact-attribute'][data-name='note'] [data-testid='contact-attribute-value']"));
        assertEquals(NOTE, note.getAttribute("textContent"));

        // 5. A segment "city is Berlin", counted live as it is built.
        page.click(By.id("nav-segments"));
        page.pageReady("segments");
        waitForCount(CREATED, "with no complete condition the count is every contact");
        By field = By.cssSelector("#segment-builder [data-testid='segment-condition-field']");
        page.select(field, "attribute");
        page.select(By.cssSelector("#segment-builder [data-testid='segment-condition-attribute']"), "city");
        page.select(By.cssSelector("#segment-builder [data-testid='segment-condition-op']"), "is");
        page.type(By.cssSelector("#segment-builder [data-testid='segment-condition-value']"), "Berlin");
        waitForCount(BERLIN, "the live count of city is Berlin");
        page.select(By.cssSelector("#segment-builder [data-testid='segment-condition-op']"), "is_not");
        page.type(By.cssSelector("#segment-builder [data-testid='segment-condition-value']"), "Berlin");
        waitForCount(CREATED - BERLIN, "the live count follows a change of the operator");
        page.select(By.cssSelector("#segment-builder [data-testid='segment-condition-op']"), "is");
        page.type(By.cssSelector("#segment-builder [data-testid='segment-condition-value']"), "Berlin");
        waitForCount(BERLIN, "the live count of city is Berlin again");

        // Save it; the saved segment counts the same and links to its contacts.
        page.type(By.id("segment-name"), "Berliners");
        page.click(By.id("segment-save"));
        page.waitForText(By.id("segment-save-status"), "Saved \"Berliners\".", "the segment is saved");
        WebElement saved = page.until("the saved segment is listed with its count", d -> savedSegment(d, "Berliners")
                .filter(r -> String.valueOf(BERLIN).equals(r.findElement(By.cssSelector("[data-testid='segment-row-count']")).getText()))
                .orElse(null));
        saved.findElement(By.cssSelector("[data-testid='segment-row-contacts']")).click();
        page.pageReady("contacts");
        page.until("the contacts of the segment are listed", d -> String.valueOf(BERLIN).equals(
                d.findElement(By.id("contacts-table")).getAttribute("data-total")));
        assertEquals(List.of("anna@example.com", "carla@example.com", "eve@example.com"),
                driver.findElements(By.cssSelector("[data-testid='contact-row']")).stream()
                        .map(r -> r.getAttribute("data-email")).sorted().toList());

        page.assertNoAlert();
        page.assertCleanConsole();
    }

    @Test
    void organiseContactsInListsAndTagsThenHandleADataSubjectRequest() {
        run("ContactsBrowserIT-organise", this::organise);
    }

    private void organise() throws IOException {
        page.signUp(baseUrl, "organise-" + UUID.randomUUID() + "@example.com", "Nm-" + UUID.randomUUID(), "Organise browser test");
        WebDriver driver = page.driver();

        // Three contacts, created with the form.
        page.click(By.id("nav-contacts"));
        page.pageReady("contacts");
        for (String name : List.of("Ada", "Ben", "Cy")) {
            page.type(By.id("contact-create-email"), name.toLowerCase() + "@example.com");
            page.type(By.id("contact-create-first-name"), name);
            page.click(By.id("contact-create-submit"));
            page.visible(By.cssSelector("[data-testid='contact-row'][data-email='" + name.toLowerCase() + "@example.com']"));
        }
        waitForTotal(3, "the three new contacts are listed");

        // Sorting by the email column header, both ways.
        page.click(By.id("contacts-sort-email"));
        page.until("sorted by email, ascending", d -> rowEmails(d).equals(List.of("ada@example.com", "ben@example.com", "cy@example.com")));
        page.click(By.id("contacts-sort-email"));
        page.until("sorted by email, descending", d -> rowEmails(d).equals(List.of("cy@example.com", "ben@example.com", "ada@example.com")));

        // A list, created on the lists page.
        page.click(By.id("nav-lists"));
        page.pageReady("lists");
        page.type(By.id("list-create-name"), "Newsletter");
        page.click(By.id("list-create-submit"));
        WebElement list = page.visible(By.cssSelector("[data-testid='list-row'][data-name='Newsletter']"));
        assertEquals("0", list.findElement(By.cssSelector("[data-testid='list-row-members']")).getText());

        // Bulk: Ada and Ben join the list, every contact is tagged; each item's result is shown.
        page.click(By.id("nav-contacts"));
        page.pageReady("contacts");
        waitForTotal(3, "the contacts are listed again");
        for (String email : List.of("ada@example.com", "ben@example.com")) {
            page.click(By.cssSelector("[data-testid='contact-row'][data-email='" + email + "'] [data-testid='contact-row-select']"));
        }
        page.waitForText(By.id("contacts-selection"), "2 contacts selected", "the selection is counted");
        page.select(By.id("contacts-bulk-action"), "add_to_list");
        new Select(page.visible(By.id("contacts-bulk-list"))).selectByVisibleText("Newsletter");
        page.click(By.id("contacts-bulk-apply"));
        page.waitForText(By.cssSelector("#contacts-bulk-results [data-testid='results-summary']"), "2 succeeded, 0 failed.",
                "the bulk action reports its results");
        assertEquals(2, driver.findElements(By.cssSelector("#contacts-bulk-results [data-testid='result-item'][data-ok='true']")).size());
        page.click(By.id("contacts-select-all"));
        page.waitForText(By.id("contacts-selection"), "3 contacts selected", "select all selects the page");
        page.select(By.id("contacts-bulk-action"), "tag");
        page.type(By.id("contacts-bulk-tag"), "vip");
        page.click(By.id("contacts-bulk-apply"));
        page.waitForText(By.cssSelector("#contacts-bulk-results [data-testid='results-summary']"), "3 succeeded, 0 failed.",
                "tagging reports its results");
        page.until("every row shows the tag", d -> d.findElements(By.cssSelector("[data-testid='contact-row-tag']")).stream()
                .filter(t -> t.getText().equals("vip")).count() == 3);

        // The list counts its members and links to them.
        page.click(By.id("nav-lists"));
        page.pageReady("lists");
        list = page.until("the list has two members", d -> d.findElements(By.cssSelector("[data-testid='list-row'][data-name='Newsletter']")).stream()
                .filter(r -> r.findElement(By.cssSelector("[data-testid='list-row-members']")).getText().equals("2")).findFirst().orElse(null));
        list.findElement(By.cssSelector("[data-testid='list-row-contacts']")).click();
        page.pageReady("contacts");
        waitForTotal(2, "the contacts of the list");
        assertEquals(List.of("ada@example.com", "ben@example.com"), rowEmails(driver).stream().sorted().toList());

        // Ada unsubscribes: her status and its history change.
        page.visible(By.cssSelector("[data-testid='contact-row'][data-email='ada@example.com'] [data-testid='contact-row-email']")).click();
        page.waitForText(By.id("contact-email"), "ada@example.com", "Ada's detail");
        assertEquals("Newsletter", page.visible(By.cssSelector("#contact-lists [data-testid='contact-list']")).getText());
        page.click(By.id("contact-unsubscribe"));
        page.visible(By.cssSelector("#contact-status[data-status='unsubscribed']"));
        page.visible(By.cssSelector("#contact-history [data-testid='contact-history-row']"));

        // Ben's data-subject request: erase, after confirming; only a hash stays on the suppression list.
        page.click(By.id("contact-back"));
        page.pageReady("contacts");
        page.visible(By.cssSelector("[data-testid='contact-row'][data-email='ben@example.com'] [data-testid='contact-row-email']")).click();
        page.waitForText(By.id("contact-email"), "ben@example.com", "Ben's detail");
        String export = fetch(page.visible(By.id("contact-export")).getAttribute("href"));
        assertTrue(export.startsWith("200\n") && export.contains("ben@example.com"), "the data-subject export: " + export);
        page.click(By.id("contact-erase"));
        assertTrue(page.waitForText(By.id("confirm-dialog-message"), null, "the erase is confirmed first").contains("ben@example.com"));
        page.click(By.id("confirm-dialog-confirm"));
        page.pageReady("contacts");
        waitForTotal(2, "Ben is gone");
        assertTrue(rowEmails(driver).stream().noneMatch("ben@example.com"::equals));

        // Suppression: the erased hash, an address added by hand, a file of addresses with a result per line.
        page.click(By.id("nav-suppressions"));
        page.pageReady("suppressions");
        page.visible(By.cssSelector("[data-testid='suppression-row'][data-reason='erased']"));
        page.type(By.id("suppression-add-email"), "manual@example.com");
        page.click(By.id("suppression-add-submit"));
        WebElement manual = page.until("the manual entry is listed", d -> suppressionRow(d, "manual@example.com").orElse(null));
        assertEquals("manual", manual.getAttribute("data-reason"));
        Path addresses = Files.createTempFile("suppress-", ".txt");
        try {
            Files.writeString(addresses, "first@example.com\nnot an address\n", StandardCharsets.UTF_8);
            driver.findElement(By.id("suppression-import-file")).sendKeys(addresses.toAbsolutePath().toString());
            page.click(By.id("suppression-import-submit"));
            page.waitForText(By.cssSelector("#suppression-import-results [data-testid='results-summary']"), "1 succeeded, 1 failed.",
                    "the import reports each line");
            List<String> results = texts(driver, By.cssSelector("#suppression-import-results [data-testid='result-item']"));
            assertTrue(results.get(0).startsWith("line 1") && results.get(1).startsWith("line 2")
                    && results.get(1).contains("not a valid email address"), results.toString());
        } finally {
            Files.deleteIfExists(addresses);
        }
        page.until("the imported address is listed", d -> suppressionRow(d, "first@example.com").orElse(null));
        page.type(By.id("suppressions-search"), "manual@");
        page.until("the search finds the manual entry only", d -> d.findElements(By.cssSelector("[data-testid='suppression-row']")).size() == 1
                && suppressionRow(d, "manual@example.com").isPresent());
        suppressionRow(driver, "manual@example.com").orElseThrow()
                .findElement(By.cssSelector("[data-testid='suppression-row-remove']")).click();
        page.click(By.id("confirm-dialog-confirm"));
        page.until("the manual entry is removed", d -> suppressionRow(d, "manual@example.com").isEmpty()
                && !d.findElement(By.id("suppressions-status")).getText().isBlank());

        page.assertNoAlert();
        page.assertCleanConsole();
    }

    private void waitForTotal(int total, String what) {
        page.until(what, d -> String.valueOf(total).equals(d.findElement(By.id("contacts-table")).getAttribute("data-total")));
    }

    private static List<String> rowEmails(WebDriver d) {
        return d.findElements(By.cssSelector("[data-testid='contact-row']")).stream().map(r -> r.getAttribute("data-email")).toList();
    }

    private static Optional<WebElement> suppressionRow(WebDriver d, String email) {
        return d.findElements(By.cssSelector("[data-testid='suppression-row']")).stream()
                .filter(r -> email.equals(r.findElement(By.cssSelector("[data-testid='suppression-row-email']")).getText())).findFirst();
    }

    private void waitForCount(int expected, String what) {
        page.visible(By.cssSelector("#segment-count[data-state='ready'][data-count='" + expected + "']"));
        assertEquals(String.valueOf(expected), page.driver().findElement(By.id("segment-count")).getText(), what);
    }

    /** GETs a URL in the page (with its session), answering "status\nbody". */
    private String fetch(String url) {
        Object answer = page.driver().executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0], { credentials: 'same-origin' })"
                        + ".then(r => r.text().then(t => done(r.status + '\\n' + t)))"
                        + ".catch(e => done('failed ' + e));", url);
        return String.valueOf(answer);
    }

    private static Optional<WebElement> savedSegment(WebDriver d, String name) {
        return d.findElements(By.cssSelector("[data-testid='segment-row']")).stream()
                .filter(r -> name.equals(r.getAttribute("data-name"))).findFirst();
    }

    private static String selected(WebDriver d, By by) {
        return d.findElement(by).getAttribute("value");
    }

    private static List<String> texts(WebDriver d, By by) {
        return d.findElements(by).stream().map(e -> e.getAttribute("textContent")).collect(Collectors.toList());
    }
}
