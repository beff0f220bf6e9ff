package io.neuromail.delivery.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class TrackedHtmlTest {

    @Test
    void webLinksBecomeNumberedMergeTagsAndTheRestOfTheTemplateStaysAsWritten() {
        String html = "<html><body>\n<!--[if mso]><a href=\"https://shop.example/outlook\">O</a><![endif]-->\n"
                + "<A class=\"btn\" HREF = 'https://shop.example/?a=1&amp;b=2' style=\"color:red\">Shop</A>\n"
                + "{% if vip %}<a href=https://vip.example/x>VIP</a>{% endif %}\n"
                + "<a href=\"mailto:help@example.org\">Mail</a> <a href=\"tel:+4930123\">Call</a>\n"
                + "<a href=\"{{ unsubscribe_url }}\">Unsubscribe</a> <a href=\"https://x.example/{{ id }}\">Own</a>\n"
                + "<a data-notrack href=\"https://private.example/\">Private</a>\n"
                + "<abbr title=\"x\">a</abbr><area href=\"https://map.example/\">\n"
                + "<a href=\"javascript:alert(1)\">x</a><a href=\"/relative\">r</a><a name=\"top\">t</a>\n"
                + "<a href=\"https://shop.example/outlook\">again</a></body></html>";
        TrackedHtml.Rewritten r = TrackedHtml.rewrite(html);
        assertEquals(List.of("https://shop.example/outlook", "https://shop.example/?a=1&b=2", "https://vip.example/x",
                "https://shop.example/outlook"), r.links(), "the same address twice is two links: each place counts");
        String expected = html.replace("<a href=\"https://shop.example/outlook\">O", "<a href=\"{{ nm_link_1 }}\">O")
                .replace("'https://shop.example/?a=1&amp;b=2'", "'{{ nm_link_2 }}'")
                .replace("href=https://vip.example/x>", "href=\"{{ nm_link_3 }}\">")
                .replace("<a href=\"https://shop.example/outlook\">again", "<a href=\"{{ nm_link_4 }}\">again");
        assertEquals(expected, r.html());
    }

    @Test
    void htmlWithoutLinksIsReturnedAsItIs() {
        String html = "<p>No links < here > at all <a</p>";
        TrackedHtml.Rewritten r = TrackedHtml.rewrite(html);
        assertSame(html, r.html());
        assertEquals(List.of(), r.links());
        assertNull(TrackedHtml.rewrite(null).html());
    }

    @Test
    void anUnclosedTagOrQuoteEndsTheScanWithoutHarm() {
        TrackedHtml.Rewritten r = TrackedHtml.rewrite("<a href=\"https://a.example/ <b>");
        assertEquals(List.of(), r.links(), "an address with a space and no end is no web link");
        assertEquals(List.of("https://a.example/"), TrackedHtml.rewrite("<a href=\"https://a.example/\"").links());
    }

    @Test
    void aLongHostileInputIsScannedInLinearTime() {
        String hostile = "<a href=\"".repeat(200_000) + "<a " + "x=".repeat(200_000);
        long start = System.nanoTime();
        TrackedHtml.rewrite(hostile);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 2_000, "took " + millis + " ms");
    }

    @Test
    void thePixelAndTheHiddenLinkGoBeforeTheEndOfTheBody() {
        String out = TrackedHtml.withPixel("<html><body><p>Hi</p></BODY></html>", "https://nm.example/t/o/T",
                "https://nm.example/t/c/H");
        assertTrue(out.startsWith("<html><body><p>Hi</p><a href=\"https://nm.example/t/c/H\" style=\"display:none;"), out);
        assertTrue(out.endsWith("<img src=\"https://nm.example/t/o/T\" width=\"1\" height=\"1\" alt=\"\" "
                + "style=\"display:block;width:1px;height:1px;border:0;margin:0;padding:0\"></BODY></html>"), out);
        assertTrue(TrackedHtml.withPixel("<p>x</p>", "P", "H").startsWith("<p>x</p><a href=\"H\""));
    }
}
