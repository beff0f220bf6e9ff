package io.neuromail.sender.ses.internal.webhook;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.neuromail.delivery.api.ProviderFeedback;
import io.neuromail.delivery.api.ProviderFeedback.BounceType;
import io.neuromail.delivery.api.ProviderFeedback.Kind;

/**
 * Reads an SES event notification (the {@code Message} of an SNS notification, from a configuration
 * set's event destination or an identity's feedback topic) as provider feedback: one report per
 * recipient of a bounce, complaint or delivery. The message is named by NeuroMail's delivery id when
 * SES echoes the {@code neuromail-delivery} tag the sender put on it, else by SES's message id.
 */
public final class SesNotifications {

    /** The SES message tag that carries the ledger row id (see the sender). */
    public static final String DELIVERY_TAG = "neuromail-delivery";

    private SesNotifications() {
    }

    /** The reports of a notification; empty for a type that is none of these or names no message. */
    public static List<ProviderFeedback> feedback(JsonNode notification) {
        String type = notification.path("notificationType").asText(notification.path("eventType").asText(""));
        JsonNode mail = notification.path("mail");
        String messageId = mail.path("messageId").asText("");
        String deliveryId = mail.path("tags").path(DELIVERY_TAG).path(0).asText("");
        List<ProviderFeedback> reports = new ArrayList<>();
        if (messageId.isBlank() && deliveryId.isBlank() || messageId.length() > ProviderFeedback.MAX_ID_CHARS
                || deliveryId.length() > ProviderFeedback.MAX_ID_CHARS) {
            return reports;
        }
        switch (type) {
            case "Bounce" -> {
                JsonNode bounce = notification.path("bounce");
                BounceType kind = "Permanent".equals(bounce.path("bounceType").asText()) ? BounceType.HARD : BounceType.SOFT;
                for (JsonNode recipient : bounce.path("bouncedRecipients")) {
                    reports.add(new ProviderFeedback(Kind.BOUNCED, kind, deliveryId, messageId, address(recipient),
                            bounce.path("bounceType").asText() + "/" + bounce.path("bounceSubType").asText() + " "
                                    + recipient.path("diagnosticCode").asText("")));
                }
            }
            case "Complaint" -> {
                JsonNode complaint = notification.path("complaint");
                for (JsonNode recipient : complaint.path("complainedRecipients")) {
                    reports.add(new ProviderFeedback(Kind.COMPLAINED, null, deliveryId, messageId, address(recipient),
                            complaint.path("complaintFeedbackType").asText("complaint")));
                }
            }
            case "Delivery" -> {
                JsonNode delivery = notification.path("delivery");
                for (JsonNode recipient : delivery.path("recipients")) {
                    reports.add(new ProviderFeedback(Kind.DELIVERED, null, deliveryId, messageId, recipient.asText(""),
                            delivery.path("smtpResponse").asText("")));
                }
            }
            default -> {
                return reports;
            }
        }
        reports.removeIf(r -> r.recipient() == null);
        return reports;
    }

    private static String address(JsonNode recipient) {
        return recipient.path("emailAddress").asText("");
    }
}
