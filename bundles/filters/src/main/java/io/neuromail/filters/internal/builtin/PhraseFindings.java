package io.neuromail.filters.internal.builtin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;

import io.neuromail.filter.api.Finding;
import io.neuromail.filter.api.Location;
import io.neuromail.filter.api.Message;
import io.neuromail.filters.internal.text.PhraseMatcher.Match;
import io.neuromail.filters.internal.text.WeightedPhrases;
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
        for (WeightedPattern p : rules.patterns()) {
            String key = "/" + p.pattern().pattern() + "/";
            Matcher subject = p.pattern().matcher(message.lowerSubject());
            if (subject.find()) {
                hits.putIfAbsent(key, new Hit(key, p.score(), true, subject.start(), subject.end()));
                continue;
            }
            Matcher text = p.pattern().matcher(message.lowerText());
            while (text.find()) {
                if (!excludedInText.test(text.start())) {
                    hits.putIfAbsent(key, new Hit(key, p.score(), false, text.start(), text.end()));
                    break;
                }
            }
        }
        return new ArrayList<>(hits.values());
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
