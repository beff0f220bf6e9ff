package io.neuromail.billing.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Paddle Billing notification: the envelope ({@code event_id}, {@code event_type},
 * {@code occurred_at}) and, of subscription and transaction events, what NeuroMail keeps.
 *
 * @param accountId      {@code custom_data.neuromail_account_id}, set by NeuroMail's checkout; may be null
 * @param subscriptionId the subscription ({@code data.id} of a subscription event, {@code data.subscription_id} of a transaction)
 * @param status         a subscription's status ({@code active}, {@code trialing}, {@code past_due}, {@code paused}, {@code canceled})
 * @param priceId        the price of the subscription's first item
 */
record PaddleEvent(String eventId, String type, Instant occurredAt, String accountId, String subscriptionId,
                   String customerId, String status, String priceId, Instant renewsAt, Instant canceledAt) {

    static final int MAX_ID = 100;

    boolean subscriptionEvent() {
        return type.startsWith("subscription.");
    }

    /**
     * The event of a notification body.
     *
     * @throws IllegalArgumentException when the envelope is incomplete or a field is not what Paddle sends
     */
    static PaddleEvent of(JsonNode root) {
        String eventId = text(root, "event_id");
        String type = text(root, "event_type");
        Instant occurredAt = instant(root, "occurred_at");
        if (eventId == null || type == null || occurredAt == null) {
            throw new IllegalArgumentException("event_id, event_type and occurred_at are required");
        }
        JsonNode data = root.path("data");
        String accountId = text(data.path("custom_data"), "neuromail_account_id");
        boolean subscription = type.startsWith("subscription.");
        String subscriptionId = subscription ? text(data, "id") : text(data, "subscription_id");
        String priceId = text(data.path("items").path(0).path("price"), "id");
        return new PaddleEvent(eventId, type, occurredAt, accountId, subscriptionId, text(data, "customer_id"),
                subscription ? text(data, "status") : null, priceId, instant(data, "next_billed_at"),
                instant(data, "canceled_at"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank() || value.asText().length() > MAX_ID) {
            throw new IllegalArgumentException(field + " is not a string of 1 to " + MAX_ID + " characters");
        }
        return value.asText();
    }

    private static Instant instant(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " is not an RFC 3339 time");
        }
    }
}
