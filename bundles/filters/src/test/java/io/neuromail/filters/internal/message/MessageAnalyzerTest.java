package io.neuromail.filters.internal.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.neuromail.filter.api.Email;
import io.neuromail.filter.api.Link;
import io.neuromail.filter.api.Message;
import io.neuromail.filter.api.Part;

class MessageAnalyzerTest {

    private static Message html(String html) {
        return MessageAnalyzer.analyze(new Email("s", null, null, html, null, Map.of()));
    }

    @Test
    void decodesEntitiesAndRemovesInvisibleCharacters() {
        Message m = html("<p>Fr&#101;e mo\u200Bney &amp; ｃａｓｈ\u00AD!</p>");
        assertEquals("Free money & cash!", m.visibleText());
        assertEquals("free money & cash!", m.lowerText());
    }

    @Test
    void separatesHiddenText() {
        Message m = html("<div>Hello reader</div>"
                + "<div style=\"display:none\">hidden one</div>"
                + "<span style='font-size:0px'>hidden two</span>"
                + "<p style=\"color:#ffffff\">hidden three</p>"
                + "<table bgcolor=\"#000\"><tr><td><font color=\"#000000\">hidden four</font></td></tr></table>"
                + "<p style=\"color:#fff;background-color:#000\">visible white on black</p>");
        assertEquals("Hello reader visible white on black", m.visibleText());
        assertEquals("hidden one hidden two hidden three hidden four", m.hiddenText());
    }

    @Test
    void collectsLinksFormsAndImages() {
        Message m = html("<a href=' https://example.com/a '>Read <b>more</b></a> <img src='x.png'>"
                + "<form action='https://collect.example/post'><input name=u><input type=password name=p></form>");
        assertEquals(List.of(new Link("https://example.com/a", "example.com", "Read more", Part.HTML),
                new Link("https://collect.example/post", "collect.example", "", Part.HTML)), m.links());
        assertEquals(1, m.images());
        assertEquals(1, m.forms().size());
        assertEquals(2, m.forms().get(0).inputs());
        assertEquals(1, m.forms().get(0).passwordFields());
    }

    @Test
    void aTextOnlyMessageHasItsBareAddressesAsLinks() {
        Message m = MessageAnalyzer.analyze(new Email("s", null, null, null, "Go to https://a.example/x, or www.b.example.", Map.of()));
        assertEquals(List.of("https://a.example/x", "www.b.example"), m.links().stream().map(Link::url).toList());
        assertEquals("www.b.example", m.links().get(1).host());
        assertFalse(m.hasHtml());
        assertTrue(m.hasTextPart());
    }

    @Test
    void hostsOfOddAddresses() {
        assertEquals("evil.example", MessageAnalyzer.host("http://user:pw@EVIL.example:8080/x"));
        assertEquals("192.168.0.1", MessageAnalyzer.host("http://192.168.0.1/login"));
        assertEquals("", MessageAnalyzer.host("mailto:a@b.example"));
        assertEquals("bad host.example", MessageAnalyzer.host("http://bad host.example/p q"));
    }
}
