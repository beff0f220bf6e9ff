package io.neuromail.contacts.api;

import java.util.Collection;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The account's suppression list: addresses that must never get marketing mail. It holds
 * unsubscribed, bounced and complained addresses, addresses an operator added by hand, and one-way
 * hashes of erased contacts' addresses.
 */
@ProviderType
public interface Suppressions {

    /** Most addresses one call of {@link #suppressed(String, Collection)} takes. */
    int MAX_BATCH = 1000;

    /** Whether mail to {@code email} must not be sent for this account. */
    boolean isSuppressed(String accountId, String email);

    /**
     * Which of {@code emails} must not be sent to for this account, in one look-up.
     *
     * @param emails at most {@link #MAX_BATCH} addresses; an address that is not valid is never suppressed
     * @return the suppressed addresses exactly as they were given
     * @throws IllegalArgumentException when more than {@link #MAX_BATCH} addresses are given
     */
    Set<String> suppressed(String accountId, Collection<String> emails);
}
