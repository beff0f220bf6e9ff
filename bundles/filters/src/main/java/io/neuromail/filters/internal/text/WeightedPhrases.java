package io.neuromail.filters.internal.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.neuromail.filter.api.Message;

/**
 * Weighted phrases and patterns, as in {@code spam-words.txt} and {@code adult-words.txt}: one rule
 * a line, {@code <score> <phrase>} or {@code <score> /<regular expression>/}. Phrases are matched as
 * whole words in normalised, lower-case text, all at once; patterns are matched against the same text.
 *
 * @param phrases  the phrases, by normalised text
 * @param patterns the patterns
 */
public record WeightedPhrases(PhraseMatcher<Double> phrases, List<WeightedPattern> patterns, Pattern combined, int[] groups) {

    private static final Logger LOG = LoggerFactory.getLogger(WeightedPhrases.class);

    /** A pattern rule. */
    public record WeightedPattern(Pattern pattern, double score) {
    }

    /** One match of a pattern rule, {@code [start, end)}. */
    public record PatternMatch(WeightedPattern rule, int start, int end) {
    }

    /**
     * The first match of each pattern in {@code text}, found in one pass of all patterns combined
     * (one regular expression per text rather than one per pattern). Patterns whose matches
     * {@code skip} refuses keep looking further on. Patterns come from operators' rule files and may
     * backtrack: the search reads the text through a {@link BoundedText} budget and, when a crafted
     * text spends it, ends with the matches found so far.
     */
    public List<PatternMatch> firstMatches(String text, IntPredicate skip) {
        List<PatternMatch> found = new ArrayList<>();
        if (combined == null) {
            return found;
        }
        boolean[] done = new boolean[patterns.size()];
        int remaining = patterns.size();
        Matcher m = combined.matcher(new BoundedText(text));
        try {
            while (remaining > 0 && m.find()) {
                for (int i = 0; i < groups.length; i++) {
                    if (!done[i] && m.start(groups[i]) >= 0 && !skip.test(m.start(groups[i]))) {
                        done[i] = true;
                        remaining--;
                        found.add(new PatternMatch(patterns.get(i), m.start(groups[i]), m.end(groups[i])));
                    }
                }
            }
        } catch (BoundedText.Exhausted e) {
            LOG.warn("The rule patterns backtracked too long on a text of {} characters; the patterns not matched"
                    + " by then were skipped for it (a pattern with nested or adjacent repetition, such as (a+)+ or \\d+\\d*,"
                    + " is the likely cause)", text.length());
        }
        return found;
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
        StringBuilder combined = new StringBuilder();
        int[] groups = new int[patterns.size()];
        int group = 1;
        for (int i = 0; i < patterns.size(); i++) {
            Pattern p = patterns.get(i).pattern();
            combined.append(i == 0 ? "" : "|").append('(').append(p.pattern()).append(')');
            groups[i] = group;
            group += 1 + p.matcher("").groupCount();
        }
        return new WeightedPhrases(PhraseMatcher.of(phrases), List.copyOf(patterns),
                patterns.isEmpty() ? null : Pattern.compile(startClass(patterns) + "(?:" + combined + ")"), groups);
    }

    /**
     * A look-ahead for the characters a match of any pattern can start with, so the combined
     * expression fails fast at every other position of a long text. Found by trying each ASCII
     * character alone (a possible start either matches or needs more input); any non-ASCII
     * character is let through.
     */
    static String startClass(List<WeightedPattern> patterns) {
        StringBuilder set = new StringBuilder();
        for (char c = 0; c < 128; c++) {
            for (WeightedPattern p : patterns) {
                Matcher m = p.pattern().matcher(String.valueOf(c));
                if (m.lookingAt() || m.hitEnd()) {
                    set.append(String.format("\\x{%x}", (int) c));
                    break;
                }
            }
        }
        return "(?=[" + set + "\\x{80}-\\x{10FFFF}])";
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
