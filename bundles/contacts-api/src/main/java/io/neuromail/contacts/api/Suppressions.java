package io.neuromail.contacts.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The account's suppression list: addresses that must never get marketing mail. It holds
 * unsubscribed, bounced and complained addresses, addresses an operator added by hand, and one-way
 * hashes of erased contacts' addresses.
 */
@ProviderType
public interface Suppressions {

    /** Whether mail to {@code email} must not be sent for this account. */
    boolean isSuppressed(String accountId, String email);
}
