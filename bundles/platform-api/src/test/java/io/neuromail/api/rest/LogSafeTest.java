package io.neuromail.api.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogSafeTest {

    @Test
    void ordinaryValuesPassUnchanged() {
        String value = "Mozilla/5.0 (X11; Linux) über-client ✓ 203.0.113.7";
        assertSame(value, LogSafe.of(value));
        assertEquals("null", LogSafe.of(null));
    }

    @Test
    void lineBreaksCannotForgeALogLine() {
        assertEquals("a@example.org\\r\\n2026-01-01 INFO Login ok for admin", LogSafe.of("a@example.org\r\n2026-01-01 INFO Login ok for admin"));
        assertEquals("x\\u2028y\\u2029z\\u0085", LogSafe.of("x\u2028y\u2029z\u0085"));
    }

    @Test
    void otherControlCharactersAreEscaped() {
        assertEquals("\\u0000\\u001B[31mred\\u007F\\t\\u009B", LogSafe.of("\u0000\u001B[31mred\u007F\t\u009B"));
    }

    @Test
    void bidirectionalControlsCannotReorderWhatAReaderSees() {
        assertEquals("user\\u202Egpj.exe\\u2066x\\u2069\\u200E\\u200F\\u061C", LogSafe.of("user\u202Egpj.exe\u2066x\u2069\u200E\u200F\u061C"));
    }

    @Test
    void backslashesAreDoubledSoTheEncodingIsUnambiguous() {
        assertEquals("a\\\\nb", LogSafe.of("a\\nb"));
    }

    @Test
    void longValuesAreCutAndSayHowLongTheyWere() {
        String encoded = LogSafe.of("a".repeat(10_000));
        assertEquals("a".repeat(LogSafe.MAX_CHARS) + "...(10000 chars)", encoded);
        String withBreaks = LogSafe.of("\n".repeat(1_000));
        assertTrue(withBreaks.endsWith("...(1000 chars)"), withBreaks);
        assertEquals("\\n".repeat(LogSafe.MAX_CHARS) + "...(1000 chars)", withBreaks);
    }

    @Test
    void aSurrogatePairIsNotSplitAtTheCut() {
        String encoded = LogSafe.of("a".repeat(LogSafe.MAX_CHARS - 1) + "😀" + "b");
        assertEquals("a".repeat(LogSafe.MAX_CHARS - 1) + "...(" + (LogSafe.MAX_CHARS + 2) + " chars)", encoded);
    }
}
