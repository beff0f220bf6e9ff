package io.neuromail.filters.internal.builtin;

import static io.neuromail.filters.internal.Messages.FOOTER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.neuromail.filter.api.Email;
import io.neuromail.filter.api.Finding;
import io.neuromail.filters.internal.Configs;
import io.neuromail.filters.internal.Messages;
import io.neuromail.filters.internal.message.MessageAnalyzer;

class PhishingFilterTest {

    private final PhishingFilter filter = new PhishingFilter();

    PhishingFilterTest() {
        filter.configure(Configs.of(PhishingFilter.Config.class, Map.of("brandsFile", "/nonexistent/brands.txt")));
    }

    private List<String> rules(String html) {
        return filter.check(Messages.html(html + FOOTER)).stream().map(Finding::ruleId).toList();
    }

    @Test
    void linkTextShowingAnotherDomain() {
        assertEquals(List.of("phishing.deceptive-link"), rules("<a href='https://evil.example/login'>https://www.mybank.example/login</a>"));
        assertEquals(List.of("phishing.deceptive-link"), rules("<a href='https://evil.example/'>mybank.example</a>"));
        assertEquals(List.of(), rules("<a href='https://www.news.example.org/a'>news.example.org</a>"));
        assertEquals(List.of(), rules("<a href='https://news.example.org/a'>Read the article</a>"));
        assertEquals(List.of(), rules("<a href='https://news.example.org/a'>Mr.Smith writes</a>"));
    }

    @Test
    void punycodeAndMixedScriptDomains() {
        List<String> rules = rules("<a href='https://xn--pypal-4ve.com/'>Log in</a>");
        assertTrue(rules.contains("phishing.punycode"), rules::toString);
        assertTrue(rules.contains("phishing.mixed-script"), rules::toString);
        assertTrue(rules("<a href='https://p\u0430ypal.com/'>x</a>").contains("phishing.mixed-script"));
        assertTrue(PhishingFilter.mixedScript("аpple.com"));
        assertTrue(!PhishingFilter.mixedScript("münchen.de"));
    }

    @Test
    void lookAlikesOfBrands() {
        assertEquals(List.of("phishing.lookalike-domain"), rules("<a href='https://www.paypa1.com/'>x</a>"));
        assertEquals(List.of("phishing.lookalike-domain"), rules("<a href='https://arnazon.com/'>x</a>"));
        assertEquals(List.of("phishing.lookalike-domain"), rules("<a href='https://micros0ft.com/'>x</a>"));
        assertEquals(List.of("phishing.brand-in-domain"), rules("<a href='https://paypal-secure-login.example/'>x</a>"));
        assertEquals(List.of(), rules("<a href='https://www.paypal.com/'>x</a>"));
        assertEquals(List.of(), rules("<a href='https://www.amazon.co.uk/'>x</a>"));
        assertEquals(List.of(), rules("<a href='https://maple.example/'>x</a>"));
        assertEquals(List.of(), rules("<a href='https://apply.example/'>x</a><a href='https://purchase.example/'>x</a><a href='https://amazing.example/'>x</a>"));
        assertEquals(List.of("phishing.lookalike-domain"), rules("<a href='https://paypai.com/'>x</a>"));
    }

    @Test
    void lookAlikeSender() {
        List<Finding> findings = filter.check(MessageAnalyzer.analyze(new Email("Hi", "service@paypa1.com", null, null, "Hello", Map.of())));
        assertEquals("phishing.lookalike-domain", findings.get(0).ruleId());
    }

    @Test
    void formsAndPasswordFields() {
        // a newsletter's own search or subscribe box is a form, not phishing
        assertEquals(List.of("phishing.form"), rules("<form action='https://news.example.org/search'><input name=q></form>"));
        assertEquals(0, filter.check(Messages.html("<form action='https://news.example.org/search'><input name=q></form>" + FOOTER)).get(0).score(),
                "reported as advice only: a quarter of newsletters carry one, fewer than a tenth of spam");
        // a form that posts to another domain than the mail's links is
        assertEquals(List.of("phishing.foreign-form"), rules("<form action='https://survey.example/'><input name=q></form>"));
        assertTrue(rules("<form><input type=password></form>").contains("phishing.password-field"));
    }

    @Test
    void phishingSignalsAreDangerAndOneRepeatedScoresOnce() {
        List<Finding> findings = filter.check(Messages.html("<a href='https://evil.example/a'>www.bank.example</a> "
                + "<a href='https://evil.example/b'>www.bank.example</a>"));
        assertEquals(List.of("phishing.deceptive-link", "phishing.deceptive-link"), findings.stream().map(Finding::ruleId).toList());
        assertTrue(findings.stream().allMatch(Finding::dangerous));
        assertEquals(List.of(6.0, 0.0), findings.stream().map(Finding::score).toList());
    }

    @Test
    void theSendersOwnClickTrackingIsNotDeceptiveUnlessItShowsABrand() {
        Email tracked = new Email("News", "Comics <2.2057@ummail4.unitedmedia.example>", null,
                "<a href='http://ummail4.unitedmedia.example/Click?q=b1'>comics.example</a>" + FOOTER, null, Map.of());
        assertEquals(List.of(), filter.check(MessageAnalyzer.analyze(tracked)).stream().map(Finding::ruleId).toList());
        Email spoofed = new Email("Notice", "service@mailer.example", null,
                "<a href='http://login.mailer.example/x'>www.paypal.com</a>" + FOOTER, null, Map.of());
        assertTrue(filter.check(MessageAnalyzer.analyze(spoofed)).stream().map(Finding::ruleId).toList().contains("phishing.deceptive-link"));
    }

    @Test
    void credentialHarvestWordingNeedsALink() {
        assertTrue(rules("<p>Your account has been suspended. Verify your account <a href='https://x.example/'>here</a>.</p>")
                .contains("phishing.credential-harvest"));
        assertTrue(filter.check(Messages.text("Hi", "Please verify your account at the front desk.")).isEmpty());
    }

    @Test
    void editDistance() {
        assertEquals(1, Brands.distance("paypa1", "paypal", 2));
        assertEquals(3, Brands.distance("abcdef", "uvwxyz", 2));
        assertEquals("paypal", Brands.unconfuse("paypa1"));
        assertEquals("amazon", Brands.unconfuse("arnazon"));
    }
}
