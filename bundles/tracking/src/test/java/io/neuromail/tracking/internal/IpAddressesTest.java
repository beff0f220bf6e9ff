package io.neuromail.tracking.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import io.neuromail.tracking.internal.TrackingConfig.IpStorage;

/** What an event keeps of the client's address, and that nothing but a literal address is ever parsed. */
class IpAddressesTest {

    @Test
    void truncatedKeepsTheNetworkOnly() {
        assertEquals("203.0.113.0", IpAddresses.stored("203.0.113.77", IpStorage.truncated));
        assertEquals("2001:db8:85a3:0:0:0:0:0", IpAddresses.stored("2001:db8:85a3:8d3:1319:8a2e:370:7348", IpStorage.truncated));
        assertEquals("17.58.63.0", IpAddresses.stored("::ffff:17.58.63.1", IpStorage.truncated));
    }

    @Test
    void fullAndNone() {
        assertEquals("203.0.113.77", IpAddresses.stored("203.0.113.77", IpStorage.full));
        assertEquals("2001:db8:0:0:0:0:0:1", IpAddresses.stored("2001:db8::1", IpStorage.full));
        assertNull(IpAddresses.stored("203.0.113.77", IpStorage.none));
        assertNull(IpAddresses.stored(null, IpStorage.full));
    }

    @Test
    void whatIsNoAddressLiteralIsNotStoredAndNeverLookedUp() {
        for (String text : new String[] {"", "localhost", "example.org", "1", "1.2.3", "1.2.3.256", "1.2.3.4.5",
                "fe80::1%eth0", "a".repeat(60), "203.0.113.77, 10.0.0.1"}) {
            assertNull(IpAddresses.stored(text, IpStorage.full), text);
        }
    }
}
