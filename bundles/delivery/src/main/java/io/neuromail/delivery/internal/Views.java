package io.neuromail.delivery.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the API answers. */
public final class Views {

    private Views() {
    }

    /** A send with its progress and the content filters' verdict it was admitted with. */
    public record SendView(String id, String kind, String state, String stateReason, String senderName,
                           String from, String replyTo, String subject, int total, Map<String, Long> counts,
                           double ratePerSecond, Long etaSeconds, int bounces, int transientBounces, int complaints,
                           Instant createdAt, Instant finishedAt, VerdictView verdict) {
    }

    /**
     * What the content filters said of a send or message before it was queued.
     *
     * @param decision     PASS, WARN or BLOCK
     * @param score        the total score
     * @param acknowledged whether the sender acknowledged warnings to send it anyway
     * @param findings     what the filters found
     */
    public record VerdictView(String decision, double score, boolean acknowledged, List<FindingView> findings) {
    }

    /** One finding of a filter. */
    public record FindingView(String filter, String severity, double score, String rule, String message) {
    }

    /** One ledger row. */
    public record DeliveryView(String id, String sendId, String recipient, String state, String providerId,
                               String senderName, int attempts, Instant nextAttemptAt, String lastError,
                               Instant createdAt, Instant updatedAt) {
    }

    /** A page of ledger rows. */

    /** A registered sender. */
    public record SenderView(String name, String title, int ranking, double maxPerSecond, long maxMessageBytes,
                             String limitsError) {
    }

    /** The account's sender settings, and whether the chosen sender is registered now. */
    public record SettingsView(String sender, boolean fallback, boolean senderAvailable, List<SenderView> senders) {
    }

    /** The answer of a connection test. */
    public record TestResult(String sender, boolean ok, String message) {
    }
}
