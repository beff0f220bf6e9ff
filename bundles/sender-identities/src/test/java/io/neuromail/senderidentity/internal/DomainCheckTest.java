package io.neuromail.senderidentity.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.neuromail.senderidentity.internal.Views.DnsCheck;
import io.neuromail.senderidentity.internal.Views.DnsRecord;

class DomainCheckTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private final FakeDns dns = new FakeDns();

    @Test
    void aPublishedTokenVerifiesAndEveryRecordIsReported() {
        dns.txt("_neuromail.example.com", "neuromail-verification=tok1", "unrelated")
                .txt("example.com", "v=spf1 include:amazonses.com ~all", "google-site-verification=x")
                .txt("_dmarc.example.com", "v=DMARC1; p=reject")
                .txt("s1._domainkey.example.com", "v=DKIM1; k=rsa; p=MIIB");
        DnsCheck check = new DomainCheck(dns, "amazonses.com").check("example.com", "tok1", List.of("s1", "s2"), NOW);
        assertEquals("found", check.verification().status());
        assertEquals(List.of("neuromail-verification=tok1"), check.verification().found());
        assertEquals("found", check.spf().status());
        assertEquals("found", check.dmarc().status());
        assertEquals("found", check.dkim().get(0).status());
        assertEquals("s1._domainkey.example.com", check.dkim().get(0).name());
        assertEquals("missing", check.dkim().get(1).status());
        assertEquals(NOW, check.checkedAt());
    }

    @Test
    void anotherTokenIsInvalidAndNoneIsMissing() {
        dns.txt("_neuromail.a.example", "neuromail-verification=someone-else");
        DomainCheck c = new DomainCheck(dns, "");
        assertEquals("invalid", c.check("a.example", "mine", List.of(), NOW).verification().status());
        assertEquals("missing", c.check("b.example", "mine", List.of(), NOW).verification().status());
    }

    @Test
    void twoSpfRecordsOrOneWithoutTheIncludeAreInvalid() {
        dns.txt("two.example", "v=spf1 mx ~all", "v=spf1 a ~all").txt("one.example", "v=spf1 mx ~all");
        DomainCheck c = new DomainCheck(dns, "amazonses.com");
        assertEquals("invalid", c.check("two.example", "t", List.of(), NOW).spf().status());
        assertEquals("invalid", c.check("one.example", "t", List.of(), NOW).spf().status());
        assertEquals("found", new DomainCheck(dns, "").check("one.example", "t", List.of(), NOW).spf().status());
        assertEquals("missing", c.check("none.example", "t", List.of(), NOW).spf().status());
    }

    @Test
    void aDkimCnameWithoutAKeyIsInvalid() {
        dns.cname.put("s1._domainkey.c.example", List.of("s1.provider.example"));
        assertEquals("invalid", new DomainCheck(dns, "").check("c.example", "t", List.of("s1"), NOW).dkim().get(0)
                .status());
        dns.txt("s1._domainkey.c.example", "p=KEY");
        assertEquals(List.of("CNAME s1.provider.example", "p=KEY"),
                new DomainCheck(dns, "").check("c.example", "t", List.of("s1"), NOW).dkim().get(0).found());
    }

    @Test
    void aResolverFailureIsAnErrorOfThatRecordOnly() {
        dns.failing.add("_neuromail.f.example");
        dns.txt("_dmarc.f.example", "v=DMARC1; p=none");
        DnsCheck check = new DomainCheck(dns, "").check("f.example", "t", List.of(), NOW);
        assertEquals("error", check.verification().status());
        assertTrue(check.verification().message().contains("SERVFAIL"));
        assertEquals("found", check.dmarc().status());
    }

    @Test
    void foundRecordsAreShortened() {
        dns.txt("long.example", "v=spf1 " + "x".repeat(1000), "v=spf1 a", "v=spf1 b", "v=spf1 c", "v=spf1 d");
        DnsCheck check = new DomainCheck(dns, "").check("long.example", "t", List.of(), NOW);
        assertEquals(3, check.spf().found().size());
        assertTrue(check.spf().found().get(0).length() <= 301);
    }

    @Test
    void theRecordsToPublishNameTheTokenAndTheSelectors() {
        List<DnsRecord> records = new DomainCheck(dns, "amazonses.com").records("example.com", "tok", List.of("s1"));
        assertEquals(new DnsRecord("verification", "TXT", "_neuromail.example.com", "neuromail-verification=tok",
                records.get(0).note()), records.get(0));
        assertEquals("v=spf1 include:amazonses.com ~all", records.get(1).value());
        assertEquals("_dmarc.example.com", records.get(2).name());
        assertEquals("s1._domainkey.example.com", records.get(3).name());
        assertEquals("v=spf1 mx ~all", new DomainCheck(dns, "").records("example.com", "tok", List.of()).get(1).value());
    }
}
