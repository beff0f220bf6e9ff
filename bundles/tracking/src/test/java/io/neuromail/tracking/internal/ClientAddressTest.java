package io.neuromail.tracking.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClientAddressTest {

    @Test
    void forwardedForCountsOnlyBehindATrustedProxy() {
        ClientAddress clients = new ClientAddress(new String[] {" 10.0.0.1 ", "10.0.0.2", ""});
        assertEquals("203.0.113.9", clients.of("203.0.113.9", "198.51.100.1"), "an untrusted caller cannot choose");
        assertEquals("198.51.100.1", clients.of("10.0.0.1", "198.51.100.1"));
        assertEquals("198.51.100.1", clients.of("10.0.0.1", "1.1.1.1, 198.51.100.1, 10.0.0.2"),
                "the nearest hop that is not a proxy; what the client wrote further left does not count");
        assertEquals("10.0.0.1", clients.of("10.0.0.1", " , 10.0.0.2"));
        assertEquals("10.0.0.1", clients.of("10.0.0.1", null));
        assertEquals(64, clients.of("10.0.0.1", "x".repeat(500)).length());
        assertEquals("10.0.0.1", new ClientAddress((String[]) null).of("10.0.0.1", "198.51.100.1"));
    }
}
