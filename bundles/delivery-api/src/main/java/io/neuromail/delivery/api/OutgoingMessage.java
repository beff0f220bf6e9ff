package io.neuromail.delivery.api;

import java.util.Objects;

/**
 * A message ready to go: raw MIME plus its envelope, for exactly one recipient.
 *
 * @param accountId     the account that sends it
 * @param deliveryId    the ledger row's id: stable across retries of this recipient, so a sender may
 *                      pass it to a provider that de-duplicates
 * @param envelopeFrom  the SMTP envelope sender (MAIL FROM / return path)
 * @param recipient     the one envelope recipient (RCPT TO)
 * @param mime          the whole RFC 5322 message, headers and body, CRLF line ends
 */
public record OutgoingMessage(String accountId, String deliveryId, String envelopeFrom, String recipient,
                              byte[] mime) {

    public OutgoingMessage {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(envelopeFrom, "envelopeFrom");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(mime, "mime");
    }
}
