package io.neuromail.filter.api;

import java.util.Objects;

/**
 * One thing a filter found.
 *
 * @param ruleId   stable id of the rule, e.g. {@code spam.all-caps-subject}, for documentation and statistics
 * @param score    contribution to the message's total score (positive is worse)
 * @param severity what this finding alone means, whatever the total
 * @param message  a sentence for the marketer saying what is wrong and why it matters
 * @param location where it is
 */
public record Finding(String ruleId, double score, Severity severity, String message, Location location) {

    public Finding {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        location = location == null ? Location.message() : location;
        if (Double.isNaN(score) || Double.isInfinite(score)) {
            throw new IllegalArgumentException("score must be a finite number");
        }
    }

    /** A finding that only adds to the score. */
    public static Finding of(String ruleId, double score, String message, Location location) {
        return new Finding(ruleId, score, Severity.INFO, message, location);
    }

    /** A finding that makes the verdict at least {@link Decision#WARN}. */
    public static Finding warn(String ruleId, double score, String message, Location location) {
        return new Finding(ruleId, score, Severity.WARN, message, location);
    }

    /** A finding that blocks the message. */
    public static Finding block(String ruleId, double score, String message, Location location) {
        return new Finding(ruleId, score, Severity.BLOCK, message, location);
    }
}
