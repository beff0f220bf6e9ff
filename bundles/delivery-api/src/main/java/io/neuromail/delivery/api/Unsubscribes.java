package io.neuromail.delivery.api;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The unsubscribe links of the messages delivery sent. Every marketing message carries
 * {@code <public base URL>/unsubscribe/<token>} in its {@code List-Unsubscribe} header and its body;
 * the token names the message's ledger row and is signed by delivery, so only a link NeuroMail made
 * resolves. The delivery bundle provides this service; the bundle that serves the unsubscribe page
 * uses it.
 */
@ProviderType
public interface Unsubscribes {

    /** The path under the public base URL that unsubscribe links start with (no trailing slash). */
    String PATH = "/unsubscribe";

    /**
     * The message an unsubscribe token was made for.
     *
     * @return empty when the token is malformed, forged, altered or names no message
     */
    Optional<Target> resolve(String token);

    /**
     * A message that carried an unsubscribe link.
     *
     * @param accountId   the account that sent it
     * @param sendId      its send
     * @param deliveryId  its ledger row
     * @param recipient   the address it went to
     * @param fromAddress the From address it was sent with
     * @param fromName    the From display name, may be {@code null}
     */
    record Target(String accountId, String sendId, String deliveryId, String recipient, String fromAddress,
                  String fromName) {
    }
}
