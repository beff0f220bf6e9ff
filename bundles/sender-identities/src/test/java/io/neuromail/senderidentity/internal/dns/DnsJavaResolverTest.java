package io.neuromail.senderidentity.internal.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;

import io.neuromail.testing.dns.LocalDnsServer;

/** The resolver against a DNS server on loopback that speaks the real wire format. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DnsJavaResolverTest {

    private LocalDnsServer server;
    private Dns dns;

    @BeforeAll
    void start() throws Exception {
        server = new LocalDnsServer();
        dns = DnsJavaResolver.of(server.address(), Duration.ofSeconds(2));
    }

    @AfterAll
    void stop() throws InterruptedException {
        server.close();
    }

    @Test
    void txtRecordsAreAnsweredWithTheirStringsJoined() throws Exception {
        Name name = Name.fromString("_neuromail.joined.test.");
        server.add(new TXTRecord(name, DClass.IN, 60, List.of("neuromail-verification=", "abc")));
        server.add(new TXTRecord(name, DClass.IN, 60, "other"));
        assertEquals(List.of("neuromail-verification=abc", "other"), dns.txt("_neuromail.joined.test"));
    }

    @Test
    void aMissingNameHasNoRecords() {
        assertEquals(List.of(), dns.txt("nothing.here.test"));
        assertEquals(List.of(), dns.cname("nothing.here.test"));
    }

    @Test
    void aCnameIsAnsweredWithoutItsFinalDot() throws Exception {
        server.add(new CNAMERecord(Name.fromString("s1._domainkey.cname.test."), DClass.IN, 60,
                Name.fromString("s1.dkim.provider.test.")));
        assertEquals(List.of("s1.dkim.provider.test"), dns.cname("s1._domainkey.cname.test"));
    }

    @Test
    void aServerFailureIsAFailureNotAnAbsence() {
        server.failing.add("broken.test");
        Dns.DnsFailure failure = assertThrows(Dns.DnsFailure.class, () -> dns.txt("broken.test"));
        assertTrue(failure.getMessage().contains("SERVFAIL"), failure.getMessage());
    }

    @Test
    void shutdownRemovesDnsjavasExitHookAndALaterQueryStillWorks() throws Exception {
        server.add(new TXTRecord(Name.fromString("again.test."), DClass.IN, 60, "v=spf1 -all"));
        assertEquals(List.of("v=spf1 -all"), dns.txt("again.test"));
        DnsJavaResolver.shutdown(Duration.ofSeconds(5));
        // What would hang the JVM's exit is gone: the shutdown hook (dnsjava's selector thread itself stays
        // parked, a daemon, after its loop ended).
        assertNull(staticField("closeThread"), "no shutdown hook");
        assertNull(staticField("selector"), "the selector is closed");
        assertEquals(List.of("v=spf1 -all"), dns.txt("again.test"));
    }

    private static Object staticField(String name) throws ReflectiveOperationException {
        java.lang.reflect.Field field = org.xbill.DNS.NioClient.class.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(null);
    }

    @Test
    void serverAddressesAreParsed() {
        assertEquals(5353, DnsJavaResolver.parse("127.0.0.1:5353").getPort());
        assertEquals(53, DnsJavaResolver.parse("127.0.0.1").getPort());
        assertEquals(5300, DnsJavaResolver.parse("[::1]:5300").getPort());
        assertThrows(IllegalArgumentException.class, () -> DnsJavaResolver.parse("127.0.0.1:http"));
        assertThrows(IllegalArgumentException.class, () -> DnsJavaResolver.parse("127.0.0.1:70000"));
    }
}
