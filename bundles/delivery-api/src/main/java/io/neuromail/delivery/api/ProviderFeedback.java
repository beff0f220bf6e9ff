package io.neuromail.delivery.api;

import java.util.Objects;

/**
 * What a provider reported about one message after it accepted it: delivered to the recipient's
 * server, bounced (hard or soft), or complained about by the recipient. A sender bundle builds one
 * with the factory methods and hands it to {@link DeliveryFeedback#report}.
 *
 * @param kind              what happened
 * @param bounceType        for {@link Kind#BOUNCED}, whether the address is gone for good; {@code null} otherwise
 * @param deliveryId        NeuroMail's id of the message ({@link OutgoingMessage#deliveryId()}), when the
 *                          provider echoes it back (a tag, a header); {@code null} when only the provider's id is known
 * @param providerMessageId the id the provider answered on sending ({@link SendResult.Accepted#providerMessageId()}),
 *                          or {@code null} when the delivery id is known
 * @param recipient         the address the provider names, or {@code null}; when given it must be the message's
 *                          recipient (compared case-insensitively), else the report is refused
 * @param detail            the provider's words (a diagnostic code, a feedback type), for the recipient's history;
 *                          at most 1000 characters are kept
 */
public record ProviderFeedback(Kind kind, BounceType bounceType, String deliveryId, String providerMessageId,
                               String recipient, String detail) {

    /** What the provider reported. */
    public enum Kind {
        /** The recipient's server took the message. */
        DELIVERED,
        /** The message came back; see {@link BounceType}. */
        BOUNCED,
        /** The recipient marked the message as spam. */
        COMPLAINED
    }

    /** How final a bounce is. */
    public enum BounceType {
        /** The address does not take mail (no such user, no such domain): never send to it again. */
        HARD,
        /** A passing condition (mailbox full, message too large, greylisting): the address stays. */
        SOFT
    }

    /** The longest identifier accepted, for either id. */
    public static final int MAX_ID_CHARS = 500;

    public ProviderFeedback {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.BOUNCED) != (bounceType != null)) {
            throw new IllegalArgumentException("a bounce has a bounce type, and nothing else has one");
        }
        deliveryId = blankToNull(deliveryId);
        providerMessageId = blankToNull(providerMessageId);
        if (deliveryId == null && providerMessageId == null) {
            throw new IllegalArgumentException("feedback names its message by deliveryId or providerMessageId");
        }
        if (deliveryId != null && deliveryId.length() > MAX_ID_CHARS
                || providerMessageId != null && providerMessageId.length() > MAX_ID_CHARS) {
            throw new IllegalArgumentException("a message id is longer than " + MAX_ID_CHARS + " characters");
        }
        recipient = blankToNull(recipient);
        detail = detail == null ? "" : detail.length() > 1000 ? detail.substring(0, 1000) : detail;
    }

    /** The provider delivered the message with this id (provider's id: see {@link #byDeliveryId}). */
    public static ProviderFeedback delivered(String providerMessageId, String recipient, String detail) {
        return new ProviderFeedback(Kind.DELIVERED, null, null, providerMessageId, recipient, detail);
    }

    /** The message with this provider id bounced. */
    public static ProviderFeedback bounced(String providerMessageId, String recipient, BounceType type, String detail) {
        return new ProviderFeedback(Kind.BOUNCED, Objects.requireNonNull(type, "type"), null, providerMessageId,
                recipient, detail);
    }

    /** The recipient of the message with this provider id complained. */
    public static ProviderFeedback complained(String providerMessageId, String recipient, String detail) {
        return new ProviderFeedback(Kind.COMPLAINED, null, null, providerMessageId, recipient, detail);
    }

    /** The same report, naming the message by NeuroMail's delivery id instead (it wins when both are set). */
    public ProviderFeedback byDeliveryId(String id) {
        return new ProviderFeedback(kind, bounceType, id, providerMessageId, recipient, detail);
    }

    /** Whether the address should never get mail again: a hard bounce or a complaint. */
    public boolean suppresses() {
        return kind == Kind.COMPLAINED || bounceType == BounceType.HARD;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
