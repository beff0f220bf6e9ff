package io.neuromail.filter.api;

import java.util.Objects;

/**
 * One thing a filter found.
 * <p>
 * What may block: a {@link Severity#BLOCK} finding blocks the message on its own, and only
 * dangerous content found with high confidence deserves one (a known malicious link, phishing with a
 * deceptive link or credential harvesting, explicit content the account does not allow, a test
 * string such as GTUBE). The scores of {@link Kind#DANGER} findings together may reach the blocking
 * threshold. Everything else, {@link Kind#QUALITY} findings, may only warn: their scores count
 * towards the warning threshold, never towards a block.
 *
 * @param ruleId   stable id of the rule, e.g. {@code spam.all-caps-subject}, for documentation and statistics
 * @param score    contribution to the message's total score (positive is worse)
 * @param severity what this finding alone means, whatever the total
 * @param message  a sentence for the marketer saying what is wrong and why it matters
 * @param location where it is
 * @param kind     what the finding is evidence of; {@link Kind#DANGER} for a {@link Severity#BLOCK} finding
 */
public record Finding(String ruleId, double score, Severity severity, String message, Location location, Kind kind) {

    public Finding {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        location = location == null ? Location.message() : location;
        kind = severity == Severity.BLOCK ? Kind.DANGER : kind == null ? Kind.QUALITY : kind;
        if (Double.isNaN(score) || Double.isInfinite(score)) {
            throw new IllegalArgumentException("score must be a finite number");
        }
    }

    /**
     * A finding of the kind its severity implies: {@link Kind#DANGER} for {@link Severity#BLOCK},
     * else {@link Kind#QUALITY}.
     */
    public Finding(String ruleId, double score, Severity severity, String message, Location location) {
        this(ruleId, score, severity, message, location, null);
    }

    /** A quality finding that only adds to the score. */
    public static Finding of(String ruleId, double score, String message, Location location) {
        return new Finding(ruleId, score, Severity.INFO, message, location);
    }

    /** A quality finding that makes the verdict at least {@link Decision#WARN}. */
    public static Finding warn(String ruleId, double score, String message, Location location) {
        return new Finding(ruleId, score, Severity.WARN, message, location);
    }

    /** A finding that blocks the message: only for danger found with high confidence. */
    public static Finding block(String ruleId, double score, String message, Location location) {
        return new Finding(ruleId, score, Severity.BLOCK, message, location);
    }

    /** A danger finding: its score counts towards the blocking threshold, with the other danger findings'. */
    public static Finding danger(String ruleId, double score, Severity severity, String message, Location location) {
        return new Finding(ruleId, score, severity, message, location, Kind.DANGER);
    }

    /** Whether this finding's score counts towards the blocking threshold. */
    public boolean dangerous() {
        return kind == Kind.DANGER;
    }
}
