package io.neuromail.senderidentity.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

    @Test
    void domainsAreLowerCaseAsciiWithoutTheFinalDot() {
        assertEquals("example.com", Names.domain(" Example.COM. "));
        assertEquals("xn--bcher-kva.example", Names.domain("bücher.example"));
        assertEquals("xn--bcher-kva.example", Names.domain("BÜCHER.example"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "localhost", "exa mple.com", "-bad.com", "bad-.com", "a..com", "192.168.0.1",
            "under_score.com", "name@example.com", "example.com/path"})
    void notDomains(String value) {
        assertThrows(Names.InvalidName.class, () -> Names.domain(value));
    }

    @Test
    void aDomainHasAtMost253CharactersAndLabelsOf63() {
        String label63 = "a".repeat(63);
        assertEquals(label63 + ".com", Names.domain(label63 + ".com"));
        assertThrows(Names.InvalidName.class, () -> Names.domain("a".repeat(64) + ".com"));
        String long254 = (label63 + ".").repeat(4).substring(0, 250) + ".com";
        assertThrows(Names.InvalidName.class, () -> Names.domain(long254));
        assertThrows(Names.InvalidName.class, () -> Names.domain("a.".repeat(2000) + "com"));
    }

    @Test
    void addressesAreNormalized() {
        assertEquals("sales@example.com", Names.address(" Sales@Example.COM "));
        assertEquals("o'brien+news@xn--bcher-kva.example", Names.address("O'Brien+news@bücher.example"));
        assertEquals("example.com", Names.domainOf(Names.address("a@example.com")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "@example.com", "a@", "a b@example.com", "\"quoted\"@example.com",
            "a..b@example.com", ".a@example.com", "a@localhost", "a@b@example.com", "Name <a@example.com>",
            "a@example.com\r\nBcc: x@example.org"})
    void notAddresses(String value) {
        assertThrows(Names.InvalidName.class, () -> Names.address(value));
    }

    @Test
    void theLocalPartHasAtMost64Characters() {
        assertEquals("a".repeat(64) + "@example.com", Names.address("a".repeat(64) + "@example.com"));
        assertThrows(Names.InvalidName.class, () -> Names.address("a".repeat(65) + "@example.com"));
    }

    @Test
    void selectorsAreDnsLabels() {
        assertEquals("s1", Names.selector(" S1 "));
        assertEquals("mail._2024", Names.selector("mail._2024"));
        assertThrows(Names.InvalidName.class, () -> Names.selector(""));
        assertThrows(Names.InvalidName.class, () -> Names.selector("a b"));
        assertThrows(Names.InvalidName.class, () -> Names.selector("a".repeat(64)));
        assertThrows(Names.InvalidName.class, () -> Names.selector("x;y"));
    }
}
