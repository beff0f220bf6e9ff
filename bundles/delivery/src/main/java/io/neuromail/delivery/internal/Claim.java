package io.neuromail.delivery.internal;

/** A ledger row a worker holds under lease, with what it needs to build and send the message. */
public record Claim(String id, String accountId, String sendId, String recipient, String personalisation,
                    int attempts) {
}
