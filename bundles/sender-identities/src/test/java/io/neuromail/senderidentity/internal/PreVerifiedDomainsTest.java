package io.neuromail.senderidentity.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class PreVerifiedDomainsTest {

    @Test
    void aPlainEntryCoversEveryAccount() {
        PreVerifiedDomains d = PreVerifiedDomains.parse("example.com,example.org");
        assertTrue(d.covers("any", "example.com"));
        assertTrue(d.covers("other", "example.org"));
        assertFalse(d.covers("any", "example.net"));
        assertFalse(d.covers("any", "sub.example.com"), "subdomains are not included");
        assertEquals(List.of("example.com", "example.org"), d.domainsOf("x"));
    }

    @Test
    void anEntryWithAccountsCoversOnlyThose() {
        PreVerifiedDomains d = PreVerifiedDomains.parse(" shop.example : acc-1 + acc-2 , example.org");
        assertTrue(d.covers("acc-1", "shop.example"));
        assertTrue(d.covers("acc-2", "shop.example"));
        assertFalse(d.covers("acc-3", "shop.example"));
        assertTrue(d.covers("acc-3", "example.org"));
        assertEquals(List.of("example.org"), d.domainsOf("acc-3"));
        assertEquals(List.of("example.org", "shop.example"), d.domainsOf("acc-1"));
    }

    @Test
    void entriesForTheSameDomainAddUpAndEveryAccountWins() {
        PreVerifiedDomains d = PreVerifiedDomains.parse("a.example:one", "a.example:two,b.example:one,b.example");
        assertTrue(d.covers("one", "a.example"));
        assertTrue(d.covers("two", "a.example"));
        assertFalse(d.covers("three", "a.example"));
        assertTrue(d.covers("three", "b.example"));
    }

    @Test
    void domainsAreComparedInTheirNormalForm() {
        PreVerifiedDomains d = PreVerifiedDomains.parse("Bücher.Example.");
        assertTrue(d.covers("x", "xn--bcher-kva.example"));
    }

    @Test
    void invalidEntriesAreLeftOutAndTheOthersKept() {
        PreVerifiedDomains d = PreVerifiedDomains.parse("not a domain,example.com,nobody.example:, ,");
        assertTrue(d.covers("x", "example.com"));
        assertFalse(d.covers("x", "nobody.example"));
        assertEquals(2, d.rejected().size(), d.rejected().toString());
    }

    @Test
    void emptyMeansNone() {
        assertEquals(List.of(), PreVerifiedDomains.parse().domainsOf("x"));
        assertEquals(List.of(), PreVerifiedDomains.parse("").domainsOf("x"));
        assertEquals(List.of(), PreVerifiedDomains.parse((String[]) null).domainsOf("x"));
    }
}
