package io.neuromail.filters.internal.builtin;

import java.util.HashSet;
import java.util.Set;

/**
 * Scores a rule once per message: the first finding of a rule carries its score, the next ones
 * (the same thing found on another link or form) are listed with 0. A newsletter with twenty
 * tracked links has one habit, not twenty.
 */
final class RuleScores {

    private final Set<String> scored = new HashSet<>();

    /** {@code score} the first time {@code ruleId} is asked for, 0 after that. */
    double first(String ruleId, double score) {
        return scored.add(ruleId) ? score : 0;
    }
}
