package io.neuromail.sender.smtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RelaySettingsTest {

    private static RelaySettings relay(String name, String host, int port) {
        return new RelaySettings(name, "", host, port, Security.STARTTLS, "user", "p4ss-word", "", 10, 1000, 2,
                Duration.ofSeconds(1), Duration.ofSeconds(1), "", 0);
    }

    @Test
    void namesAreLowerCaseWordsWithDashes() {
        assertEquals("eu-relay-2", relay("eu-relay-2", "smtp.test", 587).name());
        assertThrows(IllegalArgumentException.class, () -> relay("EU relay", "smtp.test", 587));
        assertThrows(IllegalArgumentException.class, () -> relay("", "smtp.test", 587));
    }

    @Test
    void hostAndPortAreRequired() {
        assertThrows(IllegalArgumentException.class, () -> relay("r", " ", 587));
        assertThrows(IllegalArgumentException.class, () -> relay("r", "smtp.test", 0));
        assertThrows(IllegalArgumentException.class, () -> relay("r", "smtp.test", 70000));
    }

    @Test
    void theTitleDefaultsToTheName() {
        assertEquals("r", relay("r", "smtp.test", 25).title());
    }

    @Test
    void thePasswordNeverShowsInText() {
        assertFalse(relay("r", "smtp.test", 25).toString().contains("p4ss-word"));
    }

    @Test
    void securityIsOneOfThree() {
        assertEquals(Security.TLS, Security.parse(" TLS "));
        assertEquals(Security.STARTTLS, Security.parse("starttls"));
        assertThrows(IllegalArgumentException.class, () -> Security.parse("ssl"));
    }
}
