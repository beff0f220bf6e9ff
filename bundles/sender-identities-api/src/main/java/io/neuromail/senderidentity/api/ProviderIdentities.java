package io.neuromail.senderidentity.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * How an email provider sees a sender identity. A sender bundle whose provider keeps identities of its
 * own (Amazon SES verifies domains and addresses, and signs with DKIM for them) registers one while it
 * is configured. The sender identities page shows its answer beside NeuroMail's own DNS checks, so a
 * marketer sees before sending that the provider would refuse the domain.
 * <p>
 * Asked when a domain is checked (by the user or the periodic re-check), never on the send path.
 * Implementations answer within their own time-out and report failures in the answer rather than
 * throwing.
 */
@ConsumerType
public interface ProviderIdentities {

    /**
     * The provider's view of one identity.
     *
     * @param identity a domain in its ASCII (IDNA) form, or a plain address
     */
    ProviderIdentityStatus status(String identity);
}
