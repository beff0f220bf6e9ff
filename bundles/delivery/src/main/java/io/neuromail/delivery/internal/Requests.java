package io.neuromail.delivery.internal;

import java.util.List;
import java.util.Map;

/** Request bodies of the delivery API. */
public final class Requests {

    private Requests() {
    }

    /**
     * {@code POST /messages}: one transactional message to one address. {@code acknowledgeWarnings}
     * sends it although the content filters warn.
     */
    public record NewMessage(String from, String fromName, String replyTo, String to, String subject, String text,
                             String html, Boolean acknowledgeWarnings) {
    }

    /** A recipient of {@code POST /sends} with merge fields. */
    public record NewRecipient(String email, Map<String, String> fields) {
    }

    /**
     * {@code POST /sends}: a campaign or test send to a list of recipients. {@code acknowledgeWarnings}
     * sends it although the content filters warn.
     */
    public record NewSend(String kind, String from, String fromName, String replyTo, String subject, String text,
                          String html, List<NewRecipient> recipients, Boolean acknowledgeWarnings) {
    }

    /**
     * {@code PUT /delivery/settings}; {@code senderExpectedLater} accepts a sender that is not
     * registered yet (its bundle comes later).
     */
    public record SettingsUpdate(String sender, Boolean fallback, Boolean senderExpectedLater) {
    }

    /** {@code POST /delivery/test-connection}. */
    public record TestConnection(String sender) {
    }

    /** {@code POST /delivery/test-message}. */
    public record TestMessage(String to, String from) {
    }
}
