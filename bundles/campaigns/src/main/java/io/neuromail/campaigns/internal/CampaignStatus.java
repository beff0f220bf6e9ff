package io.neuromail.campaigns.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The states of a campaign and the only moves between them. A campaign is written as a
 * {@code draft}, may be {@code scheduled}, is {@code sending} once its send exists (or is being made),
 * may be {@code paused}, and ends {@code sent} or {@code cancelled}. A campaign with an A/B test is
 * {@code testing} between its variants' sends and the choice of the winner, then {@code sending} the
 * winner to the rest of its audience.
 */
public final class CampaignStatus {

    public static final String DRAFT = "draft";
    public static final String SCHEDULED = "scheduled";
    public static final String SENDING = "sending";
    public static final String PAUSED = "paused";
    public static final String TESTING = "testing";
    public static final String SENT = "sent";
    public static final String CANCELLED = "cancelled";

    public static final List<String> ALL = List.of(DRAFT, SCHEDULED, SENDING, TESTING, PAUSED, SENT,
            CANCELLED);

    /** Content, audience and settings can be changed in these states. */
    public static final Set<String> EDITABLE = Set.of(DRAFT, SCHEDULED);

    /** Which states each action may start from, and where it leads. */
    public static final Map<String, Move> MOVES = Map.of(
            "schedule", new Move(Set.of(DRAFT, SCHEDULED), SCHEDULED),
            "unschedule", new Move(Set.of(SCHEDULED), DRAFT),
            "send", new Move(Set.of(DRAFT, SCHEDULED), SENDING),
            "pause", new Move(Set.of(SENDING), PAUSED),
            "resume", new Move(Set.of(PAUSED), SENDING),
            "cancel", new Move(Set.of(SCHEDULED, SENDING, TESTING, PAUSED), CANCELLED),
            "resend-failed", new Move(Set.of(SENT, PAUSED), SENDING),
            "resend-uncertain", new Move(Set.of(SENT, PAUSED), SENDING),
            "delete", new Move(Set.of(DRAFT, CANCELLED), null));

    private CampaignStatus() {
    }

    /** An action's allowed starting states and the state it leads to ({@code null}: the campaign is gone). */
    public record Move(Set<String> from, String to) {
    }

    /** The move of {@code action}, or a 409 saying why a campaign in {@code status} cannot take it. */
    public static Move require(String action, String status) {
        Move move = MOVES.get(action);
        if (move == null) {
            throw io.neuromail.api.rest.ApiException.invalid("action", "unknown action " + action);
        }
        if (!move.from().contains(status)) {
            throw io.neuromail.api.rest.ApiException.conflict("a " + status + " campaign cannot " + action.replace('-', ' ')
                    + "; allowed from: " + String.join(", ", new java.util.TreeSet<>(move.from())));
        }
        return move;
    }
}
