package io.neuromail.delivery.internal;

/**
 * A ledger row a worker holds under lease, with what it needs to build and send the message.
 *
 * @param contactId the contact whose values a Liquid send renders, may be {@code null}
 */
public record Claim(String id, String accountId, String sendId, String recipient, String personalisation,
                    int attempts, String contactId) {

    public Claim(String id, String accountId, String sendId, String recipient, String personalisation, int attempts) {
        this(id, accountId, sendId, recipient, personalisation, attempts, null);
    }
}
