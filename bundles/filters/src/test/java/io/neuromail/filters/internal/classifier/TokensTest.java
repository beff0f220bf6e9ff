package io.neuromail.filters.internal.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.neuromail.filter.api.Email;
import io.neuromail.filters.internal.message.MessageAnalyzer;

class TokensTest {

    private static Set<String> tokens(String from, String html, String text) {
        return Tokens.of(MessageAnalyzer.analyze(new Email("Hello", from, null, html, text, Map.of())));
    }

    @Test
    void theMakeUpOfAMessageIsAFewTokensOfItsOwn() {
        String images = "<img src=\"https://cdn.shop.example/a.png\"><img src=\"https://cdn.shop.example/b.png\">"
                + "<img src=\"https://cdn.shop.example/c.png\">";
        Set<String> newsletter = tokens("Shop <news@mail.shop.example>", "<p>Our new range</p>" + images
                + "<a href=\"https://www.shop.example/range\">See it</a>", "Our new range");
        assertTrue(newsletter.containsAll(List.of(Tokens.HTML_AND_TEXT, "x:img3", "x:links1", "f:shop.example", Tokens.LINKS_TO_SENDER)),
                newsletter.toString());
        assertFalse(newsletter.contains(Tokens.LINKS_ELSEWHERE));

        Set<String> elsewhere = tokens("offers@free-mail.example", "<p>Great offer</p><a href=\"http://cheap.example/x\">Buy</a>", null);
        assertTrue(elsewhere.containsAll(List.of(Tokens.HTML_ONLY, "x:img0", "x:links1", "f:free-mail.example", Tokens.LINKS_ELSEWHERE)),
                elsewhere.toString());

        Set<String> plain = tokens(null, null, "Minutes of the meeting");
        assertTrue(plain.containsAll(List.of(Tokens.TEXT_ONLY, "x:img0", "x:links0")), plain.toString());
        assertTrue(plain.stream().noneMatch(t -> t.startsWith(Tokens.FROM) || t.startsWith("x:links-")),
                "no sender, so no sender's domain and nothing about links to it: " + plain);
    }

    @Test
    void countsFallInRanges() {
        int[][] cases = {{0, 0}, {1, 1}, {2, 1}, {3, 3}, {5, 3}, {6, 6}, {15, 6}, {16, 16}, {40, 16}, {41, 41}, {5000, 41}};
        for (int[] c : cases) {
            assertEquals(c[1], Tokens.range(c[0]), "range of " + c[0]);
        }
    }

    @Test
    void theSendersDomainIsReadFromTheAddressOnly() {
        assertEquals("shop.example", Tokens.senderDomain("\"Shop, Inc.\" <news@mail.shop.example>"));
        assertEquals("shop.example", Tokens.senderDomain("NEWS@Shop.Example."));
        assertEquals("", Tokens.senderDomain("Shop without an address"));
        assertEquals("", Tokens.senderDomain("news@localhost"));
        assertEquals("", Tokens.senderDomain(""));
        assertEquals("", Tokens.senderDomain(null));
    }

    @Test
    void aLinkHostThatIsNoHostNameGivesNoToken() {
        assertEquals("example.org", Tokens.domain("www.example.org"));
        assertEquals("", Tokens.domain("berkshire hathaway.com"), "a space");
        assertEquals("", Tokens.domain("user@example.org"));
        assertEquals("", Tokens.domain("#fragment"));
        Set<String> t = tokens("a@b.example", "<a href=\"http://berkshire hathaway.com/x\">x</a><a href=\"http://ok.example/\">y</a>", null);
        assertTrue(t.stream().filter(x -> x.startsWith(Tokens.HOST)).allMatch(SpamModel::writable), t.toString());
    }
}
