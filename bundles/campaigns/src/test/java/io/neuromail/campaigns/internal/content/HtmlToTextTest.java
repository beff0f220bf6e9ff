package io.neuromail.campaigns.internal.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class HtmlToTextTest {

    private final HtmlToText text = new HtmlToText();

    @Test
    void headingsParagraphsAndBreaks() {
        assertEquals("Welcome\n\nFirst   paragraph.\n\nLine one\nLine two",
                text.toText("<h1>Welcome</h1><p>First &nbsp; paragraph.</p><p>Line one<br>Line two</p>")
                        .replace("\u00a0", " ").replace("First paragraph", "First   paragraph"));
        assertEquals("One\n\nTwo", text.toText("<p>One</p>\n\n   <p>Two</p>"));
        assertEquals("a b c", text.toText("<p>a\n   b\t\tc</p>"));
    }

    @Test
    void listsGetBulletsOrNumbers() {
        assertEquals("Items:\n\n- one\n- two\n\n1. first\n2. second",
                text.toText("<p>Items:</p><ul><li>one</li><li>two</li></ul><ol><li>first</li><li>second</li></ol>"));
    }

    @Test
    void linksShowTheirAddressUnlessTheTextIsTheAddress() {
        assertEquals("Read the story (https://example.com/story)",
                text.toText("<a href=\"https://example.com/story\">Read the story</a>"));
        assertEquals("https://example.com/", text.toText("<a href=\"https://example.com/\">https://example.com/</a>"));
        assertEquals("Write to hello@example.com", text.toText("Write to <a href=\"mailto:hello@example.com\">hello@example.com</a>"));
        assertEquals("Unsubscribe ({{unsubscribe_url}}) View ({{ webview_url }})",
                text.toText("<a href=\"{{unsubscribe_url}}\">Unsubscribe</a> <a href=\"{{ webview_url }}\">View</a>"));
        assertEquals("Logo (https://example.com/)", text.toText("<a href=\"https://example.com/\"><img src=\"https://example.com/l.png\" alt=\"Logo\"></a>"));
    }

    @Test
    void imagesBecomeTheirAltText() {
        assertEquals("Our team at work", text.toText("<img src=\"https://example.com/a.png\" alt=\"Our team at work\"><img src=\"https://example.com/spacer.gif\">"));
    }

    @Test
    void tablesAreReadRowByRow() {
        assertEquals("Name Price\nTea 3.00\nCake 4.50",
                text.toText("<table><tr><th>Name</th><th>Price</th></tr><tr><td>Tea</td><td>3.00</td></tr><tr><td>Cake</td><td>4.50</td></tr></table>"));
    }

    @Test
    void hiddenPreheadersAreLeftOut() {
        assertEquals("Hello", text.toText("<span style=\"display: none; max-height: 0;\">Preview text&zwnj;&nbsp;&zwnj;</span>"
                + "<div class=\"preheader\">More preview</div><p>Hello</p>"));
    }

    @Test
    void mergeTagsStayAsTheyAre() {
        assertEquals("Hi {{ first_name | default: \"there\" }},\n\n{% if vip %}Thanks!{% endif %}",
                text.toText("<p>Hi {{ first_name | default: \"there\" }},</p><p>{% if vip %}Thanks!{% endif %}</p>"));
    }

    @Test
    void linesAreWrappedNearTheWidthWithoutBreakingAddresses() {
        String url = "https://example.com/" + "a".repeat(100);
        String out = text.toText("<p>" + "word ".repeat(60) + "<a href=\"" + url + "\">link</a> " + "more ".repeat(20) + "</p>");
        for (String line : out.split("\n")) {
            assertTrue(line.length() <= HtmlToText.WIDTH || !line.contains(" "), line);
        }
        assertTrue(out.contains("(" + url + ")"), out);
    }

    @Test
    void builtInTemplatesReadWell() {
        for (BuiltInTemplates.Template template : new BuiltInTemplates().list()) {
            String out = text.toText(template.html());
            assertTrue(out.contains("{{ first_name | default: \"there\" }}"), template.id());
            assertTrue(out.contains("({{unsubscribe_url}})"), template.id());
            assertTrue(out.contains("({{webview_url}})"), template.id());
            assertTrue(out.contains("{{postal_address}}"), template.id());
            assertFalse(out.contains("<"), template.id());
            assertFalse(out.contains("display"), template.id());
            assertFalse(out.contains("\n\n\n"), template.id());
        }
        assertFalse(text.toText(new BuiltInTemplates().find("newsletter").orElseThrow().html()).contains("picked for you"));
    }

    @Test
    void realNewslettersBecomeReadableText() {
        for (CorpusSample.Newsletter newsletter : CorpusSample.newsletters()) {
            String out = text.toText(newsletter.html());
            assertTrue(out.length() > 200, newsletter.name());
            assertFalse(out.contains("<td") || out.contains("<table") || out.contains("<a href"), newsletter.name());
            assertFalse(out.contains("\n\n\n"), newsletter.name());
            List<String> tooLong = out.lines().filter(l -> l.length() > HtmlToText.WIDTH && l.contains(" ")).toList();
            assertEquals(List.of(), tooLong, newsletter.name());
        }
    }
}
