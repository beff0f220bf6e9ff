package io.neuromail.delivery.internal;

/** States of one ledger row, as stored and as the API shows them. */
public final class DeliveryState {

    /** Waiting to be handed to a sender (also after a transient failure). */
    public static final String QUEUED = "queued";
    /** Handed to a sender; its answer is not recorded yet. */
    public static final String HANDED_OFF = "handed_off";
    /** Accepted by the sender (provider id recorded). */
    public static final String SENT = "sent";
    /** Rejected permanently, or transient failures beyond the attempts allowed. */
    public static final String FAILED = "failed";
    /** Handed off, but the process stopped before the answer was recorded: never resent automatically. */
    public static final String UNCERTAIN = "uncertain";
    /** Still queued when its send was cancelled. */
    public static final String CANCELLED = "cancelled";
    /**
     * Never handed to a sender: the address was on the account's suppression list (unsubscribed,
     * bounced, complained, added by hand or erased) when the send was created or when its turn came.
     */
    public static final String SUPPRESSED = "suppressed";

    /** Every state, in the order the API reports counts. */
    public static final java.util.List<String> ALL = java.util.List.of(QUEUED, HANDED_OFF, SENT, FAILED, UNCERTAIN,
            CANCELLED, SUPPRESSED);

    private DeliveryState() {
    }
}
