package io.neuromail.senderidentity.internal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * What the bundle serves: the page module and stylesheet at /ui/sender-identities/, registered by the
 * whiteboard properties bnd writes, keeping to the page rules (no imports from elsewhere, no markup
 * parsing, no inline styles or handlers); and the verification page's servlet and escaping.
 */
class ServedFilesTest {

    private static final Path CLASSES = Path.of("target", "classes");
    private static final Pattern FORBIDDEN = Pattern.compile(
            "innerHTML|outerHTML|insertAdjacentHTML|document\\.write|\\beval\\(|new Function\\(|\\.style\\b|'style'|\\bon[a-z]+:\\s*['\"]|setAttribute\\('on|\\bimport\\b");

    @Test
    void thePageIsRegisteredAndServedFromItsFolder() throws IOException {
        String xml = Files.readString(CLASSES.resolve(
                "OSGI-INF/io.neuromail.senderidentity.internal.web.SenderIdentitiesPage.xml"), StandardCharsets.UTF_8);
        assertTrue(xml.contains("/ui/sender-identities/*"), xml);
        assertTrue(xml.contains("value=\"/sender-identities-ui\""), xml);
        assertTrue(xml.contains("<provide interface=\"io.neuromail.web.api.NavigationEntry\"/>"), xml);
        assertTrue(Files.exists(CLASSES.resolve("sender-identities-ui/page.js")));
        assertTrue(Files.exists(CLASSES.resolve("sender-identities-ui/page.css")));
        SenderIdentitiesPage page = new SenderIdentitiesPage();
        assertEquals("/ui/sender-identities/page.js", page.moduleUrl());
        assertEquals("sender-identities", page.route());
    }

    @Test
    void theModuleParsesNoMarkupAndSetsNoInlineStylesOrHandlers() throws IOException {
        List<String> offences = new ArrayList<>();
        List<String> lines = Files.readAllLines(CLASSES.resolve("sender-identities-ui/page.js"), StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (FORBIDDEN.matcher(lines.get(i)).find()) {
                offences.add((i + 1) + ": " + lines.get(i).strip());
            }
        }
        assertTrue(offences.isEmpty(), String.join("\n", offences));
    }

    @Test
    void theVerificationServletAnswersUnderItsPrefix() throws IOException {
        String xml = Files.readString(CLASSES.resolve(
                "OSGI-INF/io.neuromail.senderidentity.internal.web.VerificationServlet.xml"), StandardCharsets.UTF_8);
        assertTrue(xml.contains("/verify-sender/*"), xml);
    }

    @Test
    void theVerificationPageEscapesWhatItShows() {
        assertEquals("&lt;img src=x onerror=&quot;a&#39;&quot;&gt;&amp;", VerificationServlet.escape("<img src=x onerror=\"a'\">&"));
        assertEquals("", VerificationServlet.escape(null));
    }
}
