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
        assertEquals("a?b?c?d?e", LogText.clean("a\nb\rc\u0000d\u2028e"));
        assertEquals("ab??cd-m…", LogText.token("ab\r\ncd-more-of-the-token"));
        assertEquals(100, LogText.clean("x".repeat(1000)).length());
        assertEquals("?[2J", LogText.clean("\u001b[2J"));
    }
}
