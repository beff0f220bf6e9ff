package io.neuromail.contacts.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Records status changes that happen outside the address book: tracking calls it for unsubscribes,
 * delivery for bounces and complaints.
 */
@ProviderType
public interface ContactStatusService {

    /**
     * Sets the status of the account's contact with this address and records the change in its
     * history and in the account's activity log. A status other than {@link ContactStatus#SUBSCRIBED}
     * also puts the address on the account's suppression list, whether or not a contact with this
     * address exists (a transactional message may go to an address that is no contact).
     * <p>
     * Never re-subscribes: asking for {@code SUBSCRIBED} here is refused, because only the contact's
     * own action (through the API or UI) may do that.
     *
     * @param accountId the account
     * @param email     the address as the provider reported it; compared case-insensitively in the domain
     * @param status    the new status, not {@code SUBSCRIBED}
     * @param source    where the change came from
     * @param reason    a short human explanation (e.g. the bounce diagnostic), may be {@code null}
     * @return {@code true} when a contact with this address existed and was changed
     * @throws IllegalArgumentException when {@code status} is {@code SUBSCRIBED} or the address is not valid
     */
    boolean changeStatus(String accountId, String email, ContactStatus status, StatusSource source, String reason);
}
