package io.neuromail.filters.internal.builtin;

import static io.neuromail.filters.internal.Messages.FOOTER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.neuromail.filter.api.Email;
import io.neuromail.filter.api.Finding;
import io.neuromail.filter.api.Message;
import io.neuromail.filter.api.Part;
import io.neuromail.filters.internal.Configs;
import io.neuromail.filters.internal.Messages;
import io.neuromail.filters.internal.message.MessageAnalyzer;
import io.neuromail.filters.internal.text.WeightedPhrases;

class SpamFilterTest {

    private final SpamFilter filter = new SpamFilter();

    SpamFilterTest() {
        filter.configure(Configs.of(SpamFilter.Config.class, Map.of("rulesFile", "/nonexistent/spam-words.txt")));
    }

    private List<String> rules(Message m) {
        return filter.check(m).stream().map(Finding::ruleId).toList();
    }

    @Test
    void aPlainNewsletterHasNoFindings() {
        Message m = Messages.html("Our autumn programme", "<h1>Autumn at the library</h1><p>Join our reading circle on "
                + "Thursday evenings. We discuss a new novel each month and tea is served.</p>" + FOOTER);
        assertEquals(List.of(), filter.check(m));
    }

    @Test
    void weightedPhrasesInSubjectAndText() {
        List<Finding> findings = filter.check(Messages.html("Act now", "<p>Claim your prize: free money for you.</p>" + FOOTER));
        Finding subject = findings.stream().filter(f -> f.location().part() == Part.SUBJECT).findFirst().orElseThrow();
        assertEquals("Act now", subject.location().match());
        assertTrue(findings.stream().anyMatch(f -> "free money".equals(f.location().match())));
        assertTrue(findings.stream().anyMatch(f -> "Claim your prize".equals(f.location().match())));
    }

    @Test
    void obfuscatedPhrasesAreStillFound() {
        for (String html : List.of("fr&#101;e m&#x6F;ney", "fr\u200Bee mon\u200Dey", "ＦＲＥＥ ＭＯＮＥＹ", "free&nbsp;&nbsp;money", "FREE<b></b> money")) {
            List<Finding> findings = filter.check(Messages.html("Hello", "<p>" + html + "</p>" + FOOTER));
            assertTrue(findings.stream().anyMatch(f -> f.ruleId().equals("spam.phrase") && f.location().match().equalsIgnoreCase("free money")),
                    () -> html + " gave " + findings);
        }
    }

    @Test
    void patterns() {
        assertTrue(rules(Messages.html("Hello", "<p>Win $1,000,000 today</p>" + FOOTER)).contains("spam.pattern"));
    }

    @Test
    void allCapsSubjectAndPunctuation() {
        assertTrue(rules(Messages.html("BIGGEST SALE OF THE YEAR", "<p>Shoes.</p>" + FOOTER)).contains("spam.all-caps-subject"));
        assertTrue(rules(Messages.html("Really?!?!", "<p>Shoes.</p>" + FOOTER)).contains("spam.punctuation"));
        assertEquals("!!!", SpamFilter.excessivePunctuation("Wow!!! ok"));
        assertNull(SpamFilter.excessivePunctuation("Wow! ok?"));
        assertTrue(!SpamFilter.allCaps("NASA and ESA launch"));
    }

    @Test
    void hiddenTextImageOnlyAndMissingTextPart() {
        assertTrue(rules(Messages.html("Hello", "<p>Shoes.</p><div style='font-size:0'>cheap cheap cheap cheap</div>" + FOOTER)).contains("spam.hidden-text"));
        Message imageOnly = MessageAnalyzer.analyze(new Email("Hello", null, null, "<img src='https://cdn.example/offer.png'>" + FOOTER, null, Map.of()));
        assertTrue(rules(imageOnly).containsAll(List.of("spam.image-only", "spam.no-text-part")));
    }

