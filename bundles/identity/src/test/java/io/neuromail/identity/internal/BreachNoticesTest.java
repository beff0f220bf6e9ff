package io.neuromail.identity.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BreachNoticesTest {

    @TempDir
    Path dir;

    @Test
    void needsASubjectAndWhomToNotify() {
        assertEquals(List.of(), BreachNotices.problems("Security notice", true, null));
        assertEquals(List.of(), BreachNotices.problems("Security notice", false, List.of("a")));
        List<String> none = BreachNotices.problems(null, false, List.of());
        assertEquals(2, none.size(), none.toString());
        assertTrue(none.get(0).contains("--subject"));
        assertTrue(none.get(1).contains("--all"));
    }

    @Test
    void refusesAllTogetherWithIds() {
        List<String> both = BreachNotices.problems("Security notice", true, List.of("a"));
        assertEquals(1, both.size());
        assertTrue(both.get(0).contains("not both"));
    }

    @Test
    void refusesASubjectOfSeveralLinesOrTooLong() {
        assertEquals(1, BreachNotices.problems("Line one\nBcc: x@example.com", true, null).size());
        assertEquals(1, BreachNotices.problems("x".repeat(BreachNotices.MAX_SUBJECT + 1), true, null).size());
        assertEquals(0, BreachNotices.problems("x".repeat(BreachNotices.MAX_SUBJECT), true, null).size());
    }

    @Test
    void readsAUtf8TextUpTo64KB() throws IOException {
        Path file = Files.writeString(dir.resolve("notice.txt"), "Grüße,\nwe found …\n", StandardCharsets.UTF_8);
        assertEquals("Grüße,\nwe found …\n", BreachNotices.readText(file));
        Path limit = Files.write(dir.resolve("limit.txt"), "a".repeat(BreachNotices.MAX_TEXT_BYTES).getBytes(StandardCharsets.UTF_8));
        assertEquals(BreachNotices.MAX_TEXT_BYTES, BreachNotices.readText(limit).length());
    }

    @Test
    void refusesAMissingEmptyOversizedOrNonUtf8File() throws IOException {
        assertTrue(refusal(null).contains("--text"));
        assertTrue(refusal(dir.resolve("absent.txt")).contains("no file"));
        assertTrue(refusal(dir).contains("no file"));
        assertTrue(refusal(Files.writeString(dir.resolve("empty.txt"), " \n\t\n")).contains("empty"));
        assertTrue(refusal(Files.write(dir.resolve("big.txt"), new byte[BreachNotices.MAX_TEXT_BYTES + 1])).contains("64 KB"));
        assertTrue(refusal(Files.write(dir.resolve("latin1.txt"), new byte[] {'G', (byte) 0xfc, 'n'})).contains("UTF-8"));
    }

    private static String refusal(Path file) {
        return assertThrows(IllegalArgumentException.class, () -> BreachNotices.readText(file)).getMessage();
    }
}
