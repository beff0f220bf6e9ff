package io.neuromail.filters.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class WeightedPhrasesBudgetTest {

    @Test
    void anOperatorsBacktrackingPatternIsStoppedAndTheMatchesBeforeItAreKept() {
        WeightedPhrases rules = WeightedPhrases.parse(List.of("1.0 /cheap/", "2.0 /(a+)+b/"));
        String text = "cheap " + "a".repeat(100_000);

        List<WeightedPhrases.PatternMatch> found = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> rules.firstMatches(text, at -> false));

        assertEquals(1, found.size());
        assertEquals(1.0, found.get(0).rule().score());
    }

    @Test
    void ordinaryPatternsStayWithinTheBudget() {
        WeightedPhrases rules = WeightedPhrases.parse(List.of("1.5 /\\$\\s?\\d{1,3}(,\\d{3})+(\\.\\d+)?/"));
        String text = "word ".repeat(200_000) + "$1,000,000";

        assertEquals(1, rules.firstMatches(text, at -> false).size());
    }
}
