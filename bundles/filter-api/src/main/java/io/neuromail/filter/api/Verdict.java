package io.neuromail.filter.api;

import java.util.List;
import java.util.Objects;

/**
 * The result of checking a message with every enabled filter.
 *
 * @param decision       {@code BLOCK} when a finding blocks or the scores of the {@link Kind#DANGER}
 *                       findings together reach {@code blockThreshold}; {@code WARN} when a finding
 *                       warns or the score reaches {@code warnThreshold} (quality findings never
 *                       block, however high the score); else {@code PASS}
 * @param score          the sum of the findings' scores
 * @param warnThreshold  the score from which the verdict warns, as configured for the account
 * @param blockThreshold the score of danger findings from which the verdict blocks, as configured for the account
 * @param findings       every finding, in pipeline order
 * @param filters        the names of the filters that ran, in order
 * @param message        the message as the filters saw it
 */
public record Verdict(Decision decision, double score, double warnThreshold, double blockThreshold,
                      List<ReportedFinding> findings, List<String> filters, Message message) {

    public Verdict {
        Objects.requireNonNull(decision, "decision");
        findings = List.copyOf(findings);
        filters = List.copyOf(filters);
        Objects.requireNonNull(message, "message");
    }

    /** The findings of one filter. */
    public List<Finding> findingsOf(String filter) {
        return findings.stream().filter(f -> f.filter().equals(filter)).map(ReportedFinding::finding).toList();
    }
}
