package io.neuromail.api.mail;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Sends a plain-text message from the operator's system address (not from an account's sender
 * identities) to a user of an account: an address to verify, a password reset link, an invitation.
 * The delivery bundle provides it; the message goes through the ledger and the account's sender like
 * any other, so it is retried, recorded and visible, but it is neither a marketing message (no
 * unsubscribe link) nor subject to the account's content filters, since NeuroMail wrote it.
 */
@ProviderType
public interface SystemMail {

    /**
     * Queues one message.
     *
     * @param accountId the account the message is sent for (its ledger row belongs to it)
     * @param to        the recipient's address
     * @param subject   one line
     * @param text      the plain-text body
     * @return the id of the message's ledger row
     * @throws IllegalArgumentException when the address, subject or text is not valid
     */
    String send(String accountId, String to, String subject, String text);
}
