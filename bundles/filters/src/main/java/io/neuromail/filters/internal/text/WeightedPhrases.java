package io.neuromail.filters.internal.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.neuromail.filter.api.Message;

/**
 * Weighted phrases and patterns, as in {@code spam-words.txt} and {@code adult-words.txt}: one rule
 * a line, {@code <score> <phrase>} or {@code <score> /<regular expression>/}. Phrases are matched as
 * whole words in normalised, lower-case text, all at once; patterns are matched against the same text.
 *
 * @param phrases  the phrases, by normalised text
 * @param patterns the patterns
 */
public record WeightedPhrases(PhraseMatcher<Double> phrases, List<WeightedPattern> patterns) {

    /** A pattern rule. */
    public record WeightedPattern(Pattern pattern, double score) {
    }

    /** Parses rule lines; a malformed line fails the whole file, naming the line. */
    public static WeightedPhrases parse(List<String> lines) {
        Map<String, Double> phrases = new LinkedHashMap<>();
        List<WeightedPattern> patterns = new ArrayList<>();
        for (String line : lines) {
            int space = line.indexOf(' ');
            if (space < 0) {
                throw new IllegalArgumentException("Rule line needs '<score> <phrase>': " + line);
            }
            double score;
            try {
                score = Double.parseDouble(line.substring(0, space));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Rule line does not start with a score: " + line, e);
            }
            String rule = line.substring(space + 1).strip();
            if (rule.length() > 2 && rule.startsWith("/") && rule.endsWith("/")) {
                try {
                    patterns.add(new WeightedPattern(Pattern.compile(rule.substring(1, rule.length() - 1)), score));
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("Invalid pattern in rule line: " + line, e);
                }
            } else {
                phrases.put(Message.normalize(rule).toLowerCase(Locale.ROOT), score);
            }
        }
        return new WeightedPhrases(PhraseMatcher.of(phrases), List.copyOf(patterns));
    }

    /** A plain list of phrases (allow-lists): one a line, normalised and lower-cased. */
    public static PhraseMatcher<Boolean> phraseList(List<String> lines) {
        Map<String, Boolean> phrases = new LinkedHashMap<>();
        for (String line : lines) {
            phrases.put(Message.normalize(line).toLowerCase(Locale.ROOT), Boolean.TRUE);
        }
        return PhraseMatcher.of(phrases);
    }
}
