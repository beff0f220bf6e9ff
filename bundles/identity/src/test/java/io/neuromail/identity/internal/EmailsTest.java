package io.neuromail.identity.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailsTest {

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
        "ana@example.com|ana@example.com",
        "Ana@Example.COM|Ana@example.com",
        "  bob@example.com |bob@example.com",
        "o'brien+news@mail.example.org|o'brien+news@mail.example.org",
        "first.last@sub-domain.example.co|first.last@sub-domain.example.co",
        "ana@bücher.example|ana@xn--bcher-kva.example",
        "Ana@BÜCHER.Example|Ana@xn--bcher-kva.example",
    })
    void validAddressesAreNormalised(String raw, String expected) {
        assertEquals(Optional.of(expected), Emails.normalize(raw));
    }

    @ParameterizedTest(name = "[{0}]")
    @NullAndEmptySource
    @ValueSource(strings = {
        "no-at.example.com",
        "ana@@example.com",
        "ana@example.com@",
        "@example.com",
        "ana@",
        "ana@localhost",
        "ana@exa_mple.com",
        "ana@-example.com",
        "ana@example-.com",
        "a b@example.com",
        "ana@exa mple.com",
        "an..a@example.com",
        ".ana@example.com",
        "ana.@example.com",
        "ana@example..com",
        "ana@example.com.",
        "ä@example.com",
        "   ",
    })
    void invalidAddressesAreRejected(String raw) {
        assertEquals(Optional.empty(), Emails.normalize(raw));
    }

    @Test
    void localPartMayHaveAtMost64Characters() {
        String longest = "a".repeat(64) + "@example.com";

        assertEquals(Optional.of(longest), Emails.normalize(longest));
        assertEquals(Optional.empty(), Emails.normalize("a".repeat(65) + "@example.com"));
    }

    @Test
    void addressMayHaveAtMost254Characters() {
        // Labels of at most 63 characters, so only the total length is at stake.
        String domain189 = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(57) + ".com";
        String longest = "l".repeat(64) + "@" + domain189;
        String tooLong = "l".repeat(64) + "@" + "d" + domain189;
        assertEquals(254, longest.length());
        assertEquals(255, tooLong.length());

        assertEquals(Optional.of(longest), Emails.normalize(longest));
        assertEquals(Optional.empty(), Emails.normalize(tooLong));
    }

    @Test
    void domainLabelMayHaveAtMost63Characters() {
        assertTrue(Emails.normalize("ana@" + "a".repeat(63) + ".example").isPresent());
        assertEquals(Optional.empty(), Emails.normalize("ana@" + "a".repeat(64) + ".example"));
    }

    @Test
    void keyIsTheWholeAddressInLowerCase() {
        String normalized = Emails.normalize("Ana.Maria@Example.com").orElseThrow();

        assertEquals("Ana.Maria@example.com", normalized);
        assertEquals("ana.maria@example.com", Emails.key(normalized));
        assertEquals(Emails.key(normalized), Emails.key(Emails.normalize("ANA.MARIA@EXAMPLE.COM").orElseThrow()));
        assertNotEquals(Emails.key(normalized), Emails.key(Emails.normalize("ana.marie@example.com").orElseThrow()));
    }

    @Test
    void keyDoesNotDependOnTheDefaultLocale() {
        Locale previous = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr"));
        try {
            // In Turkish, "I".toLowerCase() is a dotless i; the key must still be plain ASCII.
            assertEquals("ilker@example.com", Emails.key("ILKER@example.com"));
        } finally {
            Locale.setDefault(previous);
        }
    }
}
