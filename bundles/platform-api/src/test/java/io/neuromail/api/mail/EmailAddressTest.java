package io.neuromail.api.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {

    @ParameterizedTest
    @CsvSource({
        "anna@example.com, anna@example.com, anna@example.com",
        "' Anna.Adams+news@Example.COM ', Anna.Adams+news@example.com, anna.adams+news@example.com",
        "jorg@bücher.example, jorg@xn--bcher-kva.example, jorg@xn--bcher-kva.example",
        "User@XN--BCHER-KVA.example, User@xn--bcher-kva.example, user@xn--bcher-kva.example",
        "info@例え.テスト, info@xn--r8jz45g.xn--zckzah, info@xn--r8jz45g.xn--zckzah",
        "o'neil@sub.example.org, o'neil@sub.example.org, o'neil@sub.example.org",
        "a!#$%&*+/=?^_`{|}~-z@example.com, a!#$%&*+/=?^_`{|}~-z@example.com, a!#$%&*+/=?^_`{|}~-z@example.com",
    })
    void acceptsAsciiLocalPartsAndInternationalisedDomains(String raw, String address, String normal) {
        EmailAddress a = EmailAddress.parse(raw).orElseThrow();
        assertEquals(address, a.address());
        assertEquals(normal, a.normal());
        assertEquals(Optional.of(normal), EmailAddress.normalize(raw));
        assertTrue(EmailAddress.isValid(raw));
        assertEquals(Optional.empty(), EmailAddress.problem(raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jörg@example.com", "josé@bücher.example", "用户@例子.广告", "anna\u00a0b@example.com"})
    void refusesUnicodeLocalPartsAndSaysWhy(String raw) {
        assertFalse(EmailAddress.isValid(raw));
        assertTrue(EmailAddress.problem(raw).orElseThrow().contains("ASCII"), EmailAddress.problem(raw).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "plain", "@example.com", "anna@", "anna@example", "anna@@example.com",
        ".anna@example.com", "anna.@example.com", "an..na@example.com", "anna@-example.com", "anna@example-.com",
        "anna@example.c0m", "anna@127.0.0.1", "anna@exa mple.com", "an na@example.com", "\"anna\"@example.com",
        "anna@example.com\r\nBcc: x@example.com", "anna@exa_mple.com", "anna@example..com", "anna@.example.com",
        "Anna <anna@example.com>"})
    void refusesWhatIsNoMailbox(String raw) {
        assertEquals(Optional.empty(), EmailAddress.parse(raw));
        assertTrue(EmailAddress.problem(raw).isPresent());
        assertThrows(IllegalArgumentException.class, () -> EmailAddress.of(raw));
    }

    @Test
    void nullIsNoAddress() {
        assertEquals(Optional.empty(), EmailAddress.parse(null));
        assertEquals("an email address is required", EmailAddress.problem(null).orElseThrow());
    }

    @Test
    void partsOverTheirLimitsAreRefused() {
        String local64 = "a".repeat(64);
        String label63 = "b".repeat(63);
        assertTrue(EmailAddress.isValid(local64 + "@example.com"));
        assertTrue(EmailAddress.problem("a".repeat(65) + "@example.com").orElseThrow().contains("64"));
        assertTrue(EmailAddress.isValid("anna@" + label63 + ".com"));
        assertTrue(EmailAddress.problem("anna@" + "b".repeat(64) + ".com").orElseThrow().contains("63"));
        // four 62-character labels and "com": 256 characters of domain
        String longDomain = ("c".repeat(62) + ".").repeat(4) + "com";
        assertTrue(EmailAddress.problem("anna@" + longDomain).orElseThrow().contains("253"));
        // a domain within 253 characters that makes the address longer than 254
        String domain = ("d".repeat(60) + ".").repeat(3) + "e".repeat(60) + ".com"; // 247 characters
        assertEquals(247, domain.length());
        assertTrue(EmailAddress.isValid("a@" + domain));
        assertTrue(EmailAddress.problem(local64 + "@" + domain).orElseThrow().contains("254"));
        assertTrue(EmailAddress.problem("a".repeat(5000) + "@example.com").orElseThrow().contains("254"));
    }

    @Test
    void anInternationalisedDomainCountsInItsAsciiForm() {
        // sixty "ü" in one label are more than 63 characters of punycode
        assertFalse(EmailAddress.isValid("anna@" + "ü".repeat(60) + ".example"));
    }

    @Test
    void hostileInputIsRejectedInLinearTime() {
        String dots = "a.".repeat(400) + "@" + "b-".repeat(240) + "!";
        String labels = "x@" + "a.".repeat(499);
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            for (int i = 0; i < 2_000; i++) {
                assertFalse(EmailAddress.isValid(dots));
                assertFalse(EmailAddress.isValid(labels));
            }
        });
    }

    @Test
    void twoSpellingsOfOneMailboxAreEqual() {
        EmailAddress a = EmailAddress.of("Anna@Bücher.Example");
        EmailAddress b = EmailAddress.of("anna@xn--bcher-kva.example");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(a.hash(), b.hash());
        assertNotEquals(a, EmailAddress.of("anna@example.org"));
    }

    @Test
    void theNormalFormDoesNotDependOnTheDefaultLocale() {
        java.util.Locale previous = java.util.Locale.getDefault();
        java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr"));
        try {
            // In Turkish, "I".toLowerCase() is a dotless i; the normal form must still be plain ASCII.
            assertEquals("ilker@example.com", EmailAddress.of("ILKER@EXAMPLE.COM").normal());
        } finally {
            java.util.Locale.setDefault(previous);
        }
    }

    @Test
    void theHashIsOneWayAndCaseBlind() {
        String hash = EmailAddress.hash("anna@example.com");
        assertEquals(64, hash.length());
        assertEquals(hash, EmailAddress.hash("ANNA@example.com"));
        assertNotEquals(hash, EmailAddress.hash("anna@example.org"));
        assertTrue(hash.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')));
    }

    @ParameterizedTest
    @CsvSource({"Example.COM., example.com", "bücher.example, xn--bcher-kva.example", "' mail.example.org ', mail.example.org"})
    void domainsAreNormalisedLikeTheDomainOfAnAddress(String raw, String expected) {
        assertEquals(expected, EmailAddress.normalizeDomain(raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "10.0.0.1", "exa_mple.com", "-x.com"})
    void whatIsNoDomainIsRefused(String raw) {
        assertThrows(IllegalArgumentException.class, () -> EmailAddress.normalizeDomain(raw));
    }
}
