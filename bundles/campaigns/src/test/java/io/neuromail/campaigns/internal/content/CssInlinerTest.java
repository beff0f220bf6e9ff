package io.neuromail.campaigns.internal.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

class CssInlinerTest {

    private final CssInliner inliner = new CssInliner();

    private Document inline(String html) {
        return Jsoup.parse(inliner.inline(html));
    }

    @Test
    void theMoreSpecificSelectorWinsWhateverItsPlace() {
        Document doc = inline("<style>.x { color: blue } p { color: red } #id { color: green }</style>"
                + "<p class=\"x\">a</p><p class=\"x\" id=\"id\">b</p><p>c</p>");
        assertEquals(List.of("color: blue;", "color: green;", "color: red;"), doc.select("p").eachAttr("style"));
    }

    @Test
    void theLaterRuleWinsAtEqualSpecificity() {
        Document doc = inline("<style>p { color: red } p { color: blue }</style><p>a</p>");
        assertEquals("color: blue;", doc.selectFirst("p").attr("style"));
    }

    @Test
    void ownDeclarationsWinUnlessTheSheetSaysImportant() {
        Document doc = inline("<style>p { color: red; margin: 0 } .i { color: blue !important } .j { color: blue !important }</style>"
                + "<p style=\"color: green\">a</p><p class=\"i\" style=\"color: green\">b</p><p class=\"j\" style=\"color: green !important\">c</p>");
        List<String> styles = doc.select("p").eachAttr("style");
        assertEquals("margin: 0; color: green;", styles.get(0));
        assertEquals("margin: 0; color: blue;", styles.get(1));
        assertEquals("margin: 0; color: green !important;", styles.get(2));
    }

    @Test
    void aLonghandThatWonIsNotUndoneByAShorthand() {
        Document doc = inline("<style>td.a { padding-top: 5px } td { padding: 0 }</style><table><tr><td class=\"a\">x</td></tr></table>");
        assertEquals("padding: 0; padding-top: 5px;", doc.selectFirst("td").attr("style"));
    }

    @Test
    void mediaQueriesAndPseudoClassesStayInTheStyleBlock() {
        String out = inliner.inline("<html><head><style>p { color: red } a:hover { color: blue } "
                + "@media only screen and (max-width: 600px) { .c { width: 100% !important } }</style></head>"
                + "<body><p class=\"c\">x</p><a href=\"https://example.com\">y</a></body></html>");
        Document doc = Jsoup.parse(out);
        String css = doc.selectFirst("style").data();
        assertTrue(css.contains("a:hover"), css);
        assertTrue(css.contains("@media only screen and (max-width: 600px)"), css);
        assertTrue(css.contains(".c { width: 100% !important; }"), css);
        assertFalse(css.contains("p {"), css);
        assertEquals("color: red;", doc.selectFirst("p").attr("style"));
        assertEquals("", doc.selectFirst("a").attr("style"));
    }

    @Test
    void anEmptiedStyleBlockIsRemoved() {
        String out = inliner.inline("<style>p { color: red }</style><p>x</p>");
        assertEquals("<p style=\"color: red;\">x</p>", out);
    }

    @Test
    void mergeTagsPassUnchanged() {
        String out = inliner.inline("<style>a { color: red }</style><p>Hi {{ first_name | default: \"there\" }}</p>"
                + "<a href=\"{{unsubscribe_url}}\">Unsubscribe</a><a href='{{ webview_url | append: \"?x=1\" }}'>Web</a>");
        assertTrue(out.contains("Hi {{ first_name | default: \"there\" }}"), out);
        assertTrue(out.contains("href=\"{{unsubscribe_url}}\" style=\"color: red;\""), out);
        assertTrue(out.contains("href=\"{{ webview_url | append: '?x=1' }}\""), out);
    }

    @Test
    void builtInTemplatesKeepTheirTextAndOnlyTheirMediaRules() {
        HtmlSanitiser sanitiser = new HtmlSanitiser();
        HtmlToText text = new HtmlToText();
        for (BuiltInTemplates.Template template : new BuiltInTemplates().list()) {
            String sanitised = sanitiser.sanitise(template.html()).html();
            String inlined = inliner.inline(sanitised);
            Document doc = Jsoup.parse(inlined);
            Element style = doc.selectFirst("head style");
            assertNotNull(style, template.id());
            assertTrue(style.data().strip().startsWith("@media"), template.id() + ": " + style.data());
            assertTrue(doc.body().attr("style").contains("margin: 0"), template.id());
            for (Element table : doc.select("table")) {
                assertTrue(table.attr("style").contains("border-collapse: collapse"), template.id());
            }
            assertEquals(text.toText(sanitised), text.toText(inlined), template.id());
            assertEquals(List.of(), sanitiser.sanitise(inlined).notes(), template.id());
        }
    }

    @Test
    void realNewslettersKeepTheirText() {
        HtmlSanitiser sanitiser = new HtmlSanitiser();
        List<String> changed = new ArrayList<>();
        for (CorpusSample.Newsletter newsletter : CorpusSample.newsletters()) {
            String sanitised = sanitiser.sanitise(newsletter.html()).html();
            String inlined = inliner.inline(sanitised);
            Document before = Jsoup.parse(sanitised);
            Document after = Jsoup.parse(inlined);
            if (!before.body().text().equals(after.body().text())
                    || before.select("table, img, a[href]").size() != after.select("table, img, a[href]").size()) {
                changed.add(newsletter.name());
            }
            if (before.selectFirst("style") == null) {
                assertEquals(sanitised, inlined, newsletter.name());
            }
        }
        assertEquals(List.of(), changed);
    }

    @Test
    void withoutStyleBlocksTheHtmlIsReturnedAsItIs() {
        String html = "<p style=\"color:red\">x</p>";
        assertEquals(html, inliner.inline(html));
        assertNull(Jsoup.parse(inliner.inline("<style>p{color:red}</style><p>x</p>")).selectFirst("style"));
    }
}
