package io.neuromail.delivery.internal;

import java.util.List;
import java.util.Map;

/** Request bodies of the delivery API. */
public final class Requests {

    private Requests() {
    }

    /** {@code POST /messages}: one transactional message to one address. */
    public record NewMessage(String from, String fromName, String to, String subject, String text, String html) {
    }

    /** A recipient of {@code POST /sends} with merge fields. */
    public record NewRecipient(String email, Map<String, String> fields) {
    }

    /** {@code POST /sends}: a campaign or test send to a list of recipients. */
    public record NewSend(String kind, String from, String fromName, String subject, String text, String html,
                          List<NewRecipient> recipients) {
    }

    /** {@code PUT /delivery/settings}. */
    public record SettingsUpdate(String sender, Boolean fallback) {
    }

    /** {@code POST /delivery/test-connection}. */
    public record TestConnection(String sender) {
    }

    /** {@code POST /delivery/test-message}. */
    public record TestMessage(String to, String from) {
    }
}
