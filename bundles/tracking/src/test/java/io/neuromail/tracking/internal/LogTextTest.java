package io.neuromail.tracking.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void tokensShowOnlyAShortPrefix() {
        assertEquals("d-1.c2ln…", LogText.token("d-1.c2lnbmF0dXJlLW9mLWQtMQ"));
        assertEquals("abc…", LogText.token("abc"));
        assertEquals("-", LogText.token(null));
    }

    @Test
    void controlCharactersNeverReachALine() {
        assertEquals("ab\\r\\ncd-m…", LogText.token("ab\r\ncd-more-of-the-token"));
        assertEquals("\\u001B[2J…", LogText.token("\u001b[2J"));
    }
}
