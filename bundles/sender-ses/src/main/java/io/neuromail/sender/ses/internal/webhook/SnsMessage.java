package io.neuromail.sender.ses.internal.webhook;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/** The fields of an Amazon SNS HTTP(S) message that NeuroMail reads and verifies. */
public record SnsMessage(String type, String messageId, String token, String topicArn, String subject,
                         String message, String timestamp, String signatureVersion, String signature,
                         String signingCertUrl, String subscribeUrl) {

    public static final String NOTIFICATION = "Notification";
    public static final String SUBSCRIPTION_CONFIRMATION = "SubscriptionConfirmation";
    public static final String UNSUBSCRIBE_CONFIRMATION = "UnsubscribeConfirmation";

    /** Reads the SNS JSON document; fields that are absent are null. */
    public static SnsMessage of(JsonNode json) {
        return new SnsMessage(text(json, "Type"), text(json, "MessageId"), text(json, "Token"), text(json, "TopicArn"),
                text(json, "Subject"), text(json, "Message"), text(json, "Timestamp"), text(json, "SignatureVersion"),
                text(json, "Signature"), text(json, "SigningCertURL"), text(json, "SubscribeURL"));
    }

    private static String text(JsonNode json, String field) {
        JsonNode node = json.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    /**
     * The string SNS signs: the message's fields in a fixed order, each as name, newline, value,
     * newline. Notifications include Subject only when present; confirmations add SubscribeURL and Token.
     */
    public Optional<String> stringToSign() {
        StringBuilder s = new StringBuilder();
        if (NOTIFICATION.equals(type)) {
            if (message == null || messageId == null || timestamp == null || topicArn == null) {
                return Optional.empty();
            }
            append(s, "Message", message);
            append(s, "MessageId", messageId);
            if (subject != null) {
                append(s, "Subject", subject);
            }
            append(s, "Timestamp", timestamp);
            append(s, "TopicArn", topicArn);
            append(s, "Type", type);
        } else if (SUBSCRIPTION_CONFIRMATION.equals(type) || UNSUBSCRIBE_CONFIRMATION.equals(type)) {
            if (message == null || messageId == null || subscribeUrl == null || timestamp == null || token == null
                    || topicArn == null) {
                return Optional.empty();
            }
            append(s, "Message", message);
            append(s, "MessageId", messageId);
            append(s, "SubscribeURL", subscribeUrl);
            append(s, "Timestamp", timestamp);
            append(s, "Token", token);
            append(s, "TopicArn", topicArn);
            append(s, "Type", type);
        } else {
            return Optional.empty();
        }
        return Optional.of(s.toString());
    }

    private static void append(StringBuilder s, String name, String value) {
        s.append(name).append('\n').append(value).append('\n');
    }
}
