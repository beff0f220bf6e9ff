package io.neuromail.identity.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SecurityTxtTest {

    private static final Instant NOW = Instant.parse("2026-12-03T09:30:00Z");

    private record Config(String[] contact, String expires, int expiresDays, String[] encryption, String policy,
                          String preferredLanguages) implements SecurityTxtConfig {
        @Override
        public Class<? extends Annotation> annotationType() {
            return SecurityTxtConfig.class;
        }
    }

    private static Config contacts(String... contact) {
        return new Config(contact, "", 180, new String[0], "", "");
    }

    @Test
    void rendersTheConfiguredFieldsInRfc9116Form() {
        List<String> problems = new ArrayList<>();
        SecurityTxt fields = SecurityTxt.of(new Config(new String[] {"mailto:security@example.com, https://example.com/report"},
                "", 90, new String[] {"https://example.com/pgp.txt"}, "https://example.com/policy", "en, de-CH"), problems::add);
        assertEquals(List.of(), problems);
        assertEquals(Optional.of("""
                Contact: mailto:security@example.com
                Contact: https://example.com/report
                Expires: 2027-03-03T00:00:00Z
                Encryption: https://example.com/pgp.txt
                Policy: https://example.com/policy
                Preferred-Languages: en, de-CH
                Canonical: https://mail.example.com/.well-known/security.txt
                """), fields.render(NOW, "https://mail.example.com"));
    }

    @Test
    void aFixedExpiryWinsAndNoPublicAddressMeansNoCanonical() {
        SecurityTxt fields = SecurityTxt.of(new Config(new String[] {"security@example.com"}, "2027-06-30T00:00:00Z", 180,
                new String[0], "", ""), p -> { });
        assertEquals(Optional.of("Contact: mailto:security@example.com\nExpires: 2027-06-30T00:00:00Z\n"),
                fields.render(NOW, ""));
    }

    @Test
    void withoutAContactThereIsNoFile() {
        assertEquals(Optional.empty(), SecurityTxt.of(contacts(), p -> { }).render(NOW, "https://mail.example.com"));
        assertEquals(Optional.empty(), SecurityTxt.of(contacts(" ", ""), p -> { }).render(NOW, ""));
    }

    @Test
    void contactsThatAreNeitherMailtoNorHttpsAreLeftOutAndReported() {
        List<String> problems = new ArrayList<>();
        SecurityTxt fields = SecurityTxt.of(contacts("http://example.com/report", "javascript:alert(1)", "mailto:not-an-address",
                "https://exa mple.com", "https:///nohost", "mailto:ok@example.com"), problems::add);
        assertEquals(List.of("mailto:ok@example.com"), fields.contacts());
        assertEquals(5, problems.size(), problems.toString());
    }

    @Test
    void noValueCanAddALineOfItsOwn() {
        List<String> problems = new ArrayList<>();
        SecurityTxt fields = SecurityTxt.of(new Config(new String[] {"https://example.com/a\nContact: https://evil.example"},
                "", 180, new String[0], "https://example.com/p\r\nPolicy: x", "en\nx"), problems::add);
        assertEquals(Optional.empty(), fields.render(NOW, ""));
        assertEquals(3, problems.size(), problems.toString());
    }

    @Test
    void badExpiriesFallBackAndAreReported() {
        List<String> problems = new ArrayList<>();
        SecurityTxt fields = SecurityTxt.of(new Config(new String[] {"security@example.com"}, "next year", 0,
                new String[0], "", ""), problems::add);
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(fields.render(NOW, "").orElseThrow().contains("Expires: 2027-06-01T00:00:00Z"));
    }
}
