package io.neuromail.delivery.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Hands one fully built message to a mail provider. Register it as an OSGi service with the
 * {@link SenderProperties#NAME} property (use {@link SenderProperties} on a DS component); the
 * delivery bundle picks it up and drops it dynamically.
 * <p>
 * The delivery workers call {@link #send} from several threads at once, never faster in total than
 * {@link SenderLimits#maxPerSecond()}; an implementation must be thread-safe. It must not retry on
 * its own: it answers {@link SendResult.RetryLater} and the ledger retries with backoff, so a message
 * is never handed over twice by accident.
 */
@ConsumerType
public interface EmailSender {

    /**
     * Sends one message. Must not throw for a provider's answer: every outcome is a {@link SendResult}.
     * An exception is treated as {@link SendResult.RetryLater} with the exception's message.
     */
    SendResult send(OutgoingMessage message);

    /**
     * What this sender allows now. May be read from the provider (SES tells its send rate); the
     * delivery bundle asks again from time to time, so a raised quota takes effect without a restart.
     */
    SenderLimits limits();

    /**
     * Checks that the provider is reachable and the credentials are accepted, without sending mail
     * (the "Test connection" button of the sender settings).
     *
     * @return a short human description of what was checked, e.g. {@code "SMTP 250 smtp.example.com"}
     * @throws Exception with a message a user can act on when the check fails
     */
    default String testConnection() throws Exception {
        limits();
        return "no connection check available";
    }
}
