package io.neuromail.tracking.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;

import org.junit.jupiter.api.Test;

class NetworkRangesTest {

    /** Lines as Apple's egress-ip-ranges.csv has them, and some that are not networks. */
    static final String CSV = """
            172.224.224.0/27,GB,GB-EN,London,
            172.224.224.32/27,GB,GB-EN,London,
            104.28.0.0/24,US,US-CA,Los Angeles,
            2a02:26f7:b3c0:4000::/64,DE,DE-BE,Berlin,
            2606:54c0:1b20::/45,US,US-NY,New York,
            # a comment
            not-a-network,XX,,,
            10.0.0.0/33,XX,,,
            """;

    @Test
    void applesLinesAreReadAndLookedUpForIpv4AndIpv6() throws IOException {
        NetworkRanges r = NetworkRanges.read(new StringReader(CSV), 100);
        assertEquals(4, r.size(), "the two neighbouring /27 are one range");
        assertEquals(2, r.skipped());
        assertTrue(r.contains("172.224.224.0"));
        assertTrue(r.contains("172.224.224.63"));
        assertFalse(r.contains("172.224.224.64"));
        assertTrue(r.contains("104.28.0.255"));
        assertTrue(r.contains("::ffff:104.28.0.7"), "an IPv4 address as Java sees it on a dual-stack socket");
        assertFalse(r.contains("104.28.1.0"));
        assertTrue(r.contains("2a02:26f7:b3c0:4000:1234::1"));
        assertFalse(r.contains("2a02:26f7:b3c0:4001::1"));
        assertTrue(r.contains("2606:54c0:1b27:ffff::1"), "the last /64 of the /45");
        assertFalse(r.contains("2606:54c0:1b28::"));
        assertFalse(r.contains(null));
        assertFalse(r.contains("example.com"), "names are never looked up");
    }

    @Test
    void networksAreNormalisedToTheirPrefix() {
        long[] r = NetworkRanges.range("192.0.2.77/24");
        assertEquals(NetworkRanges.address("192.0.2.0")[1], r[1]);
        assertEquals(NetworkRanges.address("192.0.2.255")[1], r[3]);
        assertNull(NetworkRanges.range("192.0.2.0/x"));
        assertNull(NetworkRanges.range("2001:db8::/129"));
        assertNull(NetworkRanges.address("1.2.3"));
    }

    @Test
    void aFileOverTheLineLimitIsRefused() {
        assertThrows(IOException.class, () -> NetworkRanges.read(new StringReader(CSV), 3));
    }

    @Test
    void anOpenFromAnOperatorProvidedAppleNetworkIsAppleMpp() throws IOException {
        Classifier classifier = new Classifier(ClassifierTest.BOTS, 2000, NetworkRanges.read(new StringReader(CSV), 100));
        RawHit fromProxy = new RawHit(new io.neuromail.delivery.api.TrackingLinks.Hit("a1", "s1", "d1", true, 0, null, 3),
                1_000_000, "172.224.224.40", ClassifierTest.CHROME, false);
        assertEquals(Classifier.APPLE_MPP, classifier.classify(fromProxy, 0L, java.util.List.of(fromProxy)).machine());
        RawHit person = new RawHit(fromProxy.hit(), 1_000_000, "198.51.100.7", ClassifierTest.CHROME, false);
        assertNull(classifier.classify(person, 0L, java.util.List.of(person)).machine());
    }
}