    @Test
    void shortenersAndMissingUnsubscribe() {
        List<String> rules = rules(Messages.html("Hello", "<p>See <a href='https://bit.ly/abc'>this</a></p>"));
        assertTrue(rules.containsAll(List.of("spam.url-shortener", "spam.no-unsubscribe")), rules::toString);
        Message withHeader = MessageAnalyzer.analyze(new Email("Hello", null, null, "<p>Shoes.</p>", "Shoes.",
                Map.of("List-Unsubscribe", "<https://news.example.org/u>")));
        assertTrue(!rules(withHeader).contains("spam.no-unsubscribe"));
    }

    @Test
    void habitsNewslettersShareWithSpamDoNotAddUpToAWarning() {
        // HTML only, a hidden preheader, a shortened link, no unsubscribe link (a copy forwarded from a list)
        Message newsletter = MessageAnalyzer.analyze(new Email("Your weekly picks", null, null,
                "<div style='display:none'>This week: new arrivals and our autumn sale</div>"
                        + "<p>New arrivals are in. <a href='https://bit.ly/autumn'>See the collection</a>.</p>", null, Map.of()));
        List<Finding> findings = filter.check(newsletter);
        assertTrue(rules(newsletter).containsAll(List.of("spam.hidden-text", "spam.no-text-part", "spam.url-shortener", "spam.no-unsubscribe")),
                findings::toString);
        double sum = findings.stream().mapToDouble(Finding::score).sum();
        assertTrue(sum < 2, "the default warning threshold is 5; these habits sum to " + sum);
        assertEquals(0, findings.stream().filter(f -> f.ruleId().equals("spam.no-text-part")).findFirst().orElseThrow().score(),
                "a missing text part is advice, not evidence: newsletters lack it as often as spam");
    }

    @Test
    void spamWordingHiddenFromTheReaderWeighsMuchMoreThanAHiddenPreheader() {
        Message preheader = Messages.html("Your order update", "<p>Your order is on its way.</p>"
                + "<div style='display:none'>Tracking details and delivery times inside</div>" + FOOTER);
        assertEquals(List.of("spam.hidden-text"), rules(preheader));
        Message stuffed = Messages.html("Your order update", "<p>Your order is on its way.</p>"
                + "<div style='display:none'>tracking details, FREE MONEY and a cash bonus</div>" + FOOTER);
        List<Finding> findings = filter.check(stuffed);
        Finding wording = findings.stream().filter(f -> f.ruleId().equals("spam.hidden-wording")).findFirst().orElseThrow(() -> new AssertionError(findings.toString()));
        assertEquals("FREE MONEY", wording.location().match());
        assertEquals(4.0, wording.score());
        assertTrue(findings.stream().noneMatch(f -> f.ruleId().equals("spam.phrase")), "hidden words are not visible wording");
    }

    @Test
    void hiddenTextIsReadForWordingUpToALimit() {
        StringBuilder hidden = new StringBuilder();
        while (hidden.length() < 2 * SpamFilter.MAX_HIDDEN_CHARS) {
            hidden.append("harmless words ");
        }
        assertNull(SpamFilter.hiddenWording(hidden + "free money", WeightedPhrases.parse(List.of("2 free money"))));
        assertEquals("Free money", SpamFilter.hiddenWording("a Free money b", WeightedPhrases.parse(List.of("2 free money"))));
    }

    @Test
    void phrasesAsCommonInNewslettersAsInSpamAreNoRules() {
        Message m = Messages.html("Hello", "<p>Click here to start your free trial at the lowest price; "
                + "tickets go immediately.</p>" + FOOTER);
        assertEquals(List.of(), filter.check(m));
    }

    @Test
    void configurationChangesApplyAtOnce() {
        Message m = Messages.html("BIGGEST SALE OF THE YEAR", "<p>Shoes.</p>" + FOOTER);
        filter.configure(Configs.of(SpamFilter.Config.class, Map.of("allCapsSubjectScore", 7.5)));
        assertEquals(7.5, filter.check(m).get(0).score());
    }
}
