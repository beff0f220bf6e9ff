package io.neuromail.delivery.api;

import java.time.Duration;
import java.util.Objects;

/** What a provider answered for one message. */
public sealed interface SendResult {

    /**
     * The provider took the message.
     *
     * @param providerMessageId the provider's id for it (SES MessageId, SMTP queue id, file name)
     */
    record Accepted(String providerMessageId) implements SendResult {
        public Accepted {
            Objects.requireNonNull(providerMessageId, "providerMessageId");
        }
    }

    /**
     * A transient failure (throttling, a 4xx SMTP reply, a connection error): try again later.
     *
     * @param after  the provider's hint how long to wait, or {@link Duration#ZERO} for none
     * @param reason what happened, for the recipient's history
     */
    record RetryLater(Duration after, String reason) implements SendResult {
        public RetryLater {
            after = after == null || after.isNegative() ? Duration.ZERO : after;
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * A permanent failure (invalid address, 5xx reply, message refused): never retried.
     *
     * @param reason what the provider said
     */
    record Rejected(String reason) implements SendResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static SendResult accepted(String providerMessageId) {
        return new Accepted(providerMessageId);
    }

    static SendResult retryLater(Duration after, String reason) {
        return new RetryLater(after, reason);
    }

    static SendResult rejected(String reason) {
        return new Rejected(reason);
    }
}
