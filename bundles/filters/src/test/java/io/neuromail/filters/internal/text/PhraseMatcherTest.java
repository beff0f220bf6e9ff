package io.neuromail.filters.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PhraseMatcherTest {

    private final PhraseMatcher<Integer> matcher = PhraseMatcher.of(Map.of("free money", 1, "free", 2, "act now", 3, "money", 4));

    @Test
    void findsEveryPhraseInOnePassWithPositions() {
        List<PhraseMatcher.Match<Integer>> found = matcher.findAll("get free money, act now!");
        assertEquals(List.of("free", "free money", "money", "act now"), found.stream().map(PhraseMatcher.Match::phrase).toList());
        PhraseMatcher.Match<Integer> actNow = found.get(3);
        assertEquals("act now", "get free money, act now!".substring(actNow.start(), actNow.end()));
        assertEquals(3, actNow.value());
    }

    @Test
    void matchesWholeWordsOnly() {
        assertTrue(matcher.findAll("freedom moneybags carefree").isEmpty());
        assertEquals(1, matcher.findAll("(free)").size());
    }

    @Test
    void whiteSpaceInPhrasesIsNormalised() {
        PhraseMatcher<Boolean> m = PhraseMatcher.of(Map.of("  act \t now ", true));
        assertEquals(1, m.findAll("please act now").size());
        assertEquals(1, m.size());
    }

    @Test
    void failureLinksFindOverlappingPhrases() {
        PhraseMatcher<Integer> m = PhraseMatcher.of(Map.of("abcd", 1, "bc", 2, "c", 3));
        assertEquals(List.of("c"), m.findAll("ab c").stream().map(PhraseMatcher.Match::phrase).toList());
        assertEquals(List.of("abcd"), m.findAll("x abcd y").stream().map(PhraseMatcher.Match::phrase).toList());
    }
}
