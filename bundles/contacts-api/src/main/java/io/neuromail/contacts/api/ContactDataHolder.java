package io.neuromail.contacts.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A bundle that keeps data about contacts in its own tables (the opens and clicks tracking records,
 * for example) registers this service, and erases that data when a contact is erased for a
 * data-subject request. Contacts calls every registered holder before it erases the contact itself;
 * a holder that fails stops the erasure, which can then be asked for again.
 *
 * @since 1.3
 */
@ConsumerType
public interface ContactDataHolder {

    /** Erases everything this bundle keeps about the contact {@code contactId} of the account. */
    void eraseContact(String accountId, String contactId);
}
