package io.neuromail.campaigns.internal.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

class BuiltInTemplatesTest {

    private final BuiltInTemplates templates = new BuiltInTemplates();

    @Test
    void listsTheShippedTemplates() {
        assertEquals(List.of("newsletter", "announcement", "simple-letter"), templates.list().stream().map(BuiltInTemplates.Template::id).toList());
        for (BuiltInTemplates.Template t : templates.list()) {
            assertFalse(t.name().isBlank());
            assertFalse(t.description().isBlank());
            assertFalse(t.subject().isBlank());
        }
        assertTrue(templates.find("announcement").isPresent());
        assertTrue(templates.find("../index.json").isEmpty());
    }

    @Test
    void eachIsAResponsiveEmailWithTheRequiredParts() {
        for (BuiltInTemplates.Template t : templates.list()) {
            Document doc = Jsoup.parse(t.html());
            String css = doc.selectFirst("head style").data();
            assertTrue(css.contains("@media only screen and (max-width:"), t.id());
            assertTrue(doc.selectFirst("meta[name=viewport]") != null, t.id());
            Element container = doc.selectFirst("table.container");
            assertNotNull(container, t.id());
            assertTrue(container.attr("style").contains("max-width: 600px"), t.id());
            assertEquals("presentation", container.attr("role"), t.id());
            Element preheader = doc.body().child(0);
            assertTrue(preheader.attr("style").contains("display: none"), t.id());
            assertFalse(preheader.text().isBlank(), t.id());
            assertFalse(doc.select("td[bgcolor] > a[href^=https://]").isEmpty(), t.id() + ": a button");
            assertTrue(t.html().contains("{{ first_name | default: \"there\" }}"), t.id());
            for (String tag : List.of("{{account_name}}", "{{postal_address}}")) {
                assertTrue(t.html().contains(tag), t.id() + " " + tag);
            }
            assertFalse(doc.select("a[href={{unsubscribe_url}}]").isEmpty(), t.id());
            assertFalse(doc.select("a[href={{webview_url}}]").isEmpty(), t.id());
            assertFalse(t.html().toLowerCase(Locale.ROOT).contains("<div"), t.id() + ": tables for layout");
        }
    }

    @Test
    void sanitisingChangesNothingThatMatters() {
        HtmlSanitiser sanitiser = new HtmlSanitiser();
        for (BuiltInTemplates.Template t : templates.list()) {
            HtmlSanitiser.Result result = sanitiser.sanitise(t.html());
            assertEquals(List.of(), result.notes(), t.id());
            Document before = Jsoup.parse(t.html());
            Document after = Jsoup.parse(result.html());
            assertEquals(before.title(), after.title(), t.id());
            assertEquals(before.body().text(), after.body().text(), t.id());
            assertEquals(before.select("*").stream().map(Element::normalName).filter(n -> !n.equals("tbody")).toList(),
                    after.select("*").stream().map(Element::normalName).filter(n -> !n.equals("tbody")).toList(), t.id());
            assertEquals(before.select("a").eachAttr("href"), after.select("a").eachAttr("href"), t.id());
            assertEquals(before.select("img").eachAttr("src"), after.select("img").eachAttr("src"), t.id());
            assertEquals(before.select("[class]").eachAttr("class"), after.select("[class]").eachAttr("class"), t.id());
            List<Element> styled = before.body().select("[style]");
            List<Element> styledAfter = after.body().select("[style]");
            assertEquals(styled.size(), styledAfter.size(), t.id());
            for (int i = 0; i < styled.size(); i++) {
                assertEquals(normalise(styled.get(i).attr("style")), normalise(styledAfter.get(i).attr("style")), t.id());
            }
            assertEquals(count(before.selectFirst("head style").data(), '{'), count(after.selectFirst("head style").data(), '{'), t.id());
        }
    }

    /** Declarations as the sanitiser writes them: lower case, no spaces or quotes, no trailing semicolon. */
    private static String normalise(String style) {
        String s = style.toLowerCase(Locale.ROOT).replace(" ", "").replace("'", "").replace("\"", "");
        return s.endsWith(";") ? s.substring(0, s.length() - 1) : s;
    }

    private static int count(String text, char c) {
        return (int) text.chars().filter(x -> x == c).count();
    }
}
