package io.neuromail.filters.internal.builtin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

import io.neuromail.filter.api.Finding;
import io.neuromail.filter.api.Location;
import io.neuromail.filter.api.Message;
import io.neuromail.filters.internal.text.PhraseMatcher.Match;
import io.neuromail.filters.internal.text.WeightedPhrases;
import io.neuromail.filters.internal.text.WeightedPhrases.PatternMatch;
import io.neuromail.filters.internal.text.WeightedPhrases.WeightedPattern;

/**
 * Turns weighted phrase and pattern matches in the subject and the visible text into findings: one
 * finding per distinct phrase or pattern, located at its first occurrence.
 */
final class PhraseFindings {

    private PhraseFindings() {
    }

    /** A phrase or pattern that matched, where it first did. */
    record Hit(String rule, double score, boolean inSubject, int start, int end) {
    }

    /** Every distinct phrase and pattern of {@code rules} found, skipping text positions {@code excluded} says. */
    static List<Hit> hits(Message message, WeightedPhrases rules, IntPredicate excludedInText) {
        Map<String, Hit> hits = new LinkedHashMap<>();
        rules.phrases().forEach(message.lowerSubject(),
                m -> hits.putIfAbsent(m.phrase(), new Hit(m.phrase(), m.value(), true, m.start(), m.end())));
        rules.phrases().forEach(message.lowerText(), (Match<Double> m) -> {
            if (!excludedInText.test(m.start())) {
                hits.putIfAbsent(m.phrase(), new Hit(m.phrase(), m.value(), false, m.start(), m.end()));
            }
        });
        for (PatternMatch m : rules.firstMatches(message.lowerSubject(), i -> false)) {
            hits.putIfAbsent(key(m.rule()), new Hit(key(m.rule()), m.rule().score(), true, m.start(), m.end()));
        }
        for (PatternMatch m : rules.firstMatches(message.lowerText(), excludedInText)) {
            hits.putIfAbsent(key(m.rule()), new Hit(key(m.rule()), m.rule().score(), false, m.start(), m.end()));
        }
        return new ArrayList<>(hits.values());
    }

    private static String key(WeightedPattern rule) {
        return "/" + rule.pattern().pattern() + "/";
    }

    /** The finding for one hit. */
    static Finding finding(Message message, Hit hit, String ruleId, String what) {
        String matched = hit.inSubject()
                ? message.subject().substring(hit.start(), hit.end())
                : message.visibleText().substring(hit.start(), hit.end());
        Location location = hit.inSubject()
                ? Location.subject(matched)
                : Location.body(matched, message.excerpt(hit.start(), hit.end()));
        return Finding.of(ruleId, hit.score(), what + " \u201c" + matched + "\u201d" + (hit.inSubject() ? " in the subject" : ""), location);
    }
}
