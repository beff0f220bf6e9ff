package io.neuromail.delivery.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where a sender bundle reports what its provider said after accepting a message: delivered,
 * bounced (hard or soft) or complained. The delivery bundle provides this service; a sender that
 * learns of such events (a webhook, a polled event feed, a bounce mailbox) calls it.
 * <p>
 * Delivery records the report on the message's ledger row and counts it on its send (a send whose
 * bounce or complaint rate passes the operator's thresholds pauses itself); a hard bounce or a
 * complaint also puts the address on the account's suppression list and changes the contact's
 * status, which the account's activity log shows. Reports about messages NeuroMail did not send
 * change nothing.
 * <pre>
 * &#64;Reference
 * private DeliveryFeedback feedback;
 * ...
 * feedback.report(ProviderFeedback.bounced(providerId, "ann@example.org", BounceType.HARD, "550 5.1.1"));
 * </pre>
 */
@ProviderType
public interface DeliveryFeedback {

    /** What became of a report. */
    enum Outcome {
        /** Recorded on the message. */
        RECORDED,
        /** No message NeuroMail sent has this id: nothing changed. */
        UNKNOWN_MESSAGE,
        /** The report names another recipient than the message went to: nothing changed. */
        RECIPIENT_MISMATCH
    }

    /** The longest notice id {@link #firstNotice} takes. */
    int MAX_NOTICE_ID_CHARS = 100;

    /**
     * Records the report. Thread-safe; the change is durable when this method returns.
     *
     * @return what became of it
     */
    Outcome report(ProviderFeedback feedback);

    /**
     * Claims the id of a provider's notice (one webhook call, one event of a feed) so that a replayed
     * notice changes nothing: answers {@code true} the first time an id is seen on this NeuroMail
     * (every node), {@code false} afterwards. Ids are one namespace for all senders: prefix them with the
     * sender's name unless they are globally unique (UUIDs).
     *
     * @throws IllegalArgumentException when the id is blank or longer than {@link #MAX_NOTICE_ID_CHARS}
     */
    boolean firstNotice(String noticeId);
}
