package io.neuromail.tracking.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void tokensShowOnlyAShortPrefixWithoutControlCharacters() {
        assertEquals("d-1.c2ln…", LogText.token("d-1.c2lnbmF0dXJlLW9mLWQtMQ"));
        assertEquals("abc…", LogText.token("abc"));
        assertEquals("-", LogText.token(null));
        String shown = LogText.token("ab\r\ncd-more-of-the-token");
        assertFalse(shown.contains("\r") || shown.contains("\n"), shown);
    }
}
