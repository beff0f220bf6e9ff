package io.neuromail.contacts.api;

import java.time.Duration;

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
     * own action (through the API or UI) may do that ({@link #undoUnsubscribe} is the recipient's own
     * action too).
     * <p>
     * An unsubscribe never weakens what is known: a bounced or complained contact keeps its status,
     * and an address already on the suppression list keeps its entry and the reason it has.
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

    /**
     * Takes back an unsubscribe the recipient made by mistake: the one that
     * {@code changeStatus(accountId, email, UNSUBSCRIBED, UNSUBSCRIBE_LINK, reason)} recorded with
     * exactly this {@code reason}, provided it is still the address's latest status change and at most
     * {@code within} old. The contact becomes {@link ContactStatus#SUBSCRIBED} again, the change is
     * recorded in its history (source {@link StatusSource#UNSUBSCRIBE_LINK}) and in the activity log,
     * and the address's {@code unsubscribed} suppression entry is removed.
     * <p>
     * Nothing else is ever undone: a later bounce, complaint or other status change, a suppression
     * entry with another reason (bounced, complained, added by hand, erased) all stay. For an address
     * that is no contact (there is no history to tell one link from another), the {@code unsubscribed}
     * entry that an unsubscribe link made within {@code within} is removed.
     * <p>
     * For a contact, idempotent: when this unsubscribe was taken back already and nothing changed
     * since, answers {@code true} and changes nothing.
     *
     * @param accountId the account
     * @param email     the address, as given to {@link #changeStatus}
     * @param reason    the reason given to {@link #changeStatus}; callers make it name the message, so
     *                  that only that message's link can undo its own unsubscribe
     * @param within    how old the unsubscribe may be at most
     * @return {@code true} when the unsubscribe is taken back (by this call or an earlier one),
     *         {@code false} when there was nothing this call may undo
     * @throws IllegalArgumentException when the address is not valid
     * @since 1.1
     */
    boolean undoUnsubscribe(String accountId, String email, String reason, Duration within);
}
