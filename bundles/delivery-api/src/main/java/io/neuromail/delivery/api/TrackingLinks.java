package io.neuromail.delivery.api;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The open pixel and click links of the tracked marketing messages delivery sent. A tracked HTML
 * message carries an image {@code <public base URL>/t/o/<token>} and its links point to
 * {@code <public base URL>/t/c/<token>}; each token names the message (its ledger row and send) and
 * a link number, and is signed by delivery, so only an address NeuroMail made resolves. A click's
 * target is the address the send stored for that link number, never anything taken from the request.
 * The delivery bundle provides this service; the bundle that serves those addresses uses it.
 */
@ProviderType
public interface TrackingLinks {

    /** The path under the public base URL that open pixels start with (no trailing slash). */
    String OPEN_PATH = "/t/o";
    /** The path under the public base URL that click links start with (no trailing slash). */
    String CLICK_PATH = "/t/c";
    /**
     * The link number of the hidden link every tracked message carries: no person sees it, so
     * whatever follows it is a machine.
     */
    int HONEYPOT = 0;

    /**
     * What a token from an open pixel or a click link stands for. Checks the signature and reads the
     * send's links from memory once they are known on this node: no database round trip per hit.
     *
     * @return empty when the token is malformed, forged, altered, or names a send this NeuroMail does not know
     */
    Optional<Hit> resolve(String token);

    /**
     * The messages with these ledger row ids, for recording hits in batches: one look-up for them all.
     * Rows of no known message are left out.
     */
    Map<String, Message> messages(Collection<String> deliveryIds);

    /**
     * The addresses of the tracked links of a send of the account, link 1 first; empty when the send
     * is not the account's or was not tracked.
     */
    java.util.List<String> links(String accountId, String sendId);

    /**
     * One hit on a tracking address.
     *
     * @param accountId  the account that sent the message
     * @param sendId     its send
     * @param deliveryId its ledger row
     * @param open       {@code true} for the open pixel, {@code false} for a click link
     * @param link       the link's number (1 and up in the order of the message's HTML; {@link #HONEYPOT}
     *                   for the hidden link); 0 for the open pixel
     * @param target     where a click goes (an absolute {@code http} or {@code https} address); {@code null}
     *                   for the open pixel and the hidden link
     * @param links      how many tracked links (not counting the hidden one) the message has
     */
    record Hit(String accountId, String sendId, String deliveryId, boolean open, int link, String target, int links) {
    }

    /**
     * A message that was sent with tracking.
     *
     * @param deliveryId its ledger row
     * @param accountId  the account that sent it
     * @param sendId     its send
     * @param contactId  the contact it went to, {@code null} when it went to an address with no contact
     * @param recipient  the address it went to
     * @param sentAt     when the sender accepted it (epoch milliseconds), {@code null} while it has not been sent
     */
    record Message(String deliveryId, String accountId, String sendId, String contactId, String recipient,
                   Long sentAt) {
    }
}
